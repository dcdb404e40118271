/** The registry most rule tests start from: locked as written here. */
export const CATALOG = `import { defineRole } from 'role-registry';

export const producer = defineRole({
  role_id: 'producer',
  aliases: ['exec_producer'],
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'string' } }],
});

export const director = defineRole({
  role_id: 'director',
  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },
});
`;

export const CREW = `import { defineRole } from 'role-registry';

export const editor = defineRole({ role_id: 'editor' });
`;

/** Where `needle` stands in `text` (its `occurrence`-th match), as RuleTester counts: 1-based lines and columns. */
export function at(text: string, needle: string, occurrence = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let n = 0; n < occurrence; n++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${occurrence}) is not in the text`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const start = position(index);
  const end = position(index + needle.length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The whole first line, where a finding without a place in the file is reported. */
export function firstLine(text: string): { line: 1; column: 1; endLine: 1; endColumn: number } {
  return { line: 1, column: 1, endLine: 1, endColumn: text.split('\n')[0]!.length + 1 };
}
