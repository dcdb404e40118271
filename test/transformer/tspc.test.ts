/**
 * The transformer under ts-patch `tspc` (and plain `tsc`, which ignores it): diagnostics, the
 * registryProblems option, incremental and watch builds, CommonJS output, import forms, source maps.
 * Builds of one project run concurrently, each with its own tsconfig and output directory.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecipe, writeRecipe } from './support/builds.js';
import {
  createProject,
  expectSuccess,
  MAIN_TS,
  printedProvenance,
  ROLE_ADDED,
  tsconfig,
  tspc,
  tsc,
  waitUntil,
  type Project,
} from './support/project.js';
import { parseSourceMap, sourceMapProblems } from './support/source-map.js';

let clean: Project;
let unlocked: Project;
let unpublished: Project;
const extra: Project[] = [];

const PLUGIN = { transform: 'role-registry/transformer' };

beforeAll(async () => {
  clean = await createProject({ name: 'tspc' });
  [unlocked, unpublished] = [clean.clone('tspc-unlocked'), clean.clone('tspc-unpublished')];
  unlocked.write('src/roles/catalog.ts', unlocked.read('src/roles/catalog.ts') + ROLE_ADDED);
  rmSync(unpublished.path('role-registry.lock.json'));
});

afterAll(() => {
  for (const project of [clean, unlocked, unpublished, ...extra]) project?.dispose();
});

function cloneOf(project: Project, name: string): Project {
  const copy = project.clone(name);
  extra.push(copy);
  return copy;
}

async function lockNewRole(project: Project): Promise<void> {
  project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
  expectSuccess(await project.installedCli('lock'), 'role-registry lock');
}

describe('tspc with the transformer', () => {
  it.concurrent('maps the replacement to the import it replaced, keeps the comment above it, and every later line', async () => {
    const project = cloneOf(clean, 'tspc-maps');
    writeRecipe(project, 'tspc');
    expectSuccess(await runRecipe(project, 'tspc'), 'tspc');
    const emitted = project.read('dist/main.js');
    expect(emitted.startsWith('// The app: prints the registry it was built against.\nconst REGISTRY_PROVENANCE = Object.freeze({\n')).toBe(
      true,
    );
    const map = parseSourceMap(project.read('dist/main.js.map'));
    expect(map.sources).toEqual(['../src/main.ts']);
    const anchors = [
      { line: 2, token: 'import', generatedToken: 'const REGISTRY_PROVENANCE = Object.freeze(' }, // the replacement maps to the import
      { line: 6, token: 'const provenance' },
      { line: 7, token: 'console' },
      { line: 8, token: 'console' },
    ];
    const problems = sourceMapProblems(map, emitted, 'src/main.ts', MAIN_TS, anchors);
    expect(problems).toEqual([]);
  });

  it.concurrent('emits CommonJS that reads the inlined value through every import form', async () => {
    const project = cloneOf(clean, 'tspc-cjs');
    project.write(
      'src/cjs-consumer.cts',
      [
        "import { REGISTRY_PROVENANCE as P } from 'role-registry/provenance';",
        "import * as namespace from 'role-registry/provenance';",
        "import required = require('role-registry/provenance');",
        "export { REGISTRY_PROVENANCE } from 'role-registry/provenance';",
        'export const hash = P.registryHash;',
        'export const shorthand = { P };',
        'export const viaNamespace = namespace.REGISTRY_PROVENANCE;',
        'export const viaRequire = required.REGISTRY_PROVENANCE;',
        'export function ids(): readonly string[] { return P.contractIds; }',
        '',
      ].join('\n'),
    );
    project.write('tsconfig.cjs.json', tsconfig({ outDir: 'out/cjs', plugins: [PLUGIN] }, ['src/cjs-consumer.cts']));
    expectSuccess(await tspc(project, ['-p', 'tsconfig.cjs.json']), 'tspc (CommonJS)');
    const emitted = project.read('out/cjs/cjs-consumer.cjs');
    expect(emitted).toContain('"use strict"');
    expect(emitted).not.toContain('role-registry/provenance');
    const expected = project.expectedProvenance();
    const run = expectSuccess(
      await project.node([
        '-e',
        'const m = require("./out/cjs/cjs-consumer.cjs"); console.log(JSON.stringify([m.hash, m.shorthand.P, m.ids(), m.viaNamespace, m.viaRequire, m.REGISTRY_PROVENANCE]))',
      ]),
      'running CommonJS output',
    );
    expect(JSON.parse(run.stdout)).toEqual([expected.registryHash, expected, expected.contractIds, expected, expected, expected]);
  });

  it.concurrent('fails the build with the findings when the source has unlocked changes', async () => {
    unlocked.write('tsconfig.strict.json', tsconfig({ outDir: 'out/strict', plugins: [PLUGIN] }));
    const result = await tspc(unlocked, ['-p', 'tsconfig.strict.json']);
    expect(result.code).toBe(2); // tsc: diagnostics present, outputs generated
    expect(result.stdout).toContain(
      'src/main.ts(2,1): error TS917001: role-registry: the registry source has 1 problem against role-registry.lock.json, so the embedded registry hash (from the lockfile) may not describe this build:',
    );
    expect(result.stdout).toMatch(/  src\/roles\/catalog\.ts:\d+:\d+ {2}error {2}LOCK_OUTDATED {2}.*colorist/);
    expect(result.stdout).toContain('"registryProblems": "warning"');
  });

  it.concurrent('with "registryProblems": "warning", reports and builds the lockfile value', async () => {
    unlocked.write('tsconfig.lenient.json', tsconfig({ outDir: 'out/lenient', plugins: [{ ...PLUGIN, registryProblems: 'warning' }] }));
    const result = expectSuccess(await tspc(unlocked, ['-p', 'tsconfig.lenient.json']), 'tspc (lenient)');
    expect(result.stderr).toContain('src/main.ts:2:1: warning TS917001: role-registry: the registry source has 1 problem');
    expect(result.stderr).toContain('colorist');
    // It says why the build went on, not to set the option it already has.
    expect(result.stderr).toContain('the transformer option "registryProblems" is "warning"');
    expect(result.stderr).not.toContain('set the transformer option');
    expect(printedProvenance(await unlocked.node(['out/lenient/main.js']))).toEqual(unlocked.expectedProvenance());
  });

  it.concurrent('fails when there is no lockfile to take the value from, and leaves the import in place', async () => {
    unpublished.write('tsconfig.json', tsconfig({ outDir: 'out/none', plugins: [PLUGIN] }));
    const result = await tspc(unpublished, ['-p', 'tsconfig.json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'src/main.ts(2,1): error TS917002: role-registry: cannot fill in REGISTRY_PROVENANCE: There is no lockfile at',
    );
    expect(result.stdout).toContain('role-registry init');
    expect(unpublished.read('out/none/main.js')).toContain("from 'role-registry/provenance'");
  });

  it.concurrent('refuses dynamic loads of the module at their place (TS917004)', async () => {
    const project = cloneOf(clean, 'tspc-dynamic');
    project.write(
      'src/dynamic.ts',
      "export async function later(): Promise<string> {\n  const m = await import('role-registry/provenance');\n  return m.REGISTRY_PROVENANCE.registryHash;\n}\n",
    );
    project.write('tsconfig.dynamic.json', tsconfig({ outDir: 'out/dynamic', plugins: [PLUGIN] }, ['src/dynamic.ts']));
    const result = await tspc(project, ['-p', 'tsconfig.dynamic.json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'src/dynamic.ts(2,19): error TS917004: role-registry: the build fills in static imports of role-registry/provenance only',
    );
  });
});

describe('incremental and watch builds', () => {
  it.concurrent('an incremental rebuild after `role-registry lock` names the output that keeps the old hash', async () => {
    const project = cloneOf(clean, 'tspc-incremental');
    project.write('tsconfig.json', tsconfig({ outDir: 'dist', incremental: true, plugins: [PLUGIN] }));
    const first = expectSuccess(await tspc(project, ['-p', '.']), 'first incremental build');
    expect(first.stderr).toContain('src/main.ts:2:1: warning TS917003: role-registry: this file embeds REGISTRY_PROVENANCE');
    expect(first.stderr).toContain('but this is an incremental build');
    const before = project.expectedProvenance();

    await lockNewRole(project);
    const after = project.expectedProvenance();
    const second = expectSuccess(await tspc(project, ['-p', '.']), 'incremental build after lock');
    expect(second.stderr).toContain(
      `src/main.ts:2:1: warning TS917003: role-registry: dist/main.js embeds registry hash ${before.registryHash.slice(0, 12)}…, but the lockfile is at ${after.registryHash.slice(0, 12)}…. In an incremental build TypeScript re-emits src/main.ts only when it changes`,
    );
    expect(second.stderr).toContain('delete the .tsbuildinfo');
    // The warning is true: the output kept the old value, and verify catches it.
    expect(printedProvenance(await project.node(['dist/main.js']))).toEqual(before);
    const verify = await project.installedCli('verify', 'dist/main.js');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      `✖ dist/main.js: built against registry ${before.registryHash}, but the lockfile is at ${after.registryHash}`,
    );

    // The remedy the warning gives works.
    rmSync(project.path('tsconfig.tsbuildinfo'));
    const third = expectSuccess(await tspc(project, ['-p', '.']), 'rebuild without the cache');
    expect(third.stderr).not.toContain('embeds registry hash');
    expect(printedProvenance(await project.node(['dist/main.js']))).toEqual(after);
  });

  it.concurrent('tspc --watch warns when it starts, and names the stale output after `role-registry lock`', async () => {
    const project = cloneOf(clean, 'tspc-watch');
    project.write('tsconfig.json', tsconfig({ outDir: 'dist', plugins: [PLUGIN] }));
    const child = spawn(
      process.execPath,
      [project.path('node_modules/ts-patch/bin/tspc.js'), '-p', '.', '--watch', '--preserveWatchOutput'],
      { cwd: project.dir, env: project.env() },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const cycles = (): number => output.split('Found 0 errors. Watching for file changes.').length - 1;
    try {
      await waitUntil(
        () => cycles() >= 1,
        () => `the first watch cycle; output so far:\n${output}`,
      );
      expect(output).toContain('src/main.ts:2:1: warning TS917003: role-registry: this file embeds REGISTRY_PROVENANCE');
      expect(output).toContain('but this is a watch build');
      const before = project.expectedProvenance();

      // tsc --watch does not rebuild for the lockfile; the transformer watches it and names the output.
      await lockNewRole(project);
      const after = project.expectedProvenance();
      const warning = `src/main.ts:2:1: warning TS917003: role-registry: dist/main.js embeds registry hash ${before.registryHash.slice(0, 12)}…, but the lockfile is at ${after.registryHash.slice(0, 12)}…. In a watch build`;
      await waitUntil(
        () => output.includes(warning),
        () => `the stale-output warning after lock; output so far:\n${output}`,
      );
      expect(output).toContain('restart the watch');
      expect(printedProvenance(await project.node(['dist/main.js']))).toEqual(before);
    } finally {
      child.kill();
    }
  });
});

describe('plain tsc (plugins ignored)', () => {
  it('builds output that throws a clear error naming the missing build step when run, and that verify rejects', async () => {
    clean.write('tsconfig.plain.json', tsconfig({ outDir: 'out/plain', plugins: [PLUGIN] }));
    expectSuccess(await tsc(clean, ['-p', 'tsconfig.plain.json']), 'tsc');
    expect(clean.read('out/plain/main.js')).toContain("from 'role-registry/provenance'");
    const run = await clean.node(['out/plain/main.js']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('ProvenanceNotBuiltError: role-registry: REGISTRY_PROVENANCE was read, but no build step filled it in.');
    expect(run.stderr).toContain('plain `tsc` silently ignores compiler plugins');
    expect(run.stderr).toContain('role-registry/bundler');
    expect(run.stderr).toContain('role-registry provenance --out <file>');
    expect(run.stderr).toContain('https://github.com/role-registry/role-registry/blob/main/docs/transformer.md');
    const verify = await clean.installedCli('verify', 'out/plain/main.js');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('✖ out/plain/main.js: carries no registry hash');
  });
});

describe('hosts without a diagnostics channel', () => {
  it('transpileModule throws the registry problems as RoleRegistryTransformError, naming the file and place', async () => {
    const project = cloneOf(unlocked, 'transpile-unlocked');
    writeRecipe(project, 'transpile-module');
    const result = await runRecipe(project, 'transpile-module');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'RoleRegistryTransformError: src/main.ts:2:1: error TS917001: role-registry: the registry source has 1 problem',
    );
    expect(result.stderr).toContain('LOCK_OUTDATED');
  });
  it('transpileModule reports a registry source that is not UTF-8 at its first bad byte, never as U+FFFD', async () => {
    const project = cloneOf(clean, 'transpile-latin1');
    const catalog = project.read('src/roles/catalog.ts');
    writeFileSync(
      project.path('src/roles/catalog.ts'),
      Buffer.concat([Buffer.from(`${catalog}export const note = 'Caf`), Buffer.from([0xe9]), Buffer.from("';\n")]),
    );
    writeRecipe(project, 'transpile-module');
    const result = await runRecipe(project, 'transpile-module');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /src\/roles\/catalog\.ts:\d+:25 {2}error {2}SOURCE_UNPARSEABLE {2}src\/roles\/catalog\.ts cannot be read as text: it is not valid UTF-8: byte 0xe9/,
    );
  });
});
