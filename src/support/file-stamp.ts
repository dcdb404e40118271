import { statSync } from 'node:fs';
import { noteFileSystem } from './probe.js';

/**
 * A file's stamp: what tells, with one `stat` and no read, whether a file may have changed since it
 * was read. Long-lived processes (an editor's ESLint, a watch build) keep what they derived from a
 * file (facts, a parsed lockfile, a Registry for a config) and re-read only files whose stamp says so.
 *
 * A stamp is not trusted for a file modified within the timestamp granularity of the file system
 * (up to 2 s on FAT, 1 s on ext3/HFS+): it could change again, with the same size, without changing
 * its mtime. Such a file is "racy" (as git calls it): it is re-read at every check and its text
 * compared with what was read, until its mtime is old enough for the stamp to be trusted. Callers
 * re-derive only when the text differs, so a racy file costs a read, never a re-parse.
 */
export type FileStamp = string;

/** The stamp of a file that does not exist (or cannot be stat'ed). */
export const MISSING_STAMP: FileStamp = 'missing';

/** Files modified this recently cannot be judged by their stamp. */
const RACY_WINDOW_MS = 2_000;

const RACY_STAMP: FileStamp = 'racy';

export function stampOf(file: string): FileStamp {
  noteFileSystem('stat', file);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return MISSING_STAMP;
  }
  return Date.now() - stat.mtimeMs < RACY_WINDOW_MS ? RACY_STAMP : `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
}

/** True when a file read under stamp `known` must be read again: its stamp changed, or cannot be trusted. */
export function mayHaveChanged(known: FileStamp | undefined, current: FileStamp): boolean {
  return known !== current || current === RACY_STAMP;
}
