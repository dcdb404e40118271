/**
 * Registry projects on disk for the ESLint tests: real files in a temp directory, a config, and a
 * lockfile written by the engine exactly as `role-registry init`/`lock` write it. The rules read the
 * config, the lockfile and the other registry files from disk, so fixtures must be real files.
 */
import { mkdirSync, readdirSync, symlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempProject } from '../../support/temp-project.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const REPO_MODULES = path.join(REPO, 'node_modules');

/**
 * The shared TempProject with what the ESLint tests add: chainable writes, aged files, links to
 * this repository's packages.
 */
export class Fixture extends TempProject {
  file(relative: string): string {
    return path.join(this.dir, ...relative.split('/'));
  }

  override write(relative: string, text: string): this {
    super.write(relative, text);
    return this;
  }

  override remove(relative: string): this {
    super.remove(relative);
    return this;
  }

  /** Records what the source declares in the lockfile, as `role-registry init` / `lock` do. */
  override lock(): this {
    super.lock();
    return this;
  }

  /**
   * Dates every file of the project an hour back, as in a project saved a while ago. A file saved
   * within the racy window (src/support/file-stamp.ts) is re-read at every sweep, so tests that count reads
   * start from aged files, and make a file racy on purpose where they test that.
   */
  age(): this {
    const past = new Date(Date.now() - 3_600_000);
    const visit = (directory: string): void => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const at = path.join(directory, entry.name);
        if (entry.isDirectory()) visit(at);
        else if (entry.isFile()) utimesSync(at, past, past);
      }
    };
    visit(this.dir);
    return this;
  }

  /** Links packages of this repository into the fixture's node_modules (name → package dir). */
  link(packages: Record<string, string>): this {
    for (const [name, target] of Object.entries(packages)) {
      const at = this.file(`node_modules/${name}`);
      mkdirSync(path.dirname(at), { recursive: true });
      symlinkSync(target, at, 'dir');
    }
    return this;
  }
}

/** A temp project with a role-registry config and the given files (not locked yet). */
export function fixture(files: Record<string, string>, config = '{ "include": ["src/roles/**/*.ts"] }\n'): Fixture {
  return new Fixture(files, { config, prefix: 'rr-eslint-' });
}

/** What a user's project links: this package, ESLint, typescript-eslint and TypeScript. */
export const ESLINT_TOOLS: Record<string, string> = {
  'role-registry': REPO,
  eslint: path.join(REPO_MODULES, 'eslint'),
  'typescript-eslint': path.join(REPO_MODULES, 'typescript-eslint'),
  '@typescript-eslint/parser': path.join(REPO_MODULES, '@typescript-eslint/parser'),
  typescript: path.join(REPO_MODULES, 'typescript'),
};

/** The setup users write: a TypeScript block and the recommended config, nothing else. */
export const USER_ESLINT_CONFIG = `import tseslint from 'typescript-eslint';
import roleRegistry from 'role-registry/eslint';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  roleRegistry.configs.recommended,
];
`;
