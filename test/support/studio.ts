/**
 * The studio registries the end-to-end tests start from. `Studio`: a small registry in a real git
 * repository, committed with its lockfile (written by `init` and `lock`), including a superseded
 * contract, so that every law can be broken from a known state and the state restored with
 * `git reset --hard`. `writeStudio`: a smaller one published into a bare directory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli, writeFiles } from './cli.js';
import { TempProject, type CliResult } from './temp-project.js';
import { positionOf } from './text.js';

export const SCHEMAS = `export const BRIEF = { type: 'object', required: ['brief'], properties: { brief: { type: 'string' } } } as const;
export const BRIEF_V1 = { type: 'object' } as const;
`;

const EXEC_V1 = `import { defineRole } from 'role-registry';
import { BRIEF_V1 } from '../schemas.js';

export const producer = defineRole({
  role_id: 'producer',
  aliases: ['exec_producer'],
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'object', required: ['body'] } }],
});

export const legacyDirector = defineRole({
  role_id: 'legacy_director',
  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },
  produce_contracts: [{ contract_id: 'ROLE:legacy_director:C:1', schema_json: { type: 'string' } }],
});
`;

/** The committed state: X:1 superseded by X:2 (retired in the lockfile). */
export const EXEC = EXEC_V1.replace("import { BRIEF_V1 } from '../schemas.js';", "import { BRIEF } from '../schemas.js';").replace(
  "{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF_V1 }",
  "{ contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }",
);

export const CREW = `import * as rr from 'role-registry';

export const editor = rr.defineRole({
  role_id: 'editor',
  aliases: ['cutter'],
  extract_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: { type: 'array', items: { type: 'string' } } }],
});

export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });
`;

export const CONFIG = `${JSON.stringify({ include: ['src/roles/**/*.ts'] }, null, 2)}\n`;

export class Studio extends TempProject {
  constructor(prefix: string) {
    super({ 'src/schemas.ts': SCHEMAS, 'src/roles/exec.ts': EXEC_V1, 'src/roles/crew.ts': CREW }, { config: CONFIG, prefix });
    this.initGit();
    expectCli(this.cli(['init']), 0);
    this.write('src/roles/exec.ts', EXEC);
    expectCli(this.cli(['lock']), 0);
    this.commit('base registry');
    this.git('tag', 'base');
  }

  /** Back to the committed base state. */
  reset(): void {
    this.git('checkout', '-q', 'main');
    this.git('reset', '-q', '--hard', 'base');
    this.git('clean', '-q', '-fdx');
  }

  /** Replaces one occurrence of `from` in a file (which must contain it). */
  edit(file: string, from: string, to: string): string {
    const text = this.read(file);
    expect(text, `${file} should contain ${from}`).toContain(from);
    const next = text.replace(from, to);
    this.write(file, next);
    return next;
  }
}

export function expectCli(result: CliResult, code: number): CliResult {
  expect(result.code, `exit code; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);
  return result;
}

/** The text-format line of a finding: `file:line:col  error  CODE  message`. */
export function textLine(file: string, text: string, needle: string, code: string, message: string, occurrence = 1): string {
  const at = positionOf(text, needle, occurrence);
  return `${file}:${at.line}:${at.column}  error  ${code}  ${message}`;
}

/**
 * The trust tests' studio, written into a bare directory: a small valid registry, two roles across
 * two files, a shared schema, an alias.
 */
export const PUBLISHED_STUDIO_FILES: Record<string, string> = {
  'role-registry.config.json': '{\n  "include": ["src/roles/**/*.ts"],\n  "lockfile": "role-registry.lock.json"\n}\n',
  'src/roles/schemas.ts':
    "export const BRIEF = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } as const;\n",
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
  writeFiles(root, PUBLISHED_STUDIO_FILES);
  const result = runCli(['init'], root);
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
