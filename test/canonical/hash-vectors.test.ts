import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, registryHash, snapshotDocument, surfaceHash } from '../../src/canonical/hashing.js';
import { sourceSnapshot } from '../../src/canonical/snapshot.js';
import { jcs, sha256, snapshotOf, vectorsText, VECTORS_FILE, type DeclaredRoleInput } from './support/hash-vectors.js';
import { renderJson, type Json } from './support/render-json.js';
import { IMPORT, TempProject } from '../support/temp-project.js';

/**
 * docs/hash-vectors.json lets a service in another language check its hashes against ours. Every
 * vector is recomputed here independently (canonicalize + node:crypto) and through the engine,
 * from TypeScript source, as a user's registry would be read.
 */
const text = readFileSync(VECTORS_FILE, 'utf8');
const vectors = JSON.parse(text) as {
  surfaces: { name: string; schema_json: Json; canonical: string; sha256: string }[];
  snapshots: { name: string; roles: DeclaredRoleInput[]; canonical: string; sha256: string }[];
};

const project = new TempProject({}, { prefix: 'rr-vectors-' });
afterAll(() => project.dispose());

/** Declares roles in TypeScript (schemas written with `as const`, spreads and odd spacing) and reads them. */
function engineRead(roles: readonly DeclaredRoleInput[], tape: readonly number[]) {
  const declarations: string[] = [];
  const shared: string[] = [];
  let renderings = 0;
  const source = roles.map((role, index) => {
    const contracts = (list: DeclaredRoleInput['extract_contracts']): string =>
      (list ?? [])
        .map((contract) => {
          const rendering = renderings++;
          const rendered = renderJson(contract.schema_json as Json, [...tape, index, rendering]);
          const rename = (line: string): string => line.replace(/__H(\d+)/g, `V${rendering}_$1`);
          declarations.push(...rendered.declarations.map(rename).filter((line) => !line.startsWith('import')));
          shared.push(...rendered.shared.map(rename));
          return `{ contract_id: '${contract.contract_id}', schema_json: ${rename(rendered.expression)} }`;
        })
        .join(', ');
    return `export const r${index} = defineRole({ role_id: '${role.role_id}', aliases: ${JSON.stringify(role.aliases ?? [])}, deprecated: ${role.deprecated === true}, extract_contracts: [${contracts(role.extract_contracts)}], produce_contracts: [${contracts(role.produce_contracts)}] });`;
  });
  const sharedNames = shared.map((line) => /export const (\w+)/.exec(line)![1]);
  project.setRoles({
    'all.ts': `${IMPORT}${sharedNames.length > 0 ? `import { ${sharedNames.join(', ')} } from '../shared';\n` : ''}${declarations.join('\n')}\n${source.join('\n')}\n`,
  });
  project.write('src/shared.ts', `${shared.join('\n')}\n`);
  const state = project.inspect();
  expect(state.source.findings).toEqual([]);
  return state.source.roles;
}

describe('docs/hash-vectors.json', () => {
  it('is up to date with its inputs (regenerate: npx tsx test/canonical/support/hash-vectors.ts --write)', () => {
    expect(text).toBe(vectorsText());
    expect(text).toMatch(/^[\x00-\x7e]*$/);
  });

  it('keeps -0 and 1e21 as written in its inputs', () => {
    expect(text).toContain('"negZero":-0');
    expect(text).toContain('"big":1e21');
  });

  describe.each(vectors.surfaces)('surface: $name', (vector) => {
    it('recomputes independently: JCS text, then sha256 of its UTF-8 bytes', () => {
      expect(jcs(vector.schema_json)).toBe(vector.canonical);
      expect(sha256(vector.canonical)).toBe(vector.sha256);
      expect(Buffer.from(vector.canonical, 'utf8').at(-1)).not.toBe(0x0a);
    });

    it('recomputes through the engine, from TypeScript source written two ways', () => {
      expect(canonicalJson(vector.schema_json)).toBe(vector.canonical);
      expect(surfaceHash(vector.schema_json)).toBe(vector.sha256);
      for (const tape of [[0], [7, 3, 1, 8, 5, 2, 9]]) {
        const [role] = engineRead(
          [{ role_id: 'v', extract_contracts: [{ contract_id: 'ROLE:v:X:1', schema_json: vector.schema_json }] }],
          tape,
        );
        expect(role!.contracts[0]!.surfaceHash).toBe(vector.sha256);
      }
    });
  });

  describe.each(vectors.snapshots)('snapshot: $name', (vector) => {
    it('recomputes independently', () => {
      expect(jcs(snapshotOf(vector.roles))).toBe(vector.canonical);
      expect(sha256(vector.canonical)).toBe(vector.sha256);
    });

    it('recomputes through the engine, from TypeScript source', () => {
      if (vector.roles.length === 0) {
        expect(registryHash({ roles: new Map() })).toBe(vector.sha256);
        return;
      }
      const snapshot = sourceSnapshot(engineRead(vector.roles, [1, 2, 3]));
      expect(canonicalJson(snapshotDocument(snapshot))).toBe(vector.canonical);
      expect(registryHash(snapshot)).toBe(vector.sha256);
    });
  });
});
