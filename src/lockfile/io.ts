import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { InputError } from '../input-error.js';
import { parseLockfile, serializeLockfile, type Lockfile } from './format.js';

/** Reads the lockfile; undefined when there is none yet. */
export function readLockfile(file: string): Lockfile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('LOCKFILE_INVALID', file, `Cannot read ${file}: ${(error as Error).message}.`, 'Check the file permissions.');
  }
  return parseLockfile(file, text);
}

/**
 * Writes the lockfile atomically (temp file in the same directory, fsync, rename): a crash leaves
 * the old bytes or the new ones, never a torn file. Returns false when the bytes are unchanged.
 */
export function writeLockfile(file: string, lock: Lockfile): boolean {
  const text = serializeLockfile(lock);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  writeFileAtomic.sync(file, text, { encoding: 'utf8', fsync: true });
  return true;
}
