import { lstatSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { isTempFileOf, tempFileWriter, writeFilesAtomically, type FileWrite } from '../support/atomic-file.js';
import { assertInsideProject } from '../support/confinement.js';
import { advisoryLockPath } from './advisory-lock.js';
import { LOCKFILE_LINK_HINT } from './confined.js';
import { InputError } from '../core/input-error.js';
import { decodeUtf8, JsonTextError } from '../support/json-text.js';
import { parseLockfile, serializeLockfile, type Lockfile } from './format.js';

/**
 * The lockfile's text, or undefined when there is none yet. Bytes are decoded strictly (invalid
 * UTF-8 is an error, not U+FFFD); a lockfile whose real path is outside the project root (itself a
 * link, or under a linked directory) is refused, since `lock` would otherwise read and overwrite a
 * file the project does not own.
 */
export function readLockfileText(file: string, root: string): string | undefined {
  let bytes: Buffer;
  try {
    assertInsideProject(file, root, 'The lockfile', LOCKFILE_LINK_HINT);
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('LOCKFILE_INVALID', file, `Cannot read the lockfile: ${(error as Error).message}.`, 'Check the file permissions.');
  }
  try {
    return decodeUtf8(file, bytes);
  } catch (error) {
    if (error instanceof JsonTextError) {
      throw new InputError(
        'LOCKFILE_INVALID',
        file,
        `The lockfile cannot be read: ${error.message}.`,
        'Restore the lockfile from git (`git checkout -- <lockfile>`); it is written by the tool as UTF-8.',
        error.span,
      );
    }
    throw error;
  }
}

/** Reads and validates the lockfile; undefined when there is none yet. */
export function readLockfile(file: string, root: string = path.dirname(file)): Lockfile | undefined {
  const text = readLockfileText(file, root);
  return text === undefined ? undefined : parseLockfile(file, text);
}

/**
 * Writes the lockfile atomically (src/support/atomic-file.ts): every byte in a temporary file of the same
 * directory, fsynced and size-checked, then renamed over the lockfile and the directory fsynced. A
 * crash leaves the old bytes or the new ones, never a torn file; a full disk is a WRITE_FAILED error
 * with the old bytes intact.
 *
 * Returns false, writing nothing, when the recorded content would not change — even if the bytes
 * on disk differ in form only (CRLF line endings from a Windows checkout, a BOM, another key order):
 * rewriting those would only wake every watcher of the lockfile. When it writes, it writes the
 * canonical bytes (LF, sorted, no BOM).
 */
export function writeLockfile(file: string, lock: Lockfile, root: string = path.dirname(file)): boolean {
  const write = lockfileWrite(file, lock, root);
  if (!write) return false;
  writeFilesAtomically([write]);
  return true;
}

/** The write `writeLockfile` would make, to make it part of a larger change; undefined when unchanged. */
export function lockfileWrite(
  file: string,
  lock: Lockfile,
  root: string = path.dirname(file),
  mode: FileWrite['mode'] = 'replace',
): FileWrite | undefined {
  assertInsideProject(file, root, 'The lockfile', LOCKFILE_LINK_HINT);
  const text = serializeLockfile(lock);
  const current = currentText(file);
  if (current === text) return undefined;
  if (current !== undefined && sameContent(file, current, text)) return undefined;
  return { file, bytes: text, mode };
}

/**
 * A SIGKILL or a power loss between creating a temporary file and renaming it leaves the temporary
 * file behind. Called while holding the advisory lock, when no other writer can be running, to
 * remove such leftovers of the lockfile and of its advisory lock. Returns their names.
 *
 * Only names this tool gives its temporary files are removed (`.<lockfile>.role-registry-<pid>-<hex>.tmp`).
 * Releases before it wrote with write-file-atomic, whose temporary files are `<lockfile>.<number>`:
 * those are not removed any more, because a user's dated backup (`role-registry.lock.json.20240101`)
 * has the same form; a leftover of that kind is harmless and the user may delete it.
 */
export function removeAbandonedTempFiles(file: string): string[] {
  const directory = path.dirname(file);
  const ours = [path.basename(file), path.basename(advisoryLockPath(file))];
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => ours.some((basename) => isTempFileOf(name, basename)));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    // A writer that is still running owns its file: a process waiting for the advisory lock writes
    // its holder record into a temporary file before linking it into place.
    if (mayStillBeWriting(tempFileWriter(name))) continue;
    const candidate = path.join(directory, name);
    try {
      if (!lstatSync(candidate).isFile()) continue;
      unlinkSync(candidate);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

function mayStillBeWriting(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function currentText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function sameContent(file: string, current: string, canonical: string): boolean {
  try {
    return serializeLockfile(parseLockfile(file, current)) === canonical;
  } catch {
    return false;
  }
}
