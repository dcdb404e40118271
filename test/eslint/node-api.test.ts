/**
 * The ESLint Node API in one long-lived process, as an editor integration uses it: one ESLint
 * instance, `lintText` with unsaved buffers, and files changed, added and deleted on disk between
 * calls. Each call must see the disk as it is then, and the buffer for the file being linted.
 */
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG, CREW } from './support/catalog.js';
import { ESLINT_TOOLS, fixture, USER_ESLINT_CONFIG } from './support/fixture.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW })
  .link(ESLINT_TOOLS)
  .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
  .write('eslint.config.js', USER_ESLINT_CONFIG)
  .lock();
afterAll(() => project.dispose());

const eslint = new ESLint({ cwd: project.dir });

/** Lints `text` as the buffer of `relative`; returns `line:column rule messageId` per message. */
async function lint(relative: string, text = project.read(relative)): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: project.file(relative) });
  return result!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`);
}

const EXTRA = "import { defineRole } from 'role-registry';\n\nexport const again = defineRole({ role_id: 'editor' });\n";
const CREW_WITH_GAFFER = `${CREW}export const gaffer = defineRole({ role_id: 'gaffer' });\n`;

/** Longer than the session's idle window (250 ms by default, docs/eslint.md#when-the-disk-is-read). */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));

describe('lintText in one process', () => {
  it('shows a deletion made only in the buffer, in that file; other files see the disk', async () => {
    expect(await lint('src/roles/catalog.ts')).toEqual([]);
    expect(await lint('src/roles/catalog.ts', CATALOG.slice(0, CATALOG.indexOf('export const director')))).toEqual([
      '1:1 role-registry/no-removed-role ROLE_REMOVED',
    ]);
    expect(await lint('src/roles/crew.ts')).toEqual([]);
    expect(await lint('src/roles/catalog.ts')).toEqual([]);
  });

  it('sees a file added on disk at once', async () => {
    project.write('src/roles/extra.ts', EXTRA);
    expect(await lint('src/roles/extra.ts')).toEqual(['3:44 role-registry/no-reused-id ROLE_ID_DUPLICATE']);
    // The duplicate is reported in extra.ts only.
    expect(await lint('src/roles/crew.ts')).toEqual([]);
  });

  it('sees files edited and deleted on disk when a file is linted again', async () => {
    // crew.ts (linted just before) drops editor for grip and gains gaffer; extra.ts goes away.
    project.write('src/roles/crew.ts', CREW_WITH_GAFFER.replace("role_id: 'editor'", "role_id: 'grip'"));
    project.remove('src/roles/extra.ts');
    // editor is declared nowhere now: reported in crew.ts, where the lockfile says it was declared.
    expect(await lint('src/roles/crew.ts')).toEqual([
      '1:1 role-registry/no-removed-role ROLE_REMOVED',
      '3:45 role-registry/lockfile-up-to-date LOCK_OUTDATED',
      '4:45 role-registry/lockfile-up-to-date LOCK_OUTDATED',
    ]);
  });

  it('sees changes on disk when another file is linted after a pause', async () => {
    project.write('src/roles/crew.ts', CREW_WITH_GAFFER);
    await pause();
    expect(await lint('src/roles/catalog.ts')).toEqual([]);
    expect(await lint('src/roles/crew.ts')).toEqual(['4:45 role-registry/lockfile-up-to-date LOCK_OUTDATED']);
  });

  it('picks up a rewritten lockfile, and reports one that cannot be read', async () => {
    project.lock();
    expect(await lint('src/roles/crew.ts')).toEqual([]);
    const lockfile = project.read('role-registry.lock.json');
    project.write('role-registry.lock.json', lockfile.replace('"ruleset": 1', '"ruleset": 9'));
    expect(await lint('src/roles/crew.ts')).toEqual(['1:1 role-registry/valid-registry-input LOCKFILE_INVALID']);
    project.write('role-registry.lock.json', lockfile);
    expect(await lint('src/roles/crew.ts')).toEqual([]);
  });

  it('reports a duplicate once in a lintFiles run of the same process', async () => {
    project.write('src/roles/extra.ts', EXTRA);
    await pause();
    const results = await eslint.lintFiles(['src']);
    const messages = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(project.dir.length + 1)}:${m.line}:${m.column} ${m.messageId}`),
    );
    expect(messages).toEqual(['src/roles/extra.ts:3:44 ROLE_ID_DUPLICATE']);
    project.remove('src/roles/extra.ts');
  });

  it('reports a role moved without lock and then deleted where it was deleted, not where the lockfile says', async () => {
    // editor moves from crew.ts to stage.ts; the lockfile still says crew.ts.
    project.write('src/roles/crew.ts', "export const crew = 'moved';\n");
    project.write('src/roles/stage.ts', CREW);
    await pause();
    expect(await lint('src/roles/stage.ts')).toEqual([]);
    expect(await lint('src/roles/stage.ts', "export const stage = 'empty';\n")).toEqual(['1:1 role-registry/no-removed-role ROLE_REMOVED']);
    project.write('src/roles/crew.ts', CREW);
    project.remove('src/roles/stage.ts');
  });
});
