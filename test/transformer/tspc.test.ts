/**
 * The transformer under ts-patch `tspc` (and plain `tsc`, which ignores it): diagnostics, the
 * registryProblems option, incremental warnings, CommonJS output, source maps.
 */
import { readFileSync, rmSync } from 'node:fs';
import { TraceMap, originalPositionFor, generatedPositionFor } from '@jridgewell/trace-mapping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithPlainTsc, buildWithTspc } from './support/builds.js';
import { createProject, expectSuccess, MAIN_TS, printedProvenance, ROLE_ADDED, TS6, tsconfig, tspc, type Project } from './support/project.js';

let clean: Project;
let unlocked: Project;
let unpublished: Project;

beforeAll(async () => {
  [clean, unlocked, unpublished] = await Promise.all([
    createProject({ links: TS6, name: 'tspc' }),
    createProject({ links: TS6, name: 'tspc-unlocked' }),
    createProject({ links: TS6, name: 'tspc-unpublished' }),
  ]);
  unlocked.write('src/roles/catalog.ts', unlocked.read('src/roles/catalog.ts') + ROLE_ADDED);
  rmSync(unpublished.file('role-registry.lock.json'));
});

afterAll(() => {
  for (const project of [clean, unlocked, unpublished]) project?.remove();
});

describe('tspc with the transformer', () => {
  it.concurrent('keeps source maps valid: positions after the replaced import map back to their source lines', async () => {
    const build = await buildWithTspc(clean, { name: 'maps' });
    const emitted = readFileSync(build.emitted, 'utf8');
    const map = new TraceMap(readFileSync(`${build.emitted}.map`, 'utf8'));
    const lines = emitted.split('\n');
    const sourceLines = MAIN_TS.split('\n');
    for (const needle of ['console.log(greet(', 'console.log(JSON.stringify(', 'const provenance =']) {
      const generatedLine = lines.findIndex((line) => line.includes(needle));
      expect(generatedLine, needle).toBeGreaterThan(0);
      const original = originalPositionFor(map, { line: generatedLine + 1, column: lines[generatedLine]!.indexOf(needle) });
      expect(original.source).toBe('../../src/main.ts');
      expect(sourceLines[original.line! - 1]).toContain(needle.replace('const provenance =', 'const provenance: RegistryProvenance ='));
    }
    // The replacement itself maps to the import it replaced, and the comment above it survives.
    const importLine = sourceLines.findIndex((line) => line.startsWith('import { REGISTRY_PROVENANCE }')) + 1;
    const generated = generatedPositionFor(map, { source: '../../src/main.ts', line: importLine, column: 0 });
    expect(lines[generated.line! - 1]).toMatch(/^const REGISTRY_PROVENANCE = Object\.freeze\(\{/);
    expect(emitted.startsWith('// The app: prints the registry it was built against.\n')).toBe(true);
  });

  it.concurrent('emits CommonJS that reads the inlined value through every reference', async () => {
    clean.write('src/cjs-consumer.cts', "import { REGISTRY_PROVENANCE as P } from 'role-registry/provenance';\nexport const hash = P.registryHash;\nexport const shorthand = { P };\nexport function ids(): readonly string[] { return P.contractIds; }\n");
    clean.write('tsconfig.cjs.json', tsconfig({ outDir: 'out/cjs', plugins: [{ transform: 'role-registry/transformer' }] }, ['src/cjs-consumer.cts']));
    expectSuccess(await tspc(clean, ['-p', 'tsconfig.cjs.json']), 'tspc (CommonJS)');
    const emitted = clean.read('out/cjs/cjs-consumer.cjs');
    expect(emitted).toContain('"use strict"');
    expect(emitted).not.toContain('require("role-registry/provenance")');
    const expected = clean.expectedProvenance();
    const run = expectSuccess(await clean.node(['-e', 'const m = require("./out/cjs/cjs-consumer.cjs"); console.log(JSON.stringify([m.hash, m.shorthand.P, m.ids()]))']), 'running CommonJS output');
    expect(JSON.parse(run.stdout)).toEqual([expected.registryHash, expected, expected.contractIds]);
  });

  it.concurrent('warns that an incremental build can keep an old hash, and still builds', async () => {
    const build = await buildWithTspc(clean, { name: 'incremental', compilerOptions: { incremental: true, tsBuildInfoFile: 'out/incremental.tsbuildinfo' } });
    const output = build.result.stderr;
    expect(output).toContain('src/main.ts:2:1: warning TS917003');
    expect(output).toContain('an incremental build');
    expect(output).toContain('role-registry provenance --out');
    expect(printedProvenance(await clean.node([build.entry]))).toEqual(clean.expectedProvenance());
  });

  it.concurrent('fails the build with the findings when the source has unlocked changes', async () => {
    unlocked.write('tsconfig.strict.json', tsconfig({ outDir: 'out/strict', plugins: [{ transform: 'role-registry/transformer' }] }));
    const result = await tspc(unlocked, ['-p', 'tsconfig.strict.json']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/src\/main\.ts\(2,1\): error TS917001: role-registry: the registry source has 1 problem/);
    expect(result.stdout).toContain('LOCK_OUTDATED');
    expect(result.stdout).toContain('colorist');
    expect(result.stdout).toContain('"registryProblems": "warning"');
  });

  it.concurrent('with "registryProblems": "warning", reports and builds the lockfile value', async () => {
    const build = await buildWithTspc(unlocked, { name: 'lenient', pluginOptions: { registryProblems: 'warning' } });
    expect(build.result.stderr).toContain('src/main.ts:2:1: warning TS917001');
    expect(build.result.stderr).toContain('colorist');
    expect(printedProvenance(await unlocked.node([build.entry]))).toEqual(unlocked.expectedProvenance());
  });

  it.concurrent('fails when there is no lockfile to take the value from', async () => {
    unpublished.write('tsconfig.json', tsconfig({ outDir: 'out/none', plugins: [{ transform: 'role-registry/transformer' }] }));
    const result = await tspc(unpublished, ['-p', 'tsconfig.json']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('error TS917002');
    expect(result.stdout).toContain('There is no lockfile');
    expect(result.stdout).toContain('role-registry init');
  });
});

describe('plain tsc (plugins ignored)', () => {
  it('builds output that throws a clear error naming the missing build step when run', async () => {
    const build = await buildWithPlainTsc(clean);
    expect(clean.read('out/plain/main.js')).toContain("from 'role-registry/provenance'");
    const run = await clean.node([build.entry]);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('ProvenanceNotBuiltError');
    expect(run.stderr).toContain('REGISTRY_PROVENANCE was read, but no build step filled it in');
    expect(run.stderr).toContain('plain `tsc` silently ignores compiler plugins');
    expect(run.stderr).toContain('role-registry/bundler');
    expect(run.stderr).toContain('role-registry provenance --out <file>');
    expect(run.stderr).toContain('docs/transformer.md');
  });
});
