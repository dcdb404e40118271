/**
 * The plugin object as users and tools load it: meta, the recommended config, one rule per concern
 * with its docs, every lint-reachable violation code owned by exactly one rule, loadable through
 * `import` and `require`, type-checked in an `eslint.config.ts`, linted by eslint-plugin-eslint-plugin,
 * and its docs generated and checked by eslint-doc-generator.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../dist/rules/plugin.js';
import { VIOLATION_CODES } from '../../dist/src/core/findings.js';
import { CLI_ONLY_CODES, LINT_CODES } from '../../dist/src/lint/codes.js';
import { DOCS_BASE_URL } from '../../dist/src/core/version.js';
import { CATALOG } from './support/catalog.js';
import { ESLINT_TOOLS, fixture, REPO, REPO_MODULES, type Fixture } from './support/fixture.js';

const packageJson = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleNames = Object.keys(plugin.rules).sort();

function run(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('the plugin object', () => {
  it('has meta read from package.json', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'role-registry' });
  });

  it('has one recommended flat config object that registers the plugin and turns every rule on', () => {
    const recommended = plugin.configs.recommended;
    expect(Array.isArray(recommended)).toBe(false);
    expect(recommended.name).toBe('role-registry/recommended');
    expect(recommended.plugins).toEqual({ 'role-registry': plugin });
    expect(recommended.files).toEqual(['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']);
    expect(recommended.rules).toEqual({
      'role-registry/lockfile-up-to-date': 'warn',
      'role-registry/no-alias-reference': 'warn',
      'role-registry/no-contract-drift': 'error',
      'role-registry/no-removed-alias': 'error',
      'role-registry/no-removed-contract': 'error',
      'role-registry/no-removed-role': 'error',
      'role-registry/no-reused-id': 'error',
      'role-registry/no-reverted-deprecation': 'error',
      'role-registry/valid-declaration': 'error',
      'role-registry/valid-registry-input': 'error',
    });
  });

  it('has a lockfile config for the JSON language of @eslint/json, with the one JSON rule', () => {
    expect(plugin.configs.lockfile).toEqual({
      name: 'role-registry/lockfile',
      files: ['**/role-registry.lock.json'],
      plugins: { 'role-registry': plugin },
      language: 'json/json',
      settings: plugin.configs.recommended.settings,
      rules: { 'role-registry/lockfile-entries': 'error' },
    });
  });

  it("puts the registry state into the settings ESLint hashes for --cache, keeping the user's own keys", () => {
    const own = plugin.configs.recommended.settings!['role-registry'] as object;
    const merged = { ...own, configFile: path.join(REPO, 'examples', 'none', 'role-registry.config.json') };
    const serialised = JSON.parse(JSON.stringify({ settings: { 'role-registry': merged } })) as {
      settings: { 'role-registry': Record<string, unknown> };
    };
    expect(Object.keys(serialised.settings['role-registry']).sort()).toEqual(['configFile', 'registryState']);
    expect(serialised.settings['role-registry']['registryState']).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(ruleNames)('%s: one file under rules/, docs URL and page, languages, default options, schema', (name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];
    const meta = rule.meta!;
    expect(readdirSync(path.join(REPO, 'rules'))).toContain(`${name}.ts`);
    expect(meta.docs?.url).toBe(`${DOCS_BASE_URL}/rules/${name}.md`);
    expect(readdirSync(path.join(REPO, 'docs/rules'))).toContain(`${name}.md`);
    expect((meta as { languages?: string[] }).languages).toEqual([name === 'lockfile-entries' ? 'json/json' : 'js/js']);
    expect(meta.defaultOptions).toBeDefined();
    expect(meta.schema).toBeDefined();
    expect(['problem', 'suggestion']).toContain(meta.type);
  });

  it('reports every violation code a lint can meet through exactly one rule, as its message id', () => {
    const owners = new Map<string, string[]>();
    for (const name of ruleNames) {
      for (const messageId of Object.keys(plugin.rules[name as keyof typeof plugin.rules].meta!.messages ?? {})) {
        if (!(VIOLATION_CODES as readonly string[]).includes(messageId)) continue;
        owners.set(messageId, [...(owners.get(messageId) ?? []), name]);
      }
    }
    expect([...owners.keys()].sort()).toEqual([...LINT_CODES].sort());
    for (const [code, rules] of owners) expect(rules, code).toHaveLength(1);
    expect([...LINT_CODES, ...CLI_ONLY_CODES].sort()).toEqual([...VIOLATION_CODES].sort());
  });

  it('documents the code-to-rule mapping in docs/eslint.md as the rules define it', () => {
    const page = readFileSync(path.join(REPO, 'docs/eslint.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `([A-Z_]+)` \| (.+) \|$/gm)].map(([, code, cell]) => [
      code,
      /rules\/([a-z-]+)\.md/.exec(cell!)?.[1] ?? 'none',
    ]);
    const expected = VIOLATION_CODES.map((code) => {
      const owner = ruleNames.find((name) =>
        Object.keys(plugin.rules[name as keyof typeof plugin.rules].meta!.messages ?? {}).includes(code),
      );
      return [code, owner ?? 'none'];
    });
    expect(rows).toEqual(expected);
  });
});

describe('the package entry role-registry/eslint', () => {
  const projects: Fixture[] = [];
  afterAll(() => projects.forEach((project) => project.dispose()));
  const consumer = (): Fixture => {
    const project = fixture({ 'src/roles/catalog.ts': CATALOG })
      .link(ESLINT_TOOLS)
      .link({ '@types/node': path.join(REPO_MODULES, '@types/node') });
    projects.push(project);
    return project;
  };

  it('loads through import and through require (Node ≥ 20.19), as the same plugin', async () => {
    const project = consumer();
    project.write(
      'load.cjs',
      "const plugin = require('role-registry/eslint');\nimport('role-registry/eslint').then((m) => console.log(JSON.stringify([plugin.meta, m.default === plugin, Object.keys(plugin.rules).length, plugin.configs.recommended.plugins['role-registry'] === plugin])));\n",
    );
    const result = await run(process.execPath, ['load.cjs'], project.dir);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'role-registry', version: packageJson.version, namespace: 'role-registry' },
      true,
      ruleNames.length,
      true,
    ]);
  });

  it('type-checks in an eslint.config.ts', async () => {
    const project = consumer();
    project.write(
      'eslint.config.ts',
      `import type { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import roleRegistry from 'role-registry/eslint';

const plugin: ESLint.Plugin = roleRegistry;
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  roleRegistry.configs.recommended,
  { settings: { 'role-registry': { configFile: '/abs/role-registry.config.json' } }, plugins: { 'role-registry': plugin } },
];
export default config;
`,
    );
    project.write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['eslint.config.ts'],
      }),
    );
    project.write('package.json', '{ "name": "app", "private": true, "type": "module" }\n');
    const result = await run(process.execPath, [path.join(REPO_MODULES, 'typescript/bin/tsc'), '-p', 'tsconfig.json'], project.dir);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('the plugin lints itself and documents itself', () => {
  it('passes eslint-plugin-eslint-plugin (npm run lint:rules)', async () => {
    const result = await run(process.execPath, [path.join(REPO_MODULES, 'eslint/bin/eslint.js'), 'rules', 'test/eslint/rules'], REPO);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('has rule docs and a README rules table that eslint-doc-generator --check finds up to date (npm run docs:rules)', async () => {
    const script = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[
      'docs:rules'
    ]!;
    const args = [...script.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!).slice(1);
    const result = await run(
      process.execPath,
      [path.join(REPO_MODULES, 'eslint-doc-generator/dist/bin/eslint-doc-generator.js'), ...args, '--check'],
      REPO,
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
