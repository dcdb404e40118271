import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { registryHash } from '../../src/canonical/hashing.js';
import { sourceSnapshot } from '../../src/canonical/snapshot.js';
import { renderJson, type Json } from './support/render-json.js';
import { IMPORT, TempProject } from '../support/temp-project.js';

/**
 * Law 7: formatting, key order, quote style, `as const`, equivalent spreads and moving a role to
 * another file never change a hash; any change of meaning always does. Expected hashes are
 * computed here independently of the engine (canonicalize + node:crypto).
 */
const RUNS = Number(process.env['RR_HASH_RUNS'] ?? 150);

const project = new TempProject({}, { prefix: 'rr-hash-' });
afterAll(() => project.dispose());

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const expectedSurfaceHash = (schema: Json): string => sha256(canonicalize(schema)!);

/** Characters that stress escaping, quoting and UTF-16 ordering. */
const CHAR = fc.constantFrom(
  'a',
  'b',
  'Z',
  '_',
  '$',
  ' ',
  '"',
  "'",
  '`',
  '\\',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '${',
  'é',
  'e\u0301',
  'ß',
  '\u2028',
  '😀',
  '中',
  '1',
  '0',
);
const KEY = fc.oneof(
  fc.string({ unit: CHAR, maxLength: 4 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '1', '01', '10', 'type', 'a-b'),
);
const NUMBER = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, 1e-7, -0, 0.1, 2 ** 53, 5e-324, 1.7976931348623157e308, 123456789012),
);
const JSON_VALUE: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    NUMBER,
    fc.string({ unit: CHAR, maxLength: 6 }),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(KEY, tie('node'), { maxKeys: 5 }),
  ),
})).node;
const TAPE = fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 });

function engineSurfaceHash(schema: Json, tape: readonly number[]): string {
  const rendered = renderJson(schema, tape);
  project.setRoles({
    'a.ts': `${IMPORT}${rendered.declarations.join('\n')}\nexport const r = defineRole({ role_id: 'p', extract_contracts: [{ contract_id: 'ROLE:p:X:1', schema_json: ${rendered.expression} }] });\n`,
  });
  project.write('src/shared.ts', `${rendered.shared.join('\n')}\n`);
  const state = project.inspect();
  const problems = state.source.findings;
  if (problems.length > 0)
    throw new Error(
      `${problems.map((f) => f.message).join('\n')}\n--- rendered:\n${project.read('src/roles/a.ts')}\n--- shared:\n${project.read('src/shared.ts')}`,
    );
  return state.source.roles[0]!.contracts[0]!.surfaceHash;
}

describe('surface hashes', () => {
  it('equal sha256(JCS(schema)) for random schemas written in random equivalent ways', () => {
    fc.assert(
      fc.property(JSON_VALUE, TAPE, TAPE, (schema, tapeA, tapeB) => {
        const expected = expectedSurfaceHash(schema);
        expect(engineSurfaceHash(schema, tapeA)).toBe(expected);
        expect(engineSurfaceHash(schema, tapeB)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('change with every change of meaning', () => {
    const base: Json = { type: 'object', required: ['a', 'b'], properties: { a: { type: 'integer', maximum: 10 }, b: { type: 'string' } } };
    const changes: Record<string, Json> = {
      'a value': { ...base, properties: { a: { type: 'integer', maximum: 11 }, b: { type: 'string' } } },
      'a key': { ...base, properties: { a: { type: 'integer', max: 10 }, b: { type: 'string' } } },
      'an array order': { ...base, required: ['b', 'a'] },
      'a number for a string': { ...base, properties: { a: { type: 'integer', maximum: '10' }, b: { type: 'string' } } },
      'a boolean for a string': { ...base, additionalProperties: false },
      'null for a missing key': { ...base, title: null },
      'an empty array for a missing key': { ...base, enum: [] },
      'a nested object for an array': { ...base, required: { 0: 'a', 1: 'b' } },
    };
    const baseHash = engineSurfaceHash(base, [0]);
    expect(baseHash).toBe(expectedSurfaceHash(base));
    const seen = new Set([baseHash]);
    for (const [label, changed] of Object.entries(changes)) {
      const hash = engineSurfaceHash(changed, [0]);
      expect(seen.has(hash), label).toBe(false);
      seen.add(hash);
    }
  });

  it('read as JavaScript would: an undefined property is dropped, a spread key is overridden', () => {
    project.setRoles({
      'a.ts': `${IMPORT}const BASE = { type: 'array', title: 't' } as const;
export const r = defineRole({ role_id: 'p', extract_contracts: [{ contract_id: 'ROLE:p:X:1', schema_json: { ...BASE, type: 'object', title: undefined } }] });\n`,
    });
    expect(project.inspect().source.roles[0]!.contracts[0]!.surfaceHash).toBe(expectedSurfaceHash({ type: 'object' }));
  });
});

interface ModelRole {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly deprecated: boolean;
  readonly contracts: readonly { readonly id: string; readonly schema: Json }[];
  readonly displayName: string;
}

/** The registry hash of the snapshot, built by hand from docs/canonical-form.md. */
function expectedRegistryHash(roles: readonly ModelRole[]): string {
  const document = {
    format: 'role-registry.snapshot/1',
    roles: Object.fromEntries(
      roles.map((role) => [
        role.id,
        {
          aliases: [...role.aliases].sort(),
          contracts: Object.fromEntries(role.contracts.map((contract) => [contract.id, expectedSurfaceHash(contract.schema)])),
          deprecated: role.deprecated,
        },
      ]),
    ),
  };
  return sha256(canonicalize(document)!);
}

const SMALL_SCHEMA: fc.Arbitrary<Json> = fc.dictionary(
  fc.constantFrom('type', 'title', 'minimum', 'enum'),
  fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })),
  { maxKeys: 3 },
);
const REGISTRY: fc.Arbitrary<ModelRole[]> = fc
  .uniqueArray(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'eps'), { minLength: 1, maxLength: 5 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id, index) =>
        fc.record({
          id: fc.constant(id),
          aliases: fc.uniqueArray(fc.constantFrom(`old_${index}_a`, `old_${index}_b`, `z_${index}`), { maxLength: 3 }),
          deprecated: fc.boolean(),
          contracts: fc.uniqueArray(
            fc.record({ id: fc.constantFrom(`ROLE:${id}:X:1`, `ROLE:${id}:X:2`, `ROLE:${id}:C:1`), schema: SMALL_SCHEMA }),
            { selector: (c) => c.id, maxLength: 3 },
          ),
          displayName: fc.string({ maxLength: 5 }),
        }),
      ),
    ),
  );

/** Renders roles into `fileOf(role)` files, in the given order, each schema written its own way. */
function renderRegistry(roles: readonly ModelRole[], placement: readonly number[], tape: readonly number[]): Record<string, string> {
  const files = new Map<string, string[]>();
  const shared: string[] = [];
  roles.forEach((role, index) => {
    const file = `f${(placement[index] ?? 0) % 4}.ts`;
    const contracts = role.contracts.map((contract, position) => {
      const rendered = renderJson(contract.schema, [...tape.slice(index + position), index, position]);
      // Hoisted names are per rendering: prefix them so several roles can share one file.
      const prefix = (text: string): string => text.replace(/__H(\d+)/g, `R${index}_${position}_H$1`);
      for (const declaration of rendered.declarations) files.set(file, [...(files.get(file) ?? []), prefix(declaration)]);
      shared.push(...rendered.shared.map(prefix));
      return `{ contract_id: '${contract.id}', schema_json: ${prefix(rendered.expression)} }`;
    });
    const fields = [
      `role_id: '${role.id}'`,
      `display_name: ${JSON.stringify(role.displayName)}`,
      role.aliases.length > 0 || index % 2 === 0 ? `aliases: [${role.aliases.map((alias) => `"${alias}"`).join(', ')}]` : '',
      role.deprecated ? `deprecated: { reason: ${JSON.stringify(role.displayName)} }` : index % 3 === 0 ? 'deprecated: false' : '',
      `extract_contracts: [${contracts.filter((_, i) => role.contracts[i]!.id.includes(':X:')).join(', ')}]`,
      `produce_contracts: [${contracts.filter((_, i) => role.contracts[i]!.id.includes(':C:')).join(', ')}]`,
    ].filter((field) => field !== '');
    if ((tape[index] ?? 0) % 2 === 0) fields.reverse();
    files.set(file, [...(files.get(file) ?? []), `export const role_${index} = defineRole({ ${fields.join(', ')} });`]);
  });
  const out: Record<string, string> = {};
  for (const [file, lines] of files) {
    const imports = lines.filter((line) => line.startsWith('import '));
    const rest = lines.filter((line) => !line.startsWith('import '));
    const sharedNames = imports.flatMap((line) => /\{ (.*) \}/.exec(line)![1]!.split(', '));
    out[file] = `${IMPORT}${sharedNames.length > 0 ? `import { ${sharedNames.join(', ')} } from '../shared';\n` : ''}${rest.join('\n')}\n`;
  }
  out['../shared.ts'] = `${shared.join('\n')}\n`;
  return out;
}

function engineRegistryHash(files: Record<string, string>): string {
  project.setRoles(Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith('../'))));
  project.write('src/shared.ts', files['../shared.ts'] ?? '\n');
  const state = project.inspect();
  if (state.source.findings.length > 0) throw new Error(state.source.findings.map((f) => f.message).join('\n'));
  return registryHash(sourceSnapshot(state.source.roles));
}

describe('the registry hash', () => {
  it('equals the hash of the documented snapshot, whatever the files, order, formatting and metadata', () => {
    fc.assert(
      fc.property(REGISTRY, fc.array(fc.nat(3), { maxLength: 5 }), TAPE, fc.boolean(), (roles, placement, tape, reverse) => {
        const ordered = reverse ? [...roles].reverse() : roles;
        expect(engineRegistryHash(renderRegistry(ordered, placement, tape))).toBe(expectedRegistryHash(roles));
      }),
      { numRuns: Math.round(RUNS / 2) },
    );
  });

  it('changes with every change of identity, and not with metadata', () => {
    const base: ModelRole[] = [
      {
        id: 'alpha',
        aliases: ['old_a'],
        deprecated: false,
        contracts: [{ id: 'ROLE:alpha:X:1', schema: { type: 'object' } }],
        displayName: 'Alpha',
      },
      { id: 'beta', aliases: [], deprecated: false, contracts: [{ id: 'ROLE:beta:C:1', schema: { type: 'string' } }], displayName: 'Beta' },
    ];
    const hash = (roles: ModelRole[]): string => engineRegistryHash(renderRegistry(roles, [0, 1], [0]));
    const baseHash = hash(base);
    expect(baseHash).toBe(expectedRegistryHash(base));
    expect(hash([{ ...base[0]!, displayName: 'Renamed' }, base[1]!])).toBe(baseHash);
    expect(engineRegistryHash(renderRegistry(base, [3, 3], [1, 1]))).toBe(baseHash);
    const changed: Record<string, ModelRole[]> = {
      'an alias added': [{ ...base[0]!, aliases: ['old_a', 'older_a'] }, base[1]!],
      'a deprecation': [base[0]!, { ...base[1]!, deprecated: true }],
      'a contract version': [{ ...base[0]!, contracts: [{ id: 'ROLE:alpha:X:2', schema: { type: 'object' } }] }, base[1]!],
      'a contract added': [base[0]!, { ...base[1]!, contracts: [...base[1]!.contracts, { id: 'ROLE:beta:X:1', schema: {} }] }],
      'a surface': [{ ...base[0]!, contracts: [{ id: 'ROLE:alpha:X:1', schema: { type: 'array' } }] }, base[1]!],
      'a role added': [...base, { id: 'gamma', aliases: [], deprecated: false, contracts: [], displayName: '' }],
    };
    const seen = new Set([baseHash]);
    for (const [label, roles] of Object.entries(changed)) {
      const changedHash = hash(roles);
      expect(changedHash, label).toBe(expectedRegistryHash(roles));
      expect(seen.has(changedHash), label).toBe(false);
      seen.add(changedHash);
    }
  });
});
