#!/usr/bin/env node
/**
 * The `mwaa-lifecycle` command: run the lifecycle on the built-in simulator (`demo`), drive a real
 * account from a plan file (`apply`, `teardown`, `delete-role`, or any of them with `--simulate`),
 * read where things stand (`status`, `blockers`), and print the least-privilege policy (`policy`).
 * Results go to stdout, diagnostics to stderr; the exit codes are those of {@link ExitCode}.
 */
import { CommanderError } from 'commander';
import { ExitCode, UsageError, type ExitCodeValue } from './args';
import { memoryIo, processIo, type Io } from './io';
import { PlanFileError } from './planFile';
import { buildProgram } from './program';

export { ExitCode } from './args';

/** The exit code for a commander parsing outcome: help and version are not errors, everything else is usage. */
function commanderCode(e: CommanderError): ExitCodeValue {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.done;
  if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.done : ExitCode.usage;
  return ExitCode.usage;
}

/**
 * Runs the CLI with `argv` (without node and script) on `io` and returns the exit code. A plain
 * `(line) => void` writes both streams to one place, as older callers expect.
 */
export async function main(argv: string[], io: Io | ((line: string) => void) = processIo(new AbortController().signal)): Promise<ExitCodeValue> {
  const terminal: Io = typeof io === 'function' ? { ...memoryIo(), out: io, err: io } : io;
  let code: ExitCodeValue = ExitCode.done;
  const program = buildProgram(terminal, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return commanderCode(e);
    if (e instanceof UsageError || e instanceof PlanFileError || e instanceof RangeError) {
      terminal.err(`error: ${e.message}`);
      return ExitCode.usage;
    }
    terminal.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return ExitCode.failed;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  // The first signal stops the run (its state is saved on every step); a second one leaves at once.
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), processIo(controller.signal)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(ExitCode.failed);
    },
  );
}
