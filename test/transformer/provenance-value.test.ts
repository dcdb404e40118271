/** The one provenance function, and the run-time module that refuses to be read un-built. */
import { describe, expect, it } from 'vitest';
import { emptyLockfile, type Lockfile, type LockedRole } from '../../src/lockfile/format.js';
import { PROVENANCE_DOCS_URL } from '../../src/provenance/docs.js';
import { provenanceOf, PROVENANCE_FORMAT } from '../../src/provenance/value.js';
import { OUTPUT_RECORD_FORMAT, recordFrom, UnknownContractError } from '../../src/provenance/output-record.js';
import { registryHash } from '../../src/canonical/hashing.js';
import { lockfileSnapshot } from '../../src/lockfile/format.js';
import { DOCS_BASE_URL } from '../../src/core/version.js';
import { createProject, expectSuccess } from './support/project.js';

const hash = (c: string): string => c.repeat(64);
const role = (contracts: Record<string, string>, retired: Record<string, string> = {}, deprecated = false): LockedRole => ({
  aliases: [],
  deprecated,
  contracts: new Map(Object.entries(contracts)),
  retiredContracts: new Map(Object.entries(retired)),
  declaredIn: undefined,
});

describe('provenanceOf', () => {
  const lock: Lockfile = {
    ...emptyLockfile(),
    roles: new Map([
      ['zeta', role({ 'ROLE:zeta:X:2': hash('a') }, { 'ROLE:zeta:X:1': hash('b') })],
      ['alpha', role({ 'ROLE:alpha:C:1': hash('c'), 'ROLE:alpha:X:1': hash('d') }, {}, true)],
    ]),
  };

  it('has the documented shape: format, registry hash, versions, counts, sorted active contract ids', () => {
    expect(provenanceOf(lock)).toEqual({
      format: PROVENANCE_FORMAT,
      registryHash: registryHash(lockfileSnapshot(lock)),
      lockfileVersion: 1,
      ruleset: lock.ruleset,
      roles: 2,
      contracts: 3,
      contractIds: ['ROLE:alpha:C:1', 'ROLE:alpha:X:1', 'ROLE:zeta:X:2'],
      activeContracts: {
        'ROLE:alpha:C:1': { roleId: 'alpha', surfaceHash: hash('c') },
        'ROLE:alpha:X:1': { roleId: 'alpha', surfaceHash: hash('d') },
        'ROLE:zeta:X:2': { roleId: 'zeta', surfaceHash: hash('a') },
      },
    });
    expect(Object.keys(provenanceOf(lock))).toEqual([
      'format',
      'registryHash',
      'lockfileVersion',
      'ruleset',
      'roles',
      'contracts',
      'contractIds',
      'activeContracts',
    ]);
  });

  it('is frozen, arrays included', () => {
    const value = provenanceOf(lock);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.contractIds)).toBe(true);
  });

  it('gives recordFrom the record of an active contract, and for another id an error naming the nearest ones', () => {
    const value = provenanceOf(lock);
    const record = recordFrom(value, 'ROLE:zeta:X:2');
    expect(record).toEqual({
      format: OUTPUT_RECORD_FORMAT,
      registryHash: value.registryHash,
      roleId: 'zeta',
      contractId: 'ROLE:zeta:X:2',
      surfaceHash: hash('a'),
    });
    expect(Object.keys(record)).toEqual(['format', 'registryHash', 'roleId', 'contractId', 'surfaceHash']);
    expect(Object.isFrozen(record)).toBe(true);
    for (const [asked, nearest] of [
      ['ROLE:zeta:X:1', ['ROLE:zeta:X:2']], // retired: no new outputs under it
      ['ROLE:alpha:C:2', ['ROLE:alpha:C:1', 'ROLE:alpha:X:1']],
      ['__proto__', []],
      ['toString', []],
    ] as const) {
      const error = (() => {
        try {
          recordFrom(value, asked);
        } catch (caught) {
          return caught;
        }
        throw new Error(`no error for ${asked}`);
      })() as UnknownContractError;
      expect(error).toBeInstanceOf(UnknownContractError);
      expect(error.code).toBe('ROLE_REGISTRY_UNKNOWN_CONTRACT');
      expect(error.nearest).toEqual(nearest);
      expect(error.message).toContain(`"${asked}" is not an active contract of the registry this build was made against`);
    }
  });

  it('links docs under the documented base', () => {
    expect(PROVENANCE_DOCS_URL.startsWith(`${DOCS_BASE_URL}/`)).toBe(true);
  });
});

describe('role-registry/provenance un-built', () => {
  it('throws the missing-build-step error on every kind of read, from import and from require', async () => {
    const project = await createProject({ name: 'runtime' });
    try {
      project.write(
        'probe.mjs',
        `import { createRequire } from 'node:module';
import { REGISTRY_PROVENANCE, recordFor } from 'role-registry/provenance';
const required = createRequire(import.meta.url)('role-registry/provenance').REGISTRY_PROVENANCE;
const reads = {
  property: () => REGISTRY_PROVENANCE.registryHash,
  json: () => JSON.stringify(REGISTRY_PROVENANCE),
  spread: () => ({ ...REGISTRY_PROVENANCE }),
  keys: () => Object.keys(REGISTRY_PROVENANCE),
  in: () => 'registryHash' in REGISTRY_PROVENANCE,
  log: () => console.log(REGISTRY_PROVENANCE),
  template: () => \`\${REGISTRY_PROVENANCE}\`,
  required: () => required.registryHash,
  recordFor: () => recordFor('ROLE:producer:C:1'),
};
for (const [name, read] of Object.entries(reads)) {
  try { read(); console.log(name + ': no error'); } catch (error) { console.log(name + ': ' + error.name + ': ' + error.message); }
}
`,
      );
      const result = expectSuccess(await project.node(['probe.mjs']), 'probe');
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(9);
      for (const line of lines) {
        expect(line).toMatch(
          /^\w+: ProvenanceNotBuiltError: role-registry: REGISTRY_PROVENANCE was read, but no build step filled it in\./,
        );
        expect(line).toContain(PROVENANCE_DOCS_URL);
      }
    } finally {
      project.dispose();
    }
  });
});
