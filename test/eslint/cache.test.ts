/**
 * `eslint --cache` with the plugin: after every kind of change to a registry, a cached run reports
 * exactly what an uncached run reports (docs/eslint.md#eslint---cache).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG, CREW } from './support/catalog.js';
import { runEslint, type EslintRun } from './support/eslint-run.js';
import { ESLINT_TOOLS, fixture, REPO_MODULES, USER_ESLINT_CONFIG, type Fixture } from './support/fixture.js';

const projects: Fixture[] = [];
afterAll(() => {
  for (const project of projects) project.dispose();
});

const APP = "declare function getRole(id: string): unknown;\ngetRole('producer');\n";
const WRITER = "import { defineRole } from 'role-registry';\n\nexport const writer = defineRole({ role_id: 'writer' });\n";

function userProject(eslint: string): Fixture {
  const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW, 'src/app.ts': APP })
    .link({ ...ESLINT_TOOLS, eslint: path.join(REPO_MODULES, eslint) })
    .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
    .write('eslint.config.js', USER_ESLINT_CONFIG)
    .lock();
  projects.push(project);
  return project;
}

/** Every message, with its text: what a user sees. */
function messages(run: EslintRun): string[] {
  return run.messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`).sort();
}

/** Lints with the cache, then without it, and expects the same answer; returns it. */
async function cachedEqualsUncached(project: Fixture, cacheArgs: readonly string[]): Promise<string[]> {
  const cached = await runEslint(project, [...cacheArgs, '.']);
  const uncached = await runEslint(project, ['.']);
  // ESLint's own advice that two threads are too many for so few files is no error.
  expect(cached.stderr.replace(/^.*(ESLintPoorConcurrencyWarning|--trace-warnings).*\n/gm, '')).toBe('');
  expect(messages(cached)).toEqual(messages(uncached));
  expect(cached.code).toBe(uncached.code);
  return messages(uncached);
}

const STRATEGIES = [
  { eslint: 'eslint', strategy: 'metadata' },
  { eslint: 'eslint', strategy: 'content' },
  { eslint: 'eslint-9', strategy: 'metadata' },
];

for (const { eslint, strategy } of STRATEGIES) {
  describe(`eslint --cache --cache-strategy ${strategy} (${eslint === 'eslint' ? 'ESLint 10' : 'ESLint 9.39'})`, () => {
    const cacheArgs = ['--cache', '--cache-strategy', strategy, '--cache-location', '.cache/eslint'];

    it('follows lockfile-only changes: lock, a reverted lockfile, a hand edit, waive', async () => {
      const project = userProject(eslint);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
      const original = project.read('role-registry.lock.json');

      project.write('src/roles/writer.ts', WRITER);
      const unlocked = await cachedEqualsUncached(project, cacheArgs);
      expect(unlocked.join('\n')).toContain('lockfile-up-to-date');

      expect(project.cli(['lock']).code).toBe(0);
      const withWriter = project.read('role-registry.lock.json');
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);

      // `git checkout <old> -- role-registry.lock.json`: back to the lockfile without writer.
      project.write('role-registry.lock.json', original);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual(unlocked);

      // Writer leaves the source while the lockfile does not hold it, then a hand edit brings its entry back.
      project.remove('src/roles/writer.ts');
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
      project.write('role-registry.lock.json', withWriter);
      const removed = await cachedEqualsUncached(project, cacheArgs);
      expect(removed.join('\n')).toContain('Role `writer` is in the lockfile but no longer declared');

      expect(project.cli(['waive', 'ROLE_REMOVED', 'writer', '--reason', 'retired before release']).code).toBe(0);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
    });

    it('follows a deleted registry file, and a role moved without lock then deleted', async () => {
      const project = userProject(eslint);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);

      project.remove('src/roles/crew.ts');
      const deleted = await cachedEqualsUncached(project, cacheArgs);
      expect(deleted.join('\n')).toContain('Role `editor` is in the lockfile but no longer declared');

      project.write('src/roles/crew.ts', CREW);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);

      // editor moves to stage.ts without `lock` (the lockfile still says crew.ts), then is deleted there.
      project.write('src/roles/crew.ts', "export const crew = 'moved';\n");
      project.write('src/roles/stage.ts', CREW);
      expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
      project.write('src/roles/stage.ts', "export const stage = 'empty';\n");
      const gone = await cachedEqualsUncached(project, cacheArgs);
      expect(gone.join('\n')).toContain('Role `editor` is in the lockfile but no longer declared');
    });
  });
}

describe('eslint --cache with worker threads', () => {
  it('--concurrency 2 keeps cached results exact', async () => {
    const project = userProject('eslint');
    const cacheArgs = ['--cache', '--cache-location', '.cache/eslint', '--concurrency', '2'];
    expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
    project.remove('src/roles/crew.ts');
    const deleted = await cachedEqualsUncached(project, cacheArgs);
    expect(deleted.join('\n')).toContain('Role `editor` is in the lockfile but no longer declared');
    project.write('src/roles/crew.ts', CREW);
    expect(await cachedEqualsUncached(project, cacheArgs)).toEqual([]);
  });
});
