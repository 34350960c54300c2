/**
 * Checks every local resource a run needs (files it writes, the inspector's port) before the
 * first AWS call, so a typo in a path never surfaces after CreateEnvironment was already sent.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { UsageError } from './args';
import { assertWritablePath } from './safeWrite';

/** Why a file could not be opened, in words. */
export const fileProblem = (e: unknown): string => {
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'ENOENT') return 'its folder does not exist';
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'EISDIR') return 'it is a directory';
  if (error.code === 'ENOTDIR') return 'a part of its path is not a folder';
  return error.message;
};

/** Throws a {@link UsageError} naming `path` unless a file can be written there (it is created if absent, left as is otherwise). */
export function checkWritableFile(path: string, what: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // A link (dangling or not) is refused before anything is opened, so its target is never created or touched.
    assertWritablePath(path);
    closeSync(openSync(path, 'a'));
  } catch (e) {
    throw new UsageError(`cannot write ${what} ${path}: ${fileProblem(e)}`);
  }
}

/** Throws a {@link UsageError} unless `port` can be listened on. */
export async function checkPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(new UsageError(`cannot use port ${port} for ${what}: ${e.code === 'EADDRINUSE' ? 'it is already in use' : e.message}`));
    });
    server.listen(port, () => server.close(() => resolve()));
  });
}
