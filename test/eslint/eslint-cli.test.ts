/**
 * The real `eslint` CLI, spawned on temp projects set up the way users set them up: a TypeScript
 * block with typescript-eslint's parser plus `roleRegistry.configs.recommended`, nothing else.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { at, CATALOG, CREW } from './support/catalog.js';
import { runEslint, summary } from './support/eslint-run.js';
import { ESLINT_TOOLS, fixture, REPO_MODULES, USER_ESLINT_CONFIG, type Fixture } from './support/fixture.js';

const projects: Fixture[] = [];
afterAll(() => {
  for (const project of projects) project.dispose();
});

function userProject(files: Record<string, string>, eslint = 'eslint'): Fixture {
  const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW, ...files })
    .link({ ...ESLINT_TOOLS, eslint: path.join(REPO_MODULES, eslint) })
    .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
    .write('eslint.config.js', USER_ESLINT_CONFIG)
    .lock();
  projects.push(project);
  return project;
}

const APP = "declare function getRole(id: string): unknown;\ngetRole('producer');\n";

for (const eslint of ['eslint', 'eslint-9']) {
  describe(`the eslint CLI (${eslint === 'eslint' ? 'ESLint 10' : 'ESLint 9.39'})`, () => {
    it('exits 0 on a clean registry, 1 naming a role deleted on disk (reported once, in a .ts file), 0 once it is restored', async () => {
      const project = userProject({ 'src/app.ts': APP }, eslint);
      expect((await runEslint(project, ['--version'])).stdout.trim()).toMatch(eslint === 'eslint' ? /^v10\./ : /^v9\.39\./);
      const clean = await runEslint(project);
      expect(clean.stderr).toBe('');
      expect(summary(clean)).toEqual([]);
      expect(clean.code).toBe(0);

      project.write('src/roles/catalog.ts', CATALOG.slice(0, CATALOG.indexOf('export const director')));
      const broken = await runEslint(project);
      expect(summary(broken)).toEqual(['src/roles/catalog.ts:1:1 role-registry/no-removed-role ROLE_REMOVED']);
      expect(broken.messages[0]!.message).toContain('Role `director` is in the lockfile but no longer declared');
      expect(broken.code).toBe(1);

      project.write('src/roles/catalog.ts', CATALOG);
      const fixed = await runEslint(project);
      expect(summary(fixed)).toEqual([]);
      expect(fixed.code).toBe(0);
    });

    it('reports a role_id declared in two files once per run, at the second declaration', async () => {
      const project = userProject(
        {
          'src/roles/z-extra.ts':
            "import { defineRole } from 'role-registry';\n\nexport const again = defineRole({ role_id: 'editor' });\n",
        },
        eslint,
      );
      const run = await runEslint(project);
      expect(summary(run)).toEqual(['src/roles/z-extra.ts:3:44 role-registry/no-reused-id ROLE_ID_DUPLICATE']);
      expect(run.code).toBe(1);
    });
  });
}

describe('the eslint CLI on cross-file findings', () => {
  it('works the same with type information (projectService) and with worker threads (--concurrency)', async () => {
    const project = userProject({
      'src/app.ts': APP,
      'src/roles/z-extra.ts': "import { defineRole } from 'role-registry';\n\nexport const again = defineRole({ role_id: 'editor' });\n",
    });
    project.write(
      'eslint.config.js',
      USER_ESLINT_CONFIG.replace(
        'languageOptions: { parser: tseslint.parser }',
        'languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }',
      ),
    );
    project.write(
      'tsconfig.json',
      '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "noEmit": true, "skipLibCheck": true }, "include": ["src"] }\n',
    );
    for (let index = 0; index < 6; index++) project.write(`src/app-${index}.ts`, APP);
    const expected = ['src/roles/z-extra.ts:3:44 role-registry/no-reused-id ROLE_ID_DUPLICATE'];
    const typed = await runEslint(project);
    expect(summary(typed)).toEqual(expected);
    const threaded = await runEslint(project, ['.', '--concurrency=2']);
    expect(summary(threaded)).toEqual(expected);
    expect(threaded.code).toBe(1);
  });

  it('reports a role whose file was deleted once, in the first registry file (the fallback)', async () => {
    const project = userProject({ 'src/roles/a-first.ts': 'export const nothing = 1;\n' });
    project.remove('src/roles/crew.ts');
    const run = await runEslint(project);
    expect(summary(run)).toEqual(['src/roles/a-first.ts:1:1 role-registry/no-removed-role ROLE_REMOVED']);
    expect(run.messages[0]!.message).toContain(
      'Role `editor` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts)',
    );
    expect(run.code).toBe(1);
  });

  it("with configs.lockfile (JSON through @eslint/json), also marks the removed role's entry in the lockfile", async () => {
    const project = userProject({}).link({ '@eslint/json': path.join(REPO_MODULES, '@eslint/json') });
    project.write(
      'eslint.config.js',
      USER_ESLINT_CONFIG.replace(
        "import roleRegistry from 'role-registry/eslint';",
        "import roleRegistry from 'role-registry/eslint';\nimport json from '@eslint/json';",
      ).replace(
        '  roleRegistry.configs.recommended,\n',
        '  roleRegistry.configs.recommended,\n  { plugins: { json } },\n  roleRegistry.configs.lockfile,\n',
      ),
    );
    project.remove('src/roles/crew.ts');
    const run = await runEslint(project);
    const lockfile = project.read('role-registry.lock.json');
    const line = lockfile.split('\n').findIndex((text) => text.includes('"editor": {')) + 1;
    expect(summary(run)).toEqual([
      `role-registry.lock.json:${line}:5 role-registry/lockfile-entries lockedEntry`,
      'src/roles/catalog.ts:1:1 role-registry/no-removed-role ROLE_REMOVED',
    ]);
    expect(run.messages.find((m) => m.ruleId === 'role-registry/lockfile-entries')!.message).toMatch(
      /^ROLE_REMOVED: Role `editor` is in the lockfile but no longer declared/,
    );
    expect(run.code).toBe(1);
  });

  it('reports an unusable lockfile once per run, as a lint error, without crashing', async () => {
    const project = userProject({ 'src/app.ts': APP });
    project.write('role-registry.lock.json', '{ "lockfileVersion": 1, "ruleset": 1, "roles": { "editor": {} }, "roles": {} }\n');
    const run = await runEslint(project);
    expect(run.stderr).toBe('');
    expect(run.messages.map((m) => `${m.ruleId} ${m.messageId}`)).toEqual(['role-registry/valid-registry-input LOCKFILE_INVALID']);
    expect(run.messages[0]!.message).toBe(
      'The lockfile cannot be read: the key "roles" appears twice in one object (JSON parsers keep only one of them silently) (line 1, column 66). (at role-registry.lock.json:1:66) ' +
        'Restore the lockfile from git (`git checkout -- <lockfile>`) and re-run `role-registry lock`; it is written by the tool, never by hand.',
    );
    expect(run.code).toBe(1);
  });

  it('reports a registry source that is not UTF-8 (a Latin-1 edit) at its first bad byte, once, without crashing', async () => {
    const project = userProject({ 'src/app.ts': APP });
    const latin1 = Buffer.concat([
      Buffer.from(
        "import { defineRole } from 'role-registry';\n\nexport const editor = defineRole({ role_id: 'editor', display_name: 'Caf",
      ),
      Buffer.from([0xe9]),
      Buffer.from("' });\n"),
    ]);
    writeFileSync(project.file('src/roles/crew.ts'), latin1);
    const run = await runEslint(project);
    expect(run.stderr).toBe('');
    expect(summary(run)).toEqual(['src/roles/catalog.ts:1:1 role-registry/valid-registry-input SOURCE_UNPARSEABLE']);
    expect(run.messages[0]!.message).toContain(
      'src/roles/crew.ts cannot be read as text: it is not valid UTF-8: byte 0xe9 at byte offset 117 would be read as U+FFFD',
    );
    expect(run.messages[0]!.message).toContain('(at src/roles/crew.ts:3:73)');
    expect(run.code).toBe(1);
  });

  it('reports a tsconfig that reaches outside the project once, as a lint error, and walks nothing there', async () => {
    const project = userProject({ 'src/app.ts': APP });
    project.write('tsconfig.json', '{\n  "compilerOptions": { "strict": true },\n  "include": ["src", "/usr/**/*"]\n}\n');
    const run = await runEslint(project);
    expect(run.stderr).toBe('');
    expect(run.messages.map((m) => `${m.ruleId} ${m.messageId}`)).toEqual(['role-registry/valid-registry-input CONFIG_INVALID']);
    expect(run.messages[0]!.message).toMatch(
      /^The tsconfig .*tsconfig\.json reaches outside the project root .*: its "include" names \/usr\/\*\*\/\*\. \(at \S*tsconfig\.json:3:22\)/,
    );
    expect(run.code).toBe(1);
  });

  it('fixes a reference through an alias with --fix, and reports a deprecated one', async () => {
    const app = "declare function getRole(id: string): unknown;\ngetRole('exec_producer');\ngetRole('director');\n";
    const project = userProject({ 'src/app.ts': app });
    const run = await runEslint(project, ['.', '--fix']);
    expect(project.read('src/app.ts')).toBe(app.replace("'exec_producer'", "'producer'"));
    expect(summary(run)).toEqual(['src/app.ts:3:9 role-registry/no-alias-reference deprecatedReference']);
    expect(run.messages[0]!.severity).toBe(1);
    expect(run.code).toBe(0);
  });
});

describe('the eslint CLI on hostile registry sources', () => {
  it('reports resource bombs, writes into hashed values and unfollowed defineRole at their place, and lints every other file', async () => {
    const header = "import { defineRole } from 'role-registry';\n";
    const doubling = `${header}const L0 = { type: 'string' };\n${Array.from({ length: 40 }, (_, index) => `const L${index + 1} = [L${index}, L${index}];`).join('\n')}\nexport const bomb = defineRole({ role_id: 'bomb', extract_contracts: [{ contract_id: 'ROLE:bomb:X:1', schema_json: { items: L40 } }] });\n`;
    const chain = `${header}export const chain = defineRole({ role_id: 'chain', extract_contracts: [{ contract_id: 'ROLE:chain:X:1', schema_json: C0 }] });\n${Array.from({ length: 5000 }, (_, index) => `const C${4999 - index} = { next: C${5000 - index} };`).join('\n')}\nconst C5000 = 'end';\n`;
    const shape = "export const SHAPE = { type: 'object', required: ['a'] };\nSHAPE.required.push('b');\n";
    const user = `${header}import { SHAPE } from '../schemas/shape';\nexport const shaped = defineRole({ role_id: 'shaped', extract_contracts: [{ contract_id: 'ROLE:shaped:X:1', schema_json: SHAPE }] });\n`;
    const ghost = `${header}export const ghosts = [{ role_id: 'ghost' }].map(defineRole);\n`;
    const again = `${header}export const again = defineRole({ role_id: 'editor' });\n`;
    const project = userProject({
      'src/roles/bomb.ts': doubling,
      'src/roles/chain.ts': chain,
      'src/schemas/shape.ts': shape,
      'src/roles/shaped.ts': user,
      'src/roles/ghost.ts': ghost,
      'src/roles/z-extra.ts': again,
    });
    const run = await runEslint(project);
    expect(run.stderr).toBe('');
    const place = (text: string, needle: string): string => `${at(text, needle).line}:${at(text, needle).column}`;
    // The chain crosses the depth limit where 200 levels from its declaration are reached.
    const chainAt = run.messages.find((m) => m.file === 'src/roles/chain.ts');
    expect(summary(run)).toEqual(
      [
        `src/roles/bomb.ts:${place(doubling, '[L18, L18]')} role-registry/valid-declaration NON_STATIC_VALUE`,
        `src/roles/chain.ts:${chainAt?.line}:${chainAt?.column} role-registry/valid-declaration NON_STATIC_VALUE`,
        `src/roles/ghost.ts:${place(ghost, 'defineRole);')} role-registry/valid-declaration NON_STATIC_VALUE`,
        `src/roles/z-extra.ts:${place(again, "'editor'")} role-registry/no-reused-id ROLE_ID_DUPLICATE`,
        `src/schemas/shape.ts:${place(shape, "SHAPE.required.push('b')")} role-registry/valid-declaration NON_STATIC_VALUE`,
      ].sort(),
    );
    expect(chainAt!.line).toBeGreaterThan(4800);
    expect(chainAt!.message).toMatch(/nested deeper than 200 levels/);
    expect(run.messages.find((m) => m.file === 'src/roles/bomb.ts' && m.messageId === 'NON_STATIC_VALUE')!.message).toMatch(
      /larger than the evaluation budget/,
    );
    expect(run.code).toBe(1);
  });
});
