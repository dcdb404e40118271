import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { runCliSync, writeFiles } from './cli.js';

/** A small valid registry: two roles across two files, a shared schema, an alias. */
const STUDIO_FILES: Record<string, string> = {
  'role-registry.config.json': '{\n  "include": ["src/roles/**/*.ts"],\n  "lockfile": "role-registry.lock.json"\n}\n',
  'src/roles/schemas.ts': "export const BRIEF = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } as const;\n",
  'src/roles/producer.ts': [
    "import { defineRole } from 'role-registry';",
    "import { BRIEF } from './schemas';",
    '',
    'export const producer = defineRole({',
    "  role_id: 'producer',",
    "  aliases: ['exec_producer'],",
    "  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF }],",
    "  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'object', required: ['body'] } }],",
    '});',
    '',
  ].join('\n'),
  'src/roles/director.ts': [
    "import { defineRole } from 'role-registry';",
    '',
    'export const director = defineRole({',
    "  role_id: 'director',",
    "  produce_contracts: [{ contract_id: 'ROLE:director:C:1', schema_json: { type: 'string', description: `A cut,\nin words.` } }],",
    '});',
    '',
  ].join('\n'),
};

/** Writes the studio into `root` and publishes it with the real CLI (`init`). */
export function writeStudio(root: string): void {
  writeFiles(root, STUDIO_FILES);
  const result = runCliSync(['init'], root);
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`);
}

export function lockfileOf(root: string): string {
  return readFileSync(path.join(root, 'role-registry.lock.json'), 'utf8');
}

export function setLockfile(root: string, text: string | Uint8Array): void {
  writeFileSync(path.join(root, 'role-registry.lock.json'), text);
}

/** Replaces exactly one occurrence, failing loudly when the fixture drifted. */
export function replaceOnce(text: string, search: string, replacement: string): string {
  const index = text.indexOf(search);
  if (index === -1 || text.indexOf(search, index + 1) !== -1) throw new Error(`fixture: ${JSON.stringify(search)} must occur exactly once`);
  return text.slice(0, index) + replacement + text.slice(index + search.length);
}
