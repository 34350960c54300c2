/**
 * Writing a file a command produces (`--out`): atomically, never through a symbolic link, and a
 * path that cannot be written is a usage error that says why.
 */
import { UsageError } from './args';
import { fileProblem } from './preflight';
import { UnsafePathError, writeFileSafely } from './safeWrite';

/** Writes `text` to `path`, or throws a {@link UsageError} naming `what` and the reason. */
export function writeOutputFile(path: string, text: string, what: string): void {
  try {
    writeFileSafely(path, text);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new UsageError(e.message);
    throw new UsageError(`cannot write ${what} ${path}: ${fileProblem(e)}`);
  }
}
