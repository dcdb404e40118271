/**
 * The inputs of docs/hash-vectors.json, and the one function that computes their outputs (used by
 * the generator and by the test). Inputs are JSON *text*, so that `-0` and `1e21` stay as written.
 *
 * Regenerate: npx tsx test/canonical/support/hash-vectors.ts --write
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import canonicalize from 'canonicalize';

export const VECTORS_FILE = new URL('../../../docs/hash-vectors.json', import.meta.url);

const SURFACE_INPUTS: readonly { readonly name: string; readonly schema: string }[] = [
  { name: 'a plain schema', schema: '{"type":"object","required":["brief"],"properties":{"brief":{"type":"string"}}}' },
  {
    name: 'keys sorted by UTF-16 code units, whitespace dropped',
    schema: '{ "b": 1, "a": 2, "A": 3, "_": 4, "aa": 5, "\u00e1": 6, "Z": 7 }',
  },
  {
    name: 'UTF-16 order, not code point order: U+1F600 (D83D DE00) sorts before U+FFFF',
    schema: '{"\uffff":"last","\ud83d\ude00":"first"}',
  },
  {
    name: 'numbers in ECMAScript shortest form',
    schema:
      '{"big":1e21,"bigger":1E+30,"small":1e-7,"tiny":5e-324,"max":1.7976931348623157e308,"int":100,"intAsFloat":100.0,"float":0.1,"third":0.3333333333333333,"neg":-1.5,"negZero":-0,"exp":1e3,"safe":9007199254740993}',
  },
  {
    name: 'unicode keys and strings, escapes',
    schema:
      '{"\u00e9":"e\u0301","\u4e2d\u6587":"\\"quote\\" \\\\ /","ctrl":"\\t\\n\\r\\b\\f\\u0000\\u001f\\u007f","sep":"\u2028\u2029","emoji":"\ud83d\ude00"}',
  },
  { name: 'arrays keep their order', schema: '[3,1,2,[],{},null,true,false,"",[[0]]]' },
  { name: 'an empty object', schema: '{}' },
  { name: 'a bare string', schema: '"text"' },
];

export interface DeclaredRoleInput {
  readonly role_id: string;
  readonly aliases?: readonly string[];
  readonly deprecated?: boolean;
  readonly extract_contracts?: readonly { readonly contract_id: string; readonly schema_json: unknown }[];
  readonly produce_contracts?: readonly { readonly contract_id: string; readonly schema_json: unknown }[];
}

const SNAPSHOT_INPUTS: readonly { readonly name: string; readonly roles: readonly DeclaredRoleInput[] }[] = [
  { name: 'an empty registry', roles: [] },
  {
    name: 'two roles: aliases sorted, deprecation as a flag, both contract kinds in one map',
    roles: [
      {
        role_id: 'producer',
        aliases: ['exec_producer', 'a_producer'],
        extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object', required: ['brief'] } }],
        produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'object', required: ['body'] } }],
      },
      {
        role_id: 'legacy_director',
        deprecated: true,
        produce_contracts: [{ contract_id: 'ROLE:legacy_director:C:2', schema_json: { type: 'string' } }],
      },
    ],
  },
];

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const jcs = (value: unknown): string => canonicalize(value)!;

/** The snapshot of declared roles, exactly as docs/canonical-form.md describes it. */
export function snapshotOf(roles: readonly DeclaredRoleInput[]): unknown {
  return {
    format: 'role-registry.snapshot/1',
    roles: Object.fromEntries(
      roles.map((role) => [
        role.role_id,
        {
          aliases: [...(role.aliases ?? [])].sort(),
          contracts: Object.fromEntries(
            [...(role.extract_contracts ?? []), ...(role.produce_contracts ?? [])].map((c) => [c.contract_id, sha256(jcs(c.schema_json))]),
          ),
          deprecated: role.deprecated === true,
        },
      ]),
    ),
  };
}

/** The whole file: inputs as written, outputs computed with canonicalize and node:crypto. */
export function vectorsText(): string {
  const surfaces = SURFACE_INPUTS.map((input) => {
    const canonical = jcs(JSON.parse(input.schema));
    return `    {\n      "name": ${JSON.stringify(input.name)},\n      "schema_json": ${input.schema},\n      "canonical": ${JSON.stringify(canonical)},\n      "sha256": "${sha256(canonical)}"\n    }`;
  });
  const snapshots = SNAPSHOT_INPUTS.map((input) => {
    const canonical = jcs(snapshotOf(input.roles));
    return `    {\n      "name": ${JSON.stringify(input.name)},\n      "roles": ${JSON.stringify(input.roles)},\n      "canonical": ${JSON.stringify(canonical)},\n      "sha256": "${sha256(canonical)}"\n    }`;
  });
  // Non-ASCII is escaped (only strings hold it): an editor that normalises Unicode cannot corrupt a vector.
  return `{
  "description": "Test vectors for role-registry hashes (docs/canonical-form.md). surfaces: a contract's schema_json as written (JSON text, so -0 and 1e21 appear as written) -> its JCS canonical text (UTF-8, no trailing newline) -> sha256. snapshots: declared roles -> the registry snapshot's canonical text -> sha256 (the registry hash).",
  "format": "role-registry.hash-vectors/1",
  "surfaces": [
${surfaces.join(',\n')}
  ],
  "snapshots": [
${snapshots.join(',\n')}
  ]
}
`.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

if (process.argv.includes('--write')) writeFileSync(VECTORS_FILE, vectorsText());
