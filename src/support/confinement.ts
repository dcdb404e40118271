import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/input-error.js';

/**
 * The one check between role-registry and any path it is about to read, write, create or delete:
 * once every symbolic link is resolved (the file itself, a parent directory, `--out` through a
 * linked folder), the path must still be inside the project root. A path that does not exist yet
 * is judged by the real path of its nearest existing ancestor, since that is where it would be
 * created. Refuses before anything is touched, with a PATH_OUTSIDE_PROJECT error naming the path.
 *
 * `what` names the path for the user ("The lockfile", "--out", …); `hint` says what to do instead.
 */
export function assertInsideProject(
  target: string,
  root: string,
  what: string,
  hint = 'Use a path inside the project, none of whose directories is a link to elsewhere.',
): void {
  const absolute = path.resolve(target);
  const real = realPathOf(absolute);
  if (isInside(real, realPathOf(path.resolve(root)))) return;
  const where = real === absolute ? 'is outside' : `leads through a symbolic link to ${real}, outside`;
  throw new InputError(
    'PATH_OUTSIDE_PROJECT',
    absolute,
    `${what} ${absolute} ${where} the project root ${root}; role-registry reads, writes and deletes nothing outside the project.`,
    hint,
  );
}

/** Whether `file` (a real path) is `realRoot` or below it. */
export function isInside(file: string, realRoot: string): boolean {
  return file === realRoot || file.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/** How many dangling links in a row are followed before giving up (a loop of links). */
const MAX_DANGLING_LINKS = 32;

/**
 * The real path `file` stands for: its own real path when it exists (a link followed to its
 * target), else the real path of its nearest existing ancestor joined with the missing rest.
 */
export function realPathOf(file: string, danglingLinks = 0): string {
  const missing: string[] = [];
  let current = file;
  for (;;) {
    if (exists(current)) {
      const real = realOrDangling(current, danglingLinks);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    }
    const parent = path.dirname(current);
    if (parent === current) return file;
    missing.push(path.basename(current));
    current = parent;
  }
}

function realOrDangling(existing: string, danglingLinks: number): string {
  try {
    return realpathSync.native(existing);
  } catch {
    // A dangling link: a write through it creates its target, so the target is where it lands.
    if (danglingLinks >= MAX_DANGLING_LINKS) return existing;
    try {
      return realPathOf(path.resolve(path.dirname(existing), readlinkSync(existing)), danglingLinks + 1);
    } catch {
      return existing;
    }
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
