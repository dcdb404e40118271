import path from 'node:path';
import { assertInsideProject } from '../support/confinement.js';
import { advisoryLockPath } from './advisory-lock.js';

/** What to do when the lockfile, or a directory above it, is a link to outside the project. */
export const LOCKFILE_LINK_HINT =
  'Replace the link with the real lockfile or directory (`git checkout -- <lockfile>` restores a committed lockfile), or set "lockfile" to a path inside the project.';

/**
 * Before a command takes the advisory lock: every path a lockfile writer touches stays inside the
 * project. The directory holds the temporary files of the atomic write (and their cleanup), the
 * advisory lock file may itself be a planted link; checking them first means a refusal leaves
 * nothing behind, not even a lock file.
 */
export function assertLockfileWritable(lockfile: string, root: string): void {
  assertInsideProject(path.dirname(lockfile), root, "The lockfile's directory", LOCKFILE_LINK_HINT);
  assertInsideProject(lockfile, root, 'The lockfile', LOCKFILE_LINK_HINT);
  assertInsideProject(
    advisoryLockPath(lockfile),
    root,
    'The advisory lock file',
    `Delete the link ${advisoryLockPath(lockfile)}: role-registry creates that file itself while it writes the lockfile.`,
  );
}
