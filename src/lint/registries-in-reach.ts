import { existsSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { CONFIG_FILE_NAME } from '../source/config.js';
import { compareCodeUnits } from '../canonical/hashing.js';

/**
 * Every role-registry config a lint started in `directory` can use: the nearest one from there
 * upward, and every one below it (a linted file uses the nearest config from itself upward, and
 * ESLint lints files below its working directory). Dependencies and git's store hold no registry of
 * the project.
 */
export function registriesInReach(directory: string): string[] {
  const found = new Set(
    globSync([`**/${CONFIG_FILE_NAME}`], {
      cwd: directory,
      ignore: ['**/node_modules/**', '**/.git/**'],
      absolute: true,
      onlyFiles: true,
      dot: true,
      expandDirectories: false,
    }).map((file) => path.resolve(file)),
  );
  for (let current = path.resolve(directory); ;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (existsSync(candidate)) {
      found.add(candidate);
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return [...found].sort(compareCodeUnits);
}
