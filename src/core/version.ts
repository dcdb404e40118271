import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own package.json: the nearest one upward named role-registry. Found by walking up,
 * not by a fixed relative path, so the same code works from src/ (tests, tsx) and from dist/.
 */
function ownPackageJson(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'role-registry' && typeof json.version === 'string') return { name: json.name, version: json.version };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`role-registry: no package.json named role-registry above ${fileURLToPath(import.meta.url)}.`);
    dir = parent;
  }
}

const packageJson = ownPackageJson();

/** The package name and version, read from package.json so they are never restated. */
export const PACKAGE_NAME: string = packageJson.name;
export const PACKAGE_VERSION: string = packageJson.version;

export const DOCS_BASE_URL = 'https://github.com/role-registry/role-registry/blob/main/docs';
