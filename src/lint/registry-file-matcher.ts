import path from 'node:path';
import picomatch from 'picomatch';
import type { RegistryConfig } from '../source/config.js';
import { portableRelative } from '../support/portable-path.js';
import { ALWAYS_IGNORED } from '../source/workspace.js';

/**
 * Decides whether one path is a registry file by the config's globs, without touching the disk.
 * A lint session uses it to notice a registry file it has not globbed yet (a file created since the
 * last sweep, or an editor buffer not saved yet). It matches the way the workspace's glob
 * (tinyglobby) does: POSIX paths relative to the config's directory, no dotfiles, `!` includes
 * acting as excludes.
 */
export function registryFileMatcher(config: RegistryConfig): (file: string) => boolean {
  const options = { dot: false, posix: true };
  const positive = config.include.filter((glob) => !isNegated(glob)).map(normalizeGlob);
  const negative = [
    ...config.include.filter(isNegated).map((glob) => normalizeGlob(glob.slice(1))),
    ...config.exclude.map(normalizeGlob),
    ...ALWAYS_IGNORED,
  ];
  const included = picomatch(positive, options);
  const excluded = picomatch(negative, options);
  return (file) => {
    const relative = portableRelative(config.root, file);
    if (relative === '' || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return false;
    return included(relative) && !excluded(relative);
  };
}

function isNegated(glob: string): boolean {
  return glob.startsWith('!') && !glob.startsWith('!(');
}

function normalizeGlob(glob: string): string {
  const trimmed = glob.endsWith('/') ? glob.slice(0, -1) : glob;
  return path.posix.normalize(trimmed);
}
