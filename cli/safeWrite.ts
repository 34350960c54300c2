/**
 * Writing files the tool owns (state, lock, logs) without following links someone planted:
 * every file is created owner-only (0600), and a symbolic link at the target path is refused.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, createWriteStream, fchmodSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The mode of every file the tool writes: read and write for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** A path the tool refuses to write: a symbolic link, or something other than a regular file. */
export class UnsafePathError extends Error {
  /** The refused path. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`refusing to write ${path}: ${reason}`);
    this.name = 'UnsafePathError';
    this.path = path;
  }
}

/** Throws {@link UnsafePathError} when `path` is a symbolic link or exists but is no regular file. */
export function assertWritablePath(path: string): void {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (stats.isSymbolicLink()) throw new UnsafePathError(path, 'it is a symbolic link');
  if (!stats.isFile()) throw new UnsafePathError(path, 'it is not a regular file');
}

const { O_CREAT, O_EXCL, O_WRONLY, O_TRUNC, O_NOFOLLOW } = constants;

/** Reads `ELOOP` from `O_NOFOLLOW` as the symbolic link it means. */
function openNoFollow(path: string, flags: number): number {
  try {
    return openSync(path, flags | O_NOFOLLOW, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafePathError(path, 'it is a symbolic link');
    throw e;
  }
}

/**
 * Replaces `path` with `data` atomically: a fresh temporary file (exclusive create, no link
 * followed, mode 0600) in the same folder is written, flushed to disk and renamed over `path`.
 * A symbolic link at `path` is refused and left as it is.
 */
export function writeFileSafely(path: string, data: string | Uint8Array): void {
  assertWritablePath(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openNoFollow(temp, O_CREAT | O_EXCL | O_WRONLY);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    // Checked again just before the rename: rename replaces a link rather than following it,
    // but a link planted meanwhile is still refused so the caller hears about it.
    assertWritablePath(path);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/**
 * Creates `path` exclusively (fails with `EEXIST` when anything, a link included, is there),
 * mode 0600, and writes `data`; for lock files, where existence is the signal.
 */
export function createFileExclusively(path: string, data: string): void {
  const fd = openNoFollow(path, O_CREAT | O_EXCL | O_WRONLY);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens `path` for writing from the start (created or set to 0600, truncated), refusing a symbolic link; returns a stream on the opened descriptor.
 */
export function openLogSafely(path: string): WriteStream {
  assertWritablePath(path);
  const fd = openNoFollow(path, O_CREAT | O_WRONLY | O_TRUNC);
  // A file that already existed keeps its mode on open; make it owner-only like a new one.
  fchmodSync(fd, PRIVATE_FILE_MODE);
  return createWriteStream('', { fd, autoClose: true });
}
