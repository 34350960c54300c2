/**
 * What the command line promises its callers: the exit codes, the usage error, and the value
 * parsers the commands share. Unknown options are errors, so a typo never silently changes what
 * runs against an account.
 */
import { InvalidArgumentError } from 'commander';

/** The documented exit codes. */
export const ExitCode = {
  /** The job is done. */
  done: 0,
  /** The job failed (an environment or the role ended badly). */
  failed: 1,
  /** The command line, the plan or state file, a path or a port is wrong; nothing was sent to AWS. */
  usage: 2,
  /** Something still uses the role (teardown, delete-role, blockers, status). */
  blocked: 3,
  /** Interrupted by SIGINT or SIGTERM; the state file (if any) holds the run for a resume. */
  interrupted: 130,
  /** Whoever read standard output went away (`| head`): stopped at once, quietly, like SIGPIPE. */
  brokenPipe: 141,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage mistake (arguments, files, paths, ports): reported on stderr, exit code 2, before any AWS call. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses a comma-separated list, dropping blanks. */
export function parseList(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A parser for a number within bounds, for commander's `argParser`. */
export function numberIn(bounds: { min: number; max: number; integer?: boolean }): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max || (bounds.integer === true && !Number.isInteger(value))) {
      throw new InvalidArgumentError(`must be ${bounds.integer ? 'a whole number' : 'a number'} from ${bounds.min} to ${bounds.max}`);
    }
    return value;
  };
}

/** A parser for one of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T {
  return (raw) => {
    if (!(choices as readonly string[]).includes(raw)) throw new InvalidArgumentError(`must be one of ${choices.join(', ')}`);
    return raw as T;
  };
}
