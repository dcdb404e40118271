import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/input-error.js';

/**
 * The one way role-registry puts a file on disk: complete or not at all, a full disk included.
 *
 * Each file is first written to a temporary file in its own directory, named unmistakably
 * (`.<name>.role-registry-<pid>-<random>.tmp`): every byte written (a write the file system accepts
 * only in part is continued, so a nearly full disk ends in ENOSPC rather than a cut-off file),
 * fsynced, its size re-checked. Only then is it renamed over the target (or linked, for a file that
 * must not exist yet), and the directory fsynced. On any error every temporary file is removed, the
 * files already put in place are put back, and the error is a WRITE_FAILED InputError naming the
 * file and what to do: the CLI exits 2 with one sentence, the previous bytes intact.
 */

export interface FileWrite {
  readonly file: string;
  readonly bytes: string | Uint8Array;
  /** `replace` (default) overwrites an existing file; `create` fails if the file exists. */
  readonly mode?: 'replace' | 'create';
}

/** Whether `name` is a temporary file this tool creates for a file named `basename` (see tempFileName). */
export function isTempFileOf(name: string, basename: string): boolean {
  const prefix = `.${basename}.role-registry-`;
  return name.startsWith(prefix) && /^\d+-[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
}

/** The process that created one of our temporary files, from its name (see `isTempFileOf`). */
export function tempFileWriter(name: string): number | undefined {
  const match = /\.role-registry-(\d+)-[0-9a-f]{12}\.tmp$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function tempFileName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.role-registry-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes one file atomically (see the module comment). */
export function writeFileAtomically(file: string, bytes: string | Uint8Array, options: { createDirectory?: boolean } = {}): void {
  writeFilesAtomically([{ file, bytes }], options);
}

/**
 * Writes several files as one change: every file is staged in full before any is put in place, and
 * if putting one in place fails, those already put in place get their previous bytes back. Files
 * are put in place in the order given (the lockfile last: until it is written, nothing is published).
 */
export function writeFilesAtomically(writes: readonly FileWrite[], options: { createDirectory?: boolean } = {}): void {
  const staged: Staged[] = [];
  const committed: Committed[] = [];
  const createdDirectories: string[] = [];
  let failing: FileWrite | undefined;
  try {
    for (const requested of writes) {
      failing = requested;
      const write = throughLink(requested);
      failing = write;
      if (options.createDirectory) createdDirectories.push(...createDirectory(path.dirname(write.file)));
      staged.push(stage(write));
    }
    for (const entry of staged) {
      failing = entry.write;
      committed.push(commit(entry, staged.length > 1));
    }
  } catch (error) {
    for (const entry of staged) removeQuietly(entry.temp);
    for (const done of committed.reverse()) undo(done);
    for (const directory of createdDirectories.reverse()) removeDirectoryQuietly(directory);
    throw writeFailure(failing?.file ?? '.', failing?.mode ?? 'replace', error);
  }
  for (const done of committed) if (done.backup) removeQuietly(done.backup);
  for (const directory of new Set(staged.map((entry) => path.dirname(entry.write.file)))) fsyncDirectory(directory);
}

/**
 * Creates `file` with `bytes` unless it exists (then returns false): the file appears with all its
 * bytes at once (a complete temporary file hard-linked into place), never empty or cut off, so a
 * reader never mistakes a file being written for an abandoned one. Where the file system has no
 * hard links, it is created with O_EXCL and written, and removed again if writing fails. Throws the
 * file system's error, for the caller to word (describeWriteError): nothing is left behind.
 */
export function createFileUnlessExists(file: string, bytes: string | Uint8Array): boolean {
  let staged: Staged | undefined;
  try {
    staged = stage({ file, bytes, mode: 'create' });
    linkSync(staged.temp, file);
  } catch (error) {
    if (staged) removeQuietly(staged.temp);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (staged && code !== undefined && NO_HARD_LINKS.has(code)) return createExclusively(file, bytes);
    throw error;
  }
  removeQuietly(staged.temp);
  return true;
}

/** What link(2) answers on a file system without hard links (FAT, some network and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function createExclusively(file: string, bytes: string | Uint8Array): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeAll(fd, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
    fsyncSync(fd);
  } catch (error) {
    closeQuietly(fd);
    removeQuietly(file);
    throw error;
  }
  closeSync(fd);
  return true;
}

interface Staged {
  readonly write: FileWrite;
  readonly temp: string;
}

interface Committed {
  readonly write: FileWrite;
  /** A hard link to the previous file, to put back if a later file of the change fails. */
  readonly backup: string | undefined;
}

/** A shortfall the file system did not report as an error (it reported success for fewer bytes). */
class IncompleteWrite extends Error {
  readonly code = 'ENOSPC';

  constructor(written: number, expected: number) {
    super(`the file system kept ${written} of ${expected} bytes`);
  }
}

/**
 * A file that is a symbolic link is written where it points, as an editor does: renaming over the
 * link would replace it with a copy. (Whether the link may be followed at all, e.g. out of the
 * project, is judged by the caller before it writes.)
 */
function throughLink(write: FileWrite): FileWrite {
  if (write.mode === 'create') return write;
  try {
    if (!lstatSync(write.file).isSymbolicLink()) return write;
    return { ...write, file: realpathSync(write.file) };
  } catch {
    return write;
  }
}

function stage(write: FileWrite): Staged {
  const bytes = typeof write.bytes === 'string' ? Buffer.from(write.bytes, 'utf8') : write.bytes;
  const temp = tempFileName(write.file);
  const fd = openSync(temp, 'wx', 0o644);
  const entry = { write, temp };
  try {
    if (write.mode !== 'create') keepOwnership(fd, write.file);
    writeAll(fd, bytes);
    fsyncSync(fd);
    const size = fstatSync(fd).size;
    if (size !== bytes.byteLength) throw new IncompleteWrite(size, bytes.byteLength);
  } catch (error) {
    closeQuietly(fd);
    removeQuietly(temp);
    throw error;
  }
  closeSync(fd);
  return entry;
}

/** A replaced file keeps its permissions (an executable or private file stays so) and, as root, its owner. */
function keepOwnership(fd: number, file: string): void {
  let previous;
  try {
    previous = statSync(file);
  } catch {
    return; // A new file: the default mode and owner.
  }
  fchmodSync(fd, previous.mode & 0o7777);
  if (process.getuid?.() === 0) {
    try {
      fchownSync(fd, previous.uid, previous.gid);
    } catch {
      // Some file systems (FAT, some network mounts) have no owners.
    }
  }
}

/** write(2) may accept fewer bytes than asked (a nearly full disk): continue until all are written. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const written = writeSync(fd, bytes, offset, bytes.byteLength - offset);
    if (written <= 0) throw new IncompleteWrite(offset, bytes.byteLength);
    offset += written;
  }
}

function commit(entry: Staged, keepBackup: boolean): Committed {
  if (entry.write.mode === 'create') {
    // link(2) fails with EEXIST instead of overwriting: a file that appeared meanwhile is kept.
    linkSync(entry.temp, entry.write.file);
    removeQuietly(entry.temp);
    return { write: entry.write, backup: undefined };
  }
  const backup = keepBackup ? backupOf(entry.write.file) : undefined;
  try {
    renameSync(entry.temp, entry.write.file);
  } catch (error) {
    if (backup) removeQuietly(backup);
    throw error;
  }
  return { write: entry.write, backup };
}

function backupOf(file: string): string | undefined {
  const backup = tempFileName(file);
  try {
    linkSync(file, backup);
    return backup;
  } catch {
    // No previous file, or no hard links here: nothing to put back.
    return undefined;
  }
}

function undo(done: Committed): void {
  try {
    if (done.backup) renameSync(done.backup, done.write.file);
    else if (done.write.mode === 'create') unlinkSync(done.write.file);
  } catch {
    // Best effort: the error reported names the file that failed.
  }
}

/** Creates the missing directories of `directory`; returns them, outermost first. */
function createDirectory(directory: string): string[] {
  const first = mkdirSync(directory, { recursive: true });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let at = directory; ; at = path.dirname(at)) {
    created.unshift(at);
    if (at === first || path.dirname(at) === at) break;
  }
  return created;
}

function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function removeDirectoryQuietly(directory: string): void {
  try {
    rmdirSync(directory);
  } catch {
    // Not empty (someone else wrote there) or gone.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closing after a failed write can report the same error again.
  }
}

/** The located error for a write that failed: what happened, and what to do next. */
export function writeFailure(file: string, mode: 'replace' | 'create', error: unknown): InputError {
  if (error instanceof InputError) return error;
  // Absolute: "the disk that holds ." helps nobody (git passes the merge driver relative paths).
  const directory = path.dirname(path.resolve(file));
  const outcome = mode === 'create' ? 'nothing was written' : 'the file was left as it was';
  const { reason, hint } = describeWriteError(error, directory);
  return new InputError('WRITE_FAILED', file, `Cannot write ${path.basename(file)}: ${reason}; ${outcome}.`, hint);
}

/** Why a write into `directory` failed, in words, and what the user does about it. */
export function describeWriteError(error: unknown, directory: string): { reason: string; hint: string } {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return {
        reason:
          error instanceof IncompleteWrite ? `${error.message} (no space left on the device)` : 'no space left on the device (ENOSPC)',
        hint: `Free some space on the disk that holds ${directory} and run the command again.`,
      };
    case 'EDQUOT':
      return {
        reason: 'the disk quota is exhausted (EDQUOT)',
        hint: `Free some space within your quota on the disk that holds ${directory} (or raise the quota) and run the command again.`,
      };
    case 'EFBIG':
      return {
        reason: 'the file is larger than the file system or a limit allows (EFBIG)',
        hint: `Raise the file size limit (ulimit -f) for ${directory} and run the command again.`,
      };
    case 'EACCES':
    case 'EPERM':
      return { reason: `permission denied (${code})`, hint: `Make ${directory} writable for this user and run the command again.` };
    case 'EROFS':
      return {
        reason: 'the file system is read-only (EROFS)',
        hint: `Run the command where ${directory} is writable (remount it read-write).`,
      };
    case 'EEXIST':
      return {
        reason: 'the file appeared while it was being written (EEXIST)',
        hint: 'Another process created it; check what it is and run the command again.',
      };
    case 'EIO':
      return {
        reason: 'an input/output error of the disk (EIO)',
        hint: `Check the disk that holds ${directory} (the system log says more) and run the command again.`,
      };
    case 'ENOENT':
    case 'ENOTDIR':
      return { reason: `its directory does not exist (${code})`, hint: `Create ${directory} and run the command again.` };
    default:
      return {
        reason: `${(error as Error).message ?? String(error)}`,
        hint: `Fix the cause and run the command again; nothing else was changed.`,
      };
  }
}
