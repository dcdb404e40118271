import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, TempProject } from '../support/temp-project.js';

/**
 * The public types of `role-registry`, compiled by the real `tsc` against the built package as a
 * user installs it (node_modules/role-registry → this checkout), and its run-time helper loaded
 * with `import` and with `require`.
 */
const FIXTURE = `import { createRoleIndex, defineRole, type ContractId } from 'role-registry';

export const producer = defineRole({
  role_id: 'producer',
  aliases: ['exec_producer'],
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object', required: ['brief'] } }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:2', schema_json: { type: 'object' } }],
});
export const director = defineRole({ role_id: 'director', deprecated: { reason: 'merged', replaced_by: 'producer' } });

// role_id is a literal type, and so are the contract ids.
export const id: 'producer' = producer.role_id;
export const extract: 'ROLE:producer:X:1' = producer.extract_contracts[0].contract_id;
export const any: ContractId = 'ROLE:anyone:C:7';
// @ts-expect-error role_id is 'producer', not any string
export const other: 'director' = producer.role_id;

// @ts-expect-error a contract id naming another role
defineRole({ role_id: 'editor', extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: {} }] });
// @ts-expect-error a produce (C) contract listed in extract_contracts
defineRole({ role_id: 'editor', extract_contracts: [{ contract_id: 'ROLE:editor:C:1', schema_json: {} }] });
// @ts-expect-error an extract (X) contract listed in produce_contracts
defineRole({ role_id: 'editor', produce_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: {} }] });
// @ts-expect-error a version that is not an integer
defineRole({ role_id: 'editor', produce_contracts: [{ contract_id: 'ROLE:editor:C:1.5', schema_json: {} }] });
// @ts-expect-error a schema that is not JSON
defineRole({ role_id: 'editor', produce_contracts: [{ contract_id: 'ROLE:editor:C:1', schema_json: { f: () => 1 } }] });
// @ts-expect-error a role_id that is not a string
defineRole({ role_id: 42 });

const index = createRoleIndex([producer, director]);
export const resolved: 'producer' | 'director' | undefined = index.resolveId('exec_producer');
// @ts-expect-error resolveId answers with the declared ids only
export const wrong: 'editor' | undefined = index.resolveId('exec_producer');
`;

const RUNTIME_CHECK = `
const roles = [
  defineRole({ role_id: 'producer', aliases: ['exec_producer'] }),
  defineRole({ role_id: 'director' }),
];
const index = createRoleIndex(roles);
const same = defineRole(roles[1]) === roles[1];
let clash = '';
try { createRoleIndex([...roles, defineRole({ role_id: 'other', aliases: ['producer'] })]); } catch (error) { clash = error.message; }
console.log(JSON.stringify([index.resolveId('exec_producer'), index.resolveId('producer'), index.resolveId('nobody'), index.get('exec_producer').role_id, resolveRoleId(roles, 'exec_producer'), same, clash]));
`;
const RUNTIME_EXPECTED = JSON.stringify([
  'producer',
  'producer',
  null,
  'producer',
  'producer',
  true,
  'role-registry: "producer" is claimed by both "producer" and "other".',
]);

describe('the role-registry package', () => {
  const project = new TempProject(
    {
      'fixture.ts': FIXTURE,
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] },
        files: ['fixture.ts', 'bare.ts'],
      }),
    },
    { config: null, prefix: 'rr-types-' },
  );
  mkdirSync(project.path('node_modules'));
  symlinkSync(REPO, project.path('node_modules/role-registry'), 'dir');
  afterAll(() => project.dispose());
  const tsc = (): { code: number; output: string } => {
    const result = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: project.dir,
      encoding: 'utf8',
    });
    return { code: result.status ?? -1, output: result.stdout + result.stderr };
  };

  it('type-checks the fixture, and fails exactly on its @ts-expect-error lines once the markers are removed (tsc --noEmit)', () => {
    // One tsc run over both files: the fixture must be clean, its copy without markers must fail
    // on the marked lines and nowhere else (so each marker stands for the error it names).
    const lines = FIXTURE.split('\n');
    const expectedErrorLines = lines.flatMap((line, index) => (line.startsWith('// @ts-expect-error') ? [index + 2] : []));
    project.write('bare.ts', lines.map((line) => (line.startsWith('// @ts-expect-error') ? '' : line)).join('\n'));
    const result = tsc();
    const errorsIn = (file: string): number[] => [
      ...new Set([...result.output.matchAll(new RegExp(`^${file}\\((\\d+),\\d+\\): error`, 'gm'))].map((match) => Number(match[1]))),
    ];
    expect(errorsIn('fixture\\.ts'), result.output).toEqual([]);
    expect(errorsIn('bare\\.ts'), result.output).toEqual(expectedErrorLines);
    expect(result.output.split('\n').filter((line) => /error TS/.test(line) && !line.startsWith('bare.ts('))).toEqual([]);
  });

  it('resolves an alias to its role_id at run time, from import', () => {
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { createRoleIndex, defineRole, resolveRoleId } from 'role-registry';${RUNTIME_CHECK}`],
      { cwd: project.dir, encoding: 'utf8' },
    );
    expect(output.trim()).toBe(RUNTIME_EXPECTED);
  });

  it('resolves an alias to its role_id at run time, from require', () => {
    const output = execFileSync(
      process.execPath,
      ['--input-type=commonjs', '-e', `const { createRoleIndex, defineRole, resolveRoleId } = require('role-registry');${RUNTIME_CHECK}`],
      { cwd: project.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(output.trim()).toBe(RUNTIME_EXPECTED);
  });
});
