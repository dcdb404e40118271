import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { portableRelative } from '../support/portable-path.js';

/** An artifact found on disk inside the project: its real path, and its name in a statement. */
export interface LocatedArtifact {
  readonly file: string;
  /** The real path relative to the real project root, with forward slashes: one name per file. */
  readonly name: string;
}

export interface UnusableArtifact {
  readonly problem: string;
  readonly missing: boolean;
}

/**
 * Finds an artifact for `attest` and `verify --attestation`. Files are judged by their real path,
 * so `a.js`, `./a.js` and a link to it are one subject, and a link (or `..`) that leaves the project
 * is refused before its bytes are read.
 */
export function locateArtifact(realRoot: string, absolute: string): LocatedArtifact | UnusableArtifact {
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`, missing: code === 'ENOENT' };
  }
  if (!real.startsWith(realRoot + path.sep)) {
    const through = real === path.resolve(absolute) ? '' : ` (its real path is ${real})`;
    return { problem: `is outside the project root ${realRoot}${through}; only files of the project are attested`, missing: false };
  }
  if (!statSync(real).isFile()) return { problem: 'is not a regular file', missing: false };
  return { file: real, name: portableRelative(realRoot, real) };
}

export function isUnusable(artifact: LocatedArtifact | UnusableArtifact): artifact is UnusableArtifact {
  return 'problem' in artifact;
}
