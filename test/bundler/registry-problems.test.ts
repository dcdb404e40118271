/** The bundler plugin refuses to embed a hash that may not describe the source, unless told to warn. */
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRecipe, writeRecipe } from '../transformer/support/builds.js';
import { createProject, printedProvenance, ROLE_ADDED, type Project } from '../transformer/support/project.js';

let unlocked: Project;
let unpublished: Project;
let latin1: Project;
let bombed: Project;
let removed: Project;

const BOMB = `import { defineRole } from 'role-registry';
const L0 = { type: 'string' };
${Array.from({ length: 40 }, (_, index) => `const L${index + 1} = [L${index}, L${index}];`).join('\n')}
export const bomb = defineRole({ role_id: 'bomb', extract_contracts: [{ contract_id: 'ROLE:bomb:X:1', schema_json: { items: L40 } }] });
`;

beforeAll(async () => {
  unlocked = await createProject({ installs: { esbuild: { from: 'esbuild' } }, name: 'bundler-problems' });
  unpublished = unlocked.clone('bundler-unpublished');
  latin1 = unlocked.clone('bundler-latin1');
  const catalog = latin1.read('src/roles/catalog.ts');
  writeFileSync(
    latin1.path('src/roles/catalog.ts'),
    Buffer.concat([Buffer.from(`${catalog}export const note = 'Caf`), Buffer.from([0xe9]), Buffer.from("';\n")]),
  );
  rmSync(unpublished.path('role-registry.lock.json'));
  bombed = unlocked.clone('bundler-bombed');
  bombed.write('src/roles/catalog.ts', unlocked.read('src/roles/catalog.ts').replace(ROLE_ADDED, ''));
  bombed.write('src/roles/bomb.ts', BOMB);
  unlocked.write('src/roles/catalog.ts', unlocked.read('src/roles/catalog.ts') + ROLE_ADDED);
  removed = await createProject({
    installs: { vite: { from: 'vite' }, webpack: { from: 'webpack' }, 'ts-loader': { from: 'ts-loader' } },
    name: 'bundler-removed',
  });
  removed.write('src/roles/catalog.ts', removed.read('src/roles/catalog.ts').replace(/export const editor = [^;]*;\n/, ''));
});

afterAll(() => {
  unlocked?.dispose();
  unpublished?.dispose();
  latin1?.dispose();
  bombed?.dispose();
  removed?.dispose();
});

it('fails an esbuild build while the source has unlocked changes, naming them and the option', async () => {
  writeRecipe(unlocked, 'esbuild');
  const result = await runRecipe(unlocked, 'esbuild');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('role-registry: the registry source has 1 problem against role-registry.lock.json');
  expect(result.stderr).toMatch(/  src\/roles\/catalog\.ts:\d+:\d+ {2}error {2}LOCK_OUTDATED {2}.*colorist/);
  expect(result.stderr).toContain('pass { registryProblems: "warning" } to the role-registry bundler plugin');
  expect(unlocked.exists('dist/main.js')).toBe(false);
});

it('with { registryProblems: "warning" } warns and embeds the lockfile value', async () => {
  writeRecipe(unlocked, 'esbuild', (_file, text) =>
    text.replace('registryProvenance()', "registryProvenance({ registryProblems: 'warning' })"),
  );
  const result = await runRecipe(unlocked, 'esbuild');
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('LOCK_OUTDATED');
  // The warning says why the build went on, not to set the option it already has.
  expect(result.stderr).toContain('the role-registry bundler plugin has { registryProblems: "warning" }');
  expect(result.stderr).not.toContain('pass { registryProblems: "warning" }');
  expect(printedProvenance(await unlocked.node(['dist/main.js']))).toEqual(unlocked.expectedProvenance());
});

it('fails when there is no lockfile to take the value from', async () => {
  writeRecipe(unpublished, 'esbuild');
  const result = await runRecipe(unpublished, 'esbuild');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('role-registry: cannot fill in REGISTRY_PROVENANCE: There is no lockfile at');
  expect(result.stderr).toContain('Run `role-registry init`');
});

it('fails a build whose registry source is not UTF-8, naming the first bad byte (a Latin-1 edit must not pass as U+FFFD)', async () => {
  writeRecipe(latin1, 'esbuild');
  const result = await runRecipe(latin1, 'esbuild');
  expect(result.stderr).toMatch(
    /src\/roles\/catalog\.ts:\d+:25 {2}error {2}SOURCE_UNPARSEABLE {2}src\/roles\/catalog\.ts cannot be read as text: it is not valid UTF-8: byte 0xe9/,
  );
  expect(result.stderr).toContain('role-registry: the registry source has 1 problem against role-registry.lock.json');
  expect(result.code).toBe(1);
  expect(latin1.exists('dist/main.js')).toBe(false);
});

it('fails, without crashing, on a source over the evaluation budget, naming the declaration that crossed it', async () => {
  writeRecipe(bombed, 'esbuild');
  const result = await runRecipe(bombed, 'esbuild');
  expect(result.code).toBe(1);
  const line = BOMB.split('\n').findIndex((text) => text.startsWith('const L19 =')) + 1;
  expect(result.stderr).toMatch(
    new RegExp(
      `  src/roles/bomb\\.ts:${line}:13 {2}error {2}NON_STATIC_VALUE {2}The schema of \`ROLE:bomb:X:1\` cannot be resolved statically: a value larger than the evaluation budget`,
    ),
  );
  // esbuild itself ends a failed build with its own error and stack; the plugin must not crash.
  expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|heap out of memory|internal error/);
  expect(bombed.exists('dist/main.js')).toBe(false);
});

/** Our frames (dist/transformer, dist/src) in a stack trace: a refusal must show the message alone. */
const OWN_FRAMES = /at .*role-registry\/dist\//;

it("refuses a Vite build with a removed role through Vite's error, without role-registry's stack frames", async () => {
  writeRecipe(removed, 'vite');
  const result = await runRecipe(removed, 'vite');
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/error {2}ROLE_REMOVED {2}Role `editor` is in the lockfile but no longer declared/);
  expect(result.stderr).not.toMatch(OWN_FRAMES);
});

it("refuses a webpack build with a removed role through webpack's errors, without role-registry's stack frames", async () => {
  writeRecipe(removed, 'bundler-tsconfig');
  writeRecipe(removed, 'webpack');
  removed.write(
    'build.cjs',
    `const webpack = require('webpack');
webpack(require('./webpack.config.cjs'), (error, stats) => {
  if (error) throw error;
  if (stats.hasErrors()) {
    console.error(stats.toString('errors-only'));
    process.exitCode = 1;
  }
});
`,
  );
  const result = await removed.sh('node build.cjs');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/error {2}ROLE_REMOVED {2}Role `editor` is in the lockfile but no longer declared/);
  expect(result.stderr).not.toMatch(OWN_FRAMES);
});
