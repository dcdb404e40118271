import path from 'node:path';

/**
 * `file` relative to `from`, with forward slashes whatever the OS: how reports, lockfile hints and
 * attestations name files, so that the same project gives the same bytes on Windows and POSIX.
 */
export function portableRelative(from: string, file: string): string {
  return path.relative(from, file).split(path.sep).join('/');
}
