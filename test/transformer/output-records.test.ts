/**
 * Output records end to end: apps built with tspc, transpileModule (CommonJS), esbuild + the
 * bundler plugin and the generated module stamp records with `recordFor`; `verify-records` checks
 * them against a real git history in which the registry later grows and retires a contract.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, STACK_TRACE } from '../support/cli.js';
import { createProject, expectSuccess, REPO, tsconfig, type Project } from './support/project.js';

let project: Project;
/** Every record the three builds stamped under the first registry, one JSON line each. */
let stamped: string[];
let firstHash: string;

const STAMP = (from: string): string => `import { recordFor } from '${from}';
for (const id of ['ROLE:producer:C:1', 'ROLE:editor:C:1'] as const) console.log(JSON.stringify({ output: { id }, provenance: recordFor(id) }));
try {
  recordFor('ROLE:producer:C:9' as never);
} catch (error) {
  console.log(JSON.stringify({ code: (error as { code: string }).code, message: (error as Error).message }));
}
`;

const commit = (message: string): void => {
  git(project.dir, 'add', '-A');
  git(project.dir, 'commit', '-qm', message);
};

beforeAll(async () => {
  project = await createProject({ name: 'output-records', installs: { esbuild: { from: 'esbuild' } } });
  project.write('.gitignore', 'node_modules\nout\n');
  git(project.dir, 'init', '-q');
  expectSuccess(await project.installedCli('provenance', '--out', 'src/generated/registry-provenance.ts'), 'generated module');
  project.write('src/stamp-generated.ts', STAMP('./generated/registry-provenance.js'));
  project.write('src/stamp-plugin.ts', STAMP('role-registry/provenance'));
  project.write('src/stamp-tspc.ts', STAMP('role-registry/provenance'));
  project.write(
    'build.mjs',
    `import { build } from 'esbuild';
import { esbuild as registryProvenance } from 'role-registry/bundler';
await build({ entryPoints: ['src/stamp-plugin.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/plugin.js', plugins: [registryProvenance()] });
await build({ entryPoints: ['src/stamp-generated.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/generated.js' });
`,
  );
  project.write(
    'tsconfig.json',
    tsconfig({ outDir: 'out/tspc', plugins: [{ transform: 'role-registry/transformer' }] }, ['src/stamp-tspc.ts', 'src/roles']),
  );
  // CommonJS output through transpileModule: the import becomes a require of the record kernel.
  project.write('src/stamp-cjs.cts', STAMP('role-registry/provenance'));
  project.write(
    'transpile.mjs',
    `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { roleRegistryTransformer } from 'role-registry/transformer';
const fileName = new URL('./src/stamp-cjs.cts', import.meta.url).pathname;
const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
const out = ts.transpileModule(readFileSync(fileName, 'utf8'), { fileName, compilerOptions: options, transformers: { before: [roleRegistryTransformer()] } });
mkdirSync('out', { recursive: true });
writeFileSync('out/stamp-cjs.cjs', out.outputText);
`,
  );
  expectSuccess(await project.node(['transpile.mjs']), 'transpileModule (CommonJS)');
  expectSuccess(await project.node(['build.mjs']), 'esbuild');
  expectSuccess(await project.sh('tspc -p .'), 'tspc');
  const outputs = await Promise.all(
    ['out/plugin.js', 'out/generated.js', 'out/tspc/stamp-tspc.js', 'out/stamp-cjs.cjs'].map((file) => project.node([file])),
  );
  stamped = outputs.flatMap((run) =>
    expectSuccess(run, 'stamping app')
      .stdout.trim()
      .split('\n')
      .filter((line) => line.includes('"provenance"')),
  );
  project.write('records/v1.jsonl', `${stamped.join('\n')}\n`);
  firstHash = project.expectedProvenance().registryHash;
  commit('first registry');
  for (const run of outputs) expect(run.stdout).toContain('ROLE_REGISTRY_UNKNOWN_CONTRACT');
  // The registry grows and the editor's contract is superseded: C:1 retires, C:2 replaces it.
  project.write(
    'src/roles/catalog.ts',
    project
      .read('src/roles/catalog.ts')
      .replace(
        "{ contract_id: 'ROLE:editor:C:1', schema_json: { type: 'string' } }",
        "{ contract_id: 'ROLE:editor:C:2', schema_json: { type: 'number' } }",
      ) +
      `
export const colorist = defineRole({
  role_id: 'colorist',
  produce_contracts: [{ contract_id: 'ROLE:colorist:C:1', schema_json: { type: 'array' } }],
});
`,
  );
  expectSuccess(await project.installedCli('lock'), 'lock after the bump');
  commit('bump the editor, add the colorist');
}, 600_000);

afterAll(() => project?.dispose());

describe('recordFor on every build path', () => {
  it('stamps the record of the value the build filled in, and names the nearest ids for an unknown one', async () => {
    expect(stamped).toHaveLength(8);
    const records = stamped.map((line) => (JSON.parse(line) as { provenance: Record<string, string> }).provenance);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(['format', 'registryHash', 'roleId', 'contractId', 'surfaceHash']);
      expect(record['format']).toBe('role-registry.output/1');
      expect(record['registryHash']).toBe(firstHash);
    }
    expect(records[0]).toEqual(records[2]);
    expect(records[0]).toEqual(records[4]);
    expect(records[0]).toEqual(records[6]);
    expect(records[1]).toMatchObject({ roleId: 'editor', contractId: 'ROLE:editor:C:1' });
    const run = await project.node(['out/plugin.js']);
    const refusal = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { code: string; message: string };
    expect(refusal.code).toBe('ROLE_REGISTRY_UNKNOWN_CONTRACT');
    expect(refusal.message).toContain('"ROLE:producer:C:9" is not an active contract');
    expect(refusal.message).toContain('did you mean "ROLE:producer:C:1"');
  });
});

describe('the generated module', () => {
  it('types recordFor with the union of the active contract ids: a typo is a type error', async () => {
    project.write(
      'src/typed/use.ts',
      "import { recordFor } from '../generated/registry-provenance.js';\nrecordFor('ROLE:producer:C:1');\nrecordFor('ROLE:producer:C:9');\n",
    );
    project.write('tsconfig.typed.json', tsconfig({ noEmit: true }, ['src/typed', 'src/generated']));
    const result = await project.sh('tsc -p tsconfig.typed.json');
    expect(result.code).not.toBe(0);
    const errors = result.stdout.split('\n').filter((line) => line.includes('error TS'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^src\/typed\/use\.ts\(3,11\): error TS2345: Argument of type '"ROLE:producer:C:9"'/);
  });
});

describe('role-registry verify-records', () => {
  it('accepts the records after the registry grew, and reports the retired contract as historical', async () => {
    const result = await project.installedCli('verify-records', 'records/v1.jsonl');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('records/v1.jsonl:2 /provenance  ✔ ROLE:editor:C:1 (historical: the contract is retired today');
    expect(result.stdout).toContain('✔ Every record holds: 8 records in 1 file, 4 of them historical.');
  });

  it('rejects tampered records with the reason, located by JSON Pointer in a JSON document', async () => {
    const [first] = stamped.map((line) => JSON.parse(line) as { provenance: Record<string, string> });
    const record = first!.provenance;
    const tampered = [
      { ...record, surfaceHash: 'a'.repeat(64) },
      { ...record, registryHash: 'b'.repeat(64) },
      { ...record, contractId: 'ROLE:producer:C:7' },
      record,
    ];
    writeFileSync(project.path('records/tampered.json'), JSON.stringify({ batch: tampered }, null, 2));
    const text = await project.installedCli('verify-records', 'records/tampered.json');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'records/tampered.json /batch/0  ✖ ROLE:producer:C:1: its surfaceHash aaaaaaaaaaaa… is not the locked surface',
    );
    expect(text.stdout).toContain(
      'records/tampered.json /batch/1  ✖ ROLE:producer:C:1: its registryHash bbbbbbbbbbbb… is not one the lockfile had in any commit of the history.',
    );
    expect(text.stdout).toContain(
      'records/tampered.json /batch/2  ✖ ROLE:producer:C:7: contract "ROLE:producer:C:7" is not in the lockfile (nearest: ROLE:producer:C:1',
    );
    expect(text.stdout).not.toContain('/batch/3');
    expect(text.stdout).toContain('✖ 3 of 4 records in 1 file fail.');

    const json = await project.installedCli('verify-records', '--format', 'json', 'records/tampered.json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; records: number; failed: number; results: { pointer: string; ok: boolean }[] };
    expect(report).toMatchObject({ ok: false, records: 4, failed: 3 });
    expect(report.results.map((r) => r.pointer)).toEqual(['/batch/0', '/batch/1', '/batch/2']);

    const sarif = await project.installedCli('verify-records', '--format', 'sarif', 'records/tampered.json');
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      runs: { results: { level: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
    };
    expect(log.runs[0]!.results.map((r) => [r.level, r.locations[0]!.logicalLocations[0]!.fullyQualifiedName])).toEqual([
      ['error', '/batch/0'],
      ['error', '/batch/1'],
      ['error', '/batch/2'],
    ]);
  });

  it('rejects a record whose registry hash is real but in which the contract was not active', async () => {
    const current = project.expectedProvenance();
    const [first] = stamped.map((line) => JSON.parse(line) as { provenance: Record<string, string> });
    writeFileSync(
      project.path('records/mixed.json'),
      JSON.stringify([
        {
          ...first!.provenance,
          contractId: 'ROLE:colorist:C:1',
          roleId: 'colorist',
          surfaceHash: current.activeContracts['ROLE:colorist:C:1']!.surfaceHash,
        },
      ]),
    );
    const result = await project.installedCli('verify-records', 'records/mixed.json');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `records/mixed.json /0  ✖ ROLE:colorist:C:1: ROLE:colorist:C:1 was not an active contract of registry ${firstHash.slice(0, 12)}…`,
    );
  });

  it('reads a JSON Lines file of a few MB and refuses an unreadable line at its place, without a stack trace', async () => {
    const big = `${Array.from({ length: 10_000 }, (_, i) => stamped[i % stamped.length]).join('\n')}\n`;
    writeFileSync(project.path('records/big.jsonl'), big);
    const ok = await project.installedCli('verify-records', 'records/big.jsonl');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('10000 records in 1 file');

    // Coarse, no timing: ten times the records must not take ten times the memory (a file held whole would).
    writeFileSync(project.path('records/bigger.jsonl'), big.repeat(10));
    const peakKb = async (file: string): Promise<number> => {
      const run = expectSuccess(
        await project.node([project.path('node_modules/role-registry/bin/role-registry.js'), 'verify-records', file], {
          NODE_OPTIONS: `--require ${path.join(REPO, 'bench/max-rss.cjs')}`,
        }),
        `verify-records ${file}`,
      );
      return Number(/maxrss-kb=(\d+)/.exec(run.stderr)![1]);
    };
    const small = await peakKb('records/big.jsonl');
    const large = await peakKb('records/bigger.jsonl');
    expect(large - small).toBeLessThan(40 * 1024);

    writeFileSync(project.path('records/broken.jsonl'), `${stamped[0]}\n{"format": \n${stamped[1]}\n`);
    const broken = await project.installedCli('verify-records', 'records/v1.jsonl', 'records/broken.jsonl');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^✖ records\/broken\.jsonl:2: this line is not JSON \(.+\)\.\n {4}→ /);
    expect(broken.stderr).not.toMatch(STACK_TRACE);
    const missing = await project.installedCli('verify-records', 'records/none.jsonl');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('✖ records/none.jsonl: there is no such file.');

    // Machine formats stay parseable on unusable input: the reason is in the report, not only on stderr.
    const brokenJson = await project.installedCli('verify-records', '--format', 'json', 'records/broken.jsonl');
    expect(brokenJson.code).toBe(2);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({
      ok: false,
      records: null,
      results: [],
      unusable: {
        code: 'RECORD_FILE_INVALID',
        file: 'records/broken.jsonl',
        line: 2,
        message: expect.stringMatching(/^this line is not JSON/),
      },
    });
    const brokenSarif = await project.installedCli('verify-records', '--format', 'sarif', 'records/broken.jsonl');
    expect(brokenSarif.code).toBe(2);
    const [invocation] = JSON.parse(brokenSarif.stdout).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      descriptor: { id: 'RECORD_FILE_INVALID' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'records/broken.jsonl' }, region: { startLine: 2 } } }],
    });
    const outside = await project.installedCli(
      'verify-records',
      '--format',
      'json',
      '--cwd',
      path.dirname(project.dir),
      'records/v1.jsonl',
    );
    expect(outside.code).toBe(2);
    expect(JSON.parse(outside.stdout).unusable).toMatchObject({
      code: 'CONFIG_INVALID',
      file: expect.stringContaining('role-registry.config.json'),
    });
  });
});
