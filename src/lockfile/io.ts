import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { assertInsideProject } from '../confinement.js';
import { LOCKFILE_LINK_HINT } from './confined.js';
import { InputError } from '../input-error.js';
import { decodeUtf8, JsonTextError } from '../json-text.js';
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
      throw new InputError('LOCKFILE_INVALID', file, `The lockfile cannot be read: ${error.message}.`, 'Restore the lockfile from git (`git checkout -- <lockfile>`); it is written by the tool as UTF-8.', error.span);
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
 * Writes the lockfile atomically: write-file-atomic writes a temporary file in the same directory,
 * fsyncs it and renames it over the lockfile; we then fsync the directory so that the rename itself
 * survives a power loss. A crash leaves the old bytes or the new ones, never a torn file.
 *
 * Returns false, writing nothing, when the recorded content would not change — even if the bytes
 * on disk differ in form only (CRLF line endings from a Windows checkout, a BOM, another key order):
 * rewriting those would only wake every watcher of the lockfile. When it writes, it writes the
 * canonical bytes (LF, sorted, no BOM).
 */
export function writeLockfile(file: string, lock: Lockfile, root: string = path.dirname(file)): boolean {
  assertInsideProject(file, root, 'The lockfile', LOCKFILE_LINK_HINT);
  const text = serializeLockfile(lock);
  const current = currentText(file);
  if (current === text) return false;
  if (current !== undefined && sameContent(file, current, text)) return false;
  writeFileAtomic.sync(file, text, { encoding: 'utf8', fsync: true });
  fsyncDirectory(path.dirname(file));
  return true;
}

/**
 * write-file-atomic names its temporary files `<lockfile>.<32-bit number>` and removes them on any
 * exit it can see; a SIGKILL or a power loss mid-write leaves one behind. Called while holding the
 * advisory lock, when no other writer can be running, to remove such leftovers. Returns their names.
 */
export function removeAbandonedTempFiles(file: string): string[] {
  const directory = path.dirname(file);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.\\d{1,10}$`);
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => pattern.test(name));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
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

function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
