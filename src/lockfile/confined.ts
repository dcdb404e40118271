import path from 'node:path';
import { assertInsideProject } from '../confinement.js';
import { advisoryLockPath } from './advisory-lock.js';

/**
 * Before a command takes the advisory lock: every path a lockfile writer touches stays inside the
 * project. The directory holds the temporary files of the atomic write (and their cleanup), the
 * advisory lock file may itself be a planted link; checking them first means a refusal leaves
 * nothing behind, not even a lock file.
 */
export function assertLockfileWritable(lockfile: string, root: string): void {
  assertInsideProject(path.dirname(lockfile), root, 'The lockfile\'s directory');
  assertInsideProject(lockfile, root, 'The lockfile');
  assertInsideProject(advisoryLockPath(lockfile), root, 'The advisory lock file');
}
