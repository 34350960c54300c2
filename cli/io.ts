/**
 * Where the command line writes: results on stdout, diagnostics on stderr, and on a terminal a
 * live status block that redraws in place under the timeline. A reader that goes away (`| head`)
 * ends the process quietly instead of with a stack trace.
 */
import { ExitCode } from './args';

/** The command's view of its terminal. */
export interface Io {
  /** A result line (timeline, summary, JSON event) on stdout. */
  out(line: string): void;
  /** A diagnostic line (usage, warnings, errors) on stderr. */
  err(line: string): void;
  /** On a terminal: replaces the live status block under the timeline (an empty list removes it). Absent in a pipe. */
  status?(lines: string[]): void;
  /** The environment variables the command may read (`AWS_ENDPOINT_URL`, ...). */
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT or SIGTERM. */
  signal: AbortSignal;
}

/** Erases `count` lines above the cursor. */
const erase = (count: number): string => (count > 0 ? `\x1b[${count}A\x1b[J` : '');

/**
 * The process's own stdout and stderr. When stdout's reader is gone (EPIPE), `onBrokenPipe` runs
 * once (by default the process exits with {@link ExitCode.brokenPipe}) and later writes are dropped.
 */
export function processIo(signal: AbortSignal, onBrokenPipe: () => void = () => process.exit(ExitCode.brokenPipe)): Io {
  let broken = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (!broken) {
      broken = true;
      onBrokenPipe();
    }
  });
  const write = (text: string): void => {
    if (!broken) process.stdout.write(text);
  };
  let drawn: string[] = [];
  const io: Io = {
    out: (line) => {
      if (drawn.length === 0) return write(`${line}\n`);
      // The timeline goes above the live block, which is drawn again under it.
      write(`${erase(drawn.length)}${line}\n${drawn.join('\n')}\n`);
    },
    err: (line) => {
      process.stderr.write(`${line}\n`);
    },
    env: process.env,
    signal,
  };
  if (process.stdout.isTTY) {
    io.status = (lines) => {
      // One screen row per line, so the block can be erased by counting rows.
      const width = Math.max(20, (process.stdout.columns || 80) - 1);
      const rows = lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
      write(`${erase(drawn.length)}${rows.map((l) => `${l}\n`).join('')}`);
      drawn = rows;
    };
  }
  return io;
}

/** An in-memory terminal, for tests and embedding: every line kept, stdout and stderr apart. */
export function memoryIo(options: { env?: Record<string, string | undefined>; signal?: AbortSignal } = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    env: options.env ?? {},
    signal: options.signal ?? new AbortController().signal,
  };
}
