/**
 * The cost of linting with the plugin, counted (not timed) through the engine's probe: `eslint .`
 * over N registry files extracts each file once and makes O(N) file-system checks in all, a warm
 * re-lint of one edited buffer re-extracts that file only, and a file saved within the racy window
 * is read again at each sweep but extracted again only when its text changed.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { installEngineProbe, type FileSystemCheck } from '../../dist/src/support/probe.js';
import { ESLINT_TOOLS, fixture, USER_ESLINT_CONFIG } from './support/fixture.js';

const N = 150;
const OTHER_FILES = 20;

function roleFile(index: number): string {
  const id = `role_${String(index).padStart(4, '0')}`;
  return `import { defineRole } from 'role-registry';
import { BRIEF } from '../schemas.js';

export const ${id} = defineRole({
  role_id: '${id}',
  aliases: ['old_${id}'],
  extract_contracts: [{ contract_id: 'ROLE:${id}:X:1', schema_json: BRIEF }],
  produce_contracts: [{ contract_id: 'ROLE:${id}:C:1', schema_json: { type: 'object', required: ['${id}'] } }],
});
`;
}

const files: Record<string, string> = { 'src/schemas.ts': "export const BRIEF = { type: 'object', required: ['brief'] } as const;\n" };
for (let index = 0; index < N; index++) files[`src/roles/role-${index}.ts`] = roleFile(index);
for (let index = 0; index < OTHER_FILES; index++)
  files[`src/app/module-${index}.ts`] =
    `declare function getRole(id: string): unknown;\nexport const m${index} = getRole('role_${String(index).padStart(4, '0')}');\n`;

const project = fixture(files)
  .link(ESLINT_TOOLS)
  .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
  // A long idle window: a slow machine pausing between two files must not add a sweep to the counts.
  .write(
    'eslint.config.js',
    USER_ESLINT_CONFIG.replace(
      '  roleRegistry.configs.recommended,\n',
      "  roleRegistry.configs.recommended,\n  { settings: { 'role-registry': { revalidateAfterIdleMs: 60000 } } },\n",
    ),
  )
  .lock()
  // Saved a while ago: files saved within the racy window are re-read at every sweep (the last test).
  .age();

type Counts = Record<FileSystemCheck | 'extraction' | 'sweep', number>;
const counts: Counts = { extraction: 0, sweep: 0, stat: 0, read: 0, glob: 0, realpath: 0, exists: 0 };
const reset = (): void => {
  for (const key of Object.keys(counts) as (keyof Counts)[]) counts[key] = 0;
};
installEngineProbe({
  extraction: () => counts.extraction++,
  fileSystem: (check) => counts[check]++,
  sweep: () => counts.sweep++,
});
afterAll(() => {
  installEngineProbe(undefined);
  project.dispose();
});

const fsChecks = (): number => counts.stat + counts.read + counts.glob + counts.realpath + counts.exists;

describe(`eslint over ${N} registry files and ${OTHER_FILES} other files`, () => {
  const eslint = new ESLint({ cwd: project.dir });

  it('extracts each file once and makes O(N) file-system checks in one run', async () => {
    expect(project.read('eslint.config.js')).toContain("settings: { 'role-registry': { revalidateAfterIdleMs: 60000 } }");
    reset();
    const results = await eslint.lintFiles(['src']);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(results).toHaveLength(N + OTHER_FILES + 1);
    // One sweep for the whole run: it globs once, stats and reads each registry file and the shared
    // schema once, checks each file's real path once, and the lockfile and the config once each.
    expect(counts).toEqual({
      extraction: N + 1,
      sweep: 1,
      glob: 1,
      stat: N + 1 + 2,
      read: N + 1 + 2,
      realpath: N,
      // Config lookups, one per directory on the way up: src/roles, src, the root (found), src/app.
      exists: 4,
    });
    expect(fsChecks()).toBeLessThanOrEqual(4 * N + 20);
  });

  it('re-lints one edited buffer with one extraction and one sweep (no re-read of unchanged files)', async () => {
    const file = project.file('src/roles/role-7.ts');
    const edited = roleFile(7).replace("required: ['role_0007']", "required: ['role_0007', 'extra']");
    reset();
    const started = performance.now();
    const [result] = await eslint.lintText(edited, { filePath: file });
    const elapsed = performance.now() - started;
    expect(result!.messages.map((m) => m.messageId)).toEqual(['CONTRACT_DRIFT']);
    // The sweep stats every file but the buffer's (N - 1 role files, the schema, the lockfile, the config).
    expect(counts).toEqual({ extraction: 1, sweep: 1, glob: 1, stat: N - 1 + 1 + 2, read: 0, realpath: N, exists: 3 });
    // A figure for the report, not an assertion: timings depend on the machine.
    console.log(`warm re-lint of one edited registry file among ${N}: ${elapsed.toFixed(1)} ms (ESLint included)`);
  });

  it('re-lints a file outside the registry (typing in application code) without a sweep', async () => {
    const file = project.file('src/app/module-3.ts');
    await eslint.lintText(files['src/app/module-3.ts']!, { filePath: file });
    reset();
    const [result] = await eslint.lintText(`${files['src/app/module-3.ts']!}getRole('old_role_0003');\n`, { filePath: file });
    expect(result!.messages.map((m) => m.messageId)).toEqual(['aliasReference']);
    // Only the config lookup of the new burst (src/app, src, the root); no glob, no stat of registry files.
    expect(counts).toEqual({ extraction: 0, sweep: 0, glob: 0, stat: 0, read: 0, realpath: 0, exists: 3 });
  });

  it('re-reads a file saved within the racy window at each sweep, and re-extracts it only when its text changed', async () => {
    await eslint.lintFiles(['src/roles']);
    const linted = project.file('src/roles/role-8.ts');
    const racy = project.file('src/roles/role-9.ts');
    // An mtime ahead of the clock stays within the racy window for the whole test, however slow the machine.
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(racy, ahead, ahead);
    reset();
    // role-8 was linted in this burst: linting it again starts a burst, whose sweep meets role-9.
    const [clean] = await eslint.lintText(roleFile(8), { filePath: linted });
    expect(clean!.messages).toEqual([]);
    // The sweep stats every file but the buffer's, reads the racy role-9 and finds its text unchanged.
    expect(counts).toEqual({ extraction: 0, sweep: 1, glob: 1, stat: N - 1 + 1 + 2, read: 1, realpath: N, exists: 3 });

    // An edit that no stamp shows: same size, same mtime, same inode.
    const edited = roleFile(9).replace("required: ['role_0009']", "required: ['role_0099']");
    expect(edited.length).toBe(roleFile(9).length);
    writeFileSync(racy, edited);
    utimesSync(racy, ahead, ahead);
    reset();
    await eslint.lintText(roleFile(8), { filePath: linted });
    expect(counts).toEqual({ extraction: 1, sweep: 1, glob: 1, stat: N - 1 + 1 + 2, read: 1, realpath: N, exists: 3 });
    // The same burst answers role-9 from the sweep: its drift, with no further I/O.
    reset();
    const [drifted] = await eslint.lintText(edited, { filePath: racy });
    const schemaAt = edited.indexOf("{ type: 'object', required: ['role_0099'] }");
    const schemaPosition = `${edited.slice(0, schemaAt).split('\n').length}:${schemaAt - edited.lastIndexOf('\n', schemaAt)}`;
    expect(drifted!.messages.map((m) => `${m.line}:${m.column} ${m.messageId}`)).toEqual([`${schemaPosition} CONTRACT_DRIFT`]);
    expect(counts).toEqual({ extraction: 0, sweep: 0, glob: 0, stat: 0, read: 0, realpath: 0, exists: 0 });
  });
});
