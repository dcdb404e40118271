import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProject, REPO } from './support.js';
import type { TempProject } from '../support/temp-project.js';

/** The pack's promise, computed independently of role-registry: sha256 of the RFC 8785 form of schema_json. */
function canonicalHashes(pack: {
  roles: {
    extract_contracts?: { contract_id: string; schema_json: unknown }[];
    produce_contracts?: { contract_id: string; schema_json: unknown }[];
  }[];
}): Map<string, string> {
  const out = new Map<string, string>();
  for (const role of pack.roles) {
    for (const contract of [...(role.extract_contracts ?? []), ...(role.produce_contracts ?? [])]) {
      out.set(contract.contract_id, createHash('sha256').update(canonicalize(contract.schema_json)!, 'utf8').digest('hex'));
    }
  }
  return out;
}

function lockedHashes(lockText: string): Map<string, string> {
  const lock = JSON.parse(lockText) as { roles: Record<string, { contracts: Record<string, string> }> };
  return new Map(Object.values(lock.roles).flatMap((role) => Object.entries(role.contracts)));
}

const PACK = {
  pack_id: 'tiny_studio',
  roles: [
    {
      role_id: 'writer',
      department_id: 'Story',
      display_name: 'Writer',
      aliases: ['scribe'],
      tools: ['outline'],
      extract_contracts: [{ contract_id: 'ROLE:writer:X:1', schema_json: { title: 'Brief', type: 'object', required: ['logline'] } }],
      produce_contracts: [{ contract_id: 'ROLE:writer:C:1', schema_json: { type: 'string', minLength: 1, ['__proto__']: { x: -0 } } }],
    },
    {
      role_id: 'editor',
      department_id: 'Story',
      display_name: "Editor's desk",
      deprecated: { reason: 'merged', replaced_by: 'writer' },
      extract_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: { required: ['logline'], type: 'object', title: 'Brief' } }],
    },
    {
      role_id: 'grip',
      department_id: 'camera',
      produce_contracts: [{ contract_id: 'ROLE:grip:C:1', schema_json: { type: 'object', required: ['logline'], title: 'Brief' } }],
    },
  ],
};

const SCHEMAS_TS = `// Schemas shared by two or more contracts of role pack "tiny_studio", written by \`role-registry import\`.
// A published surface never changes: give a changed schema to a new contract version (\`role-registry bump\`).

export const BRIEF_SCHEMA = { required: ['logline'], type: 'object', title: 'Brief' } as const;
`;

const STORY_TS = `// Roles of department "Story" from role pack "tiny_studio", written by \`role-registry import\`.
import { defineRole } from 'role-registry';
import { BRIEF_SCHEMA } from './schemas.js';

export const editor = defineRole({
  role_id: 'editor',
  department_id: 'Story',
  display_name: 'Editor\\'s desk',
  deprecated: { reason: 'merged', replaced_by: 'writer' },
  extract_contracts: [
    { contract_id: 'ROLE:editor:X:1', schema_json: BRIEF_SCHEMA },
  ],
});

export const writer = defineRole({
  role_id: 'writer',
  department_id: 'Story',
  display_name: 'Writer',
  aliases: ['scribe'],
  extract_contracts: [
    { contract_id: 'ROLE:writer:X:1', schema_json: BRIEF_SCHEMA },
  ],
  produce_contracts: [
    {
      contract_id: 'ROLE:writer:C:1',
      schema_json: { type: 'string', minLength: 1, ['__proto__']: { x: 0 } },
    },
  ],
  tools: ['outline'],
});
`;

let fixtures: TempProject[] = [];
afterEach(() => {
  for (const fixture of fixtures) fixture.dispose();
  fixtures = [];
});

function emptyProject(files: Record<string, string> = {}): TempProject {
  const fixture = migrationProject(files, null);
  fixtures.push(fixture);
  return fixture;
}

describe('role-registry import', () => {
  it("writes one file per department, shared schemas as constants, a config and a lockfile whose hashes are the pack's canonical hashes", () => {
    const p = emptyProject({ 'pack.json': `${JSON.stringify(PACK, null, 2)}\n` });
    const result = p.cli(['import', 'pack.json', '--out', 'src/roles']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Role pack "tiny_studio": 3 roles in 2 department files, 1 shared schema in schemas.ts.');
    expect(result.stdout).toContain('\nRecords in role-registry.lock.json (new):\n  + role editor\n  + role grip\n  + role writer\n');
    expect(p.read('src/roles/schemas.ts')).toBe(SCHEMAS_TS);
    expect(p.read('src/roles/story.ts')).toBe(STORY_TS);
    expect(p.read('src/roles/camera.ts')).toContain(
      "export const grip = defineRole({\n  role_id: 'grip',\n  department_id: 'camera',\n  produce_contracts: [\n    { contract_id: 'ROLE:grip:C:1', schema_json: BRIEF_SCHEMA },\n  ],\n});\n",
    );
    expect(p.read('role-registry.config.json')).toBe(
      '{\n  "include": [\n    "src/roles/**/*.ts"\n  ],\n  "lockfile": "role-registry.lock.json"\n}\n',
    );
    expect(lockedHashes(p.read('role-registry.lock.json'))).toEqual(canonicalHashes(PACK));
    const check = p.cli(['check']);
    expect(check.stdout).toMatch(/^✔ 3 roles, 4 contracts: the source agrees with the lockfile\./);
    expect(check.code).toBe(0);
    expect(p.cli(['hash']).stdout).toBe(p.cli(['hash', '--lockfile']).stdout);
  });

  it("round-trips the bundled example pack: JSON → TS → lockfile hashes equal to the JSON's canonical hashes, deterministically", () => {
    const packFile = path.join(REPO, 'examples', 'digital-production-studio', 'pack.json');
    const pack = JSON.parse(readFileSync(packFile, 'utf8'));
    const first = emptyProject();
    const second = emptyProject();
    expect(first.cli(['import', packFile, '--out', 'src/roles']).code).toBe(0);
    expect(second.cli(['import', packFile, '--out', 'src/roles']).code).toBe(0);
    const hashes = lockedHashes(first.read('role-registry.lock.json'));
    expect(hashes.size).toBe(79);
    expect(hashes).toEqual(canonicalHashes(pack));
    expect(first.cli(['check']).code).toBe(0);
    // Same pack, same bytes: every file, the config and the lockfile.
    expect([...first.bytes()]).toEqual([...second.bytes()]);
    // And the same contracts as the example's committed lockfile, declared by hand in TypeScript.
    expect(hashes).toEqual(
      lockedHashes(readFileSync(path.join(REPO, 'examples', 'digital-production-studio', 'role-registry.lock.json'), 'utf8')),
    );
  });

  it('--dry-run shows the files and the lockfile entries and writes nothing', () => {
    const p = emptyProject({ 'pack.json': JSON.stringify(PACK) });
    const before = p.bytes();
    const result = p.cli(['import', 'pack.json', '--out', 'src/roles', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--- /dev/null\n+++ b/src/roles/schemas.ts\n');
    expect(result.stdout).toContain('\nWould create role-registry.config.json:\n');
    expect(result.stdout.endsWith('Dry run: nothing was written.\n')).toBe(true);
    expect(p.bytes()).toEqual(before);
  });

  it('validates the pack first: file, line and column, JSON path and what is wrong; nothing is written', () => {
    const bad = structuredClone(PACK);
    const gripContract = bad.roles[2]?.produce_contracts?.[0];
    if (gripContract?.contract_id !== 'ROLE:grip:C:1') throw new Error('fixture: the third role of PACK is grip, with ROLE:grip:C:1');
    gripContract.contract_id = 'ROLE:grip:X:1';
    const text = `${JSON.stringify(bad, null, 2)}\n`;
    const p = emptyProject({
      'pack.json': text,
      'broken.json': '{ "pack_id": "x", "roles": [ }\n',
      'twice.json': '{ "pack_id": "x", "pack_id": "y", "roles": [] }',
    });
    const before = p.bytes();
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"ROLE:grip:X:1"')) + 1;
    const kind = p.cli(['import', 'pack.json', '--out', 'src/roles']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toBe(
      `role-registry import: pack.json:${line}:26: roles[2].produce_contracts[0].contract_id: contract_id "ROLE:grip:X:1" is of kind X, but "produce_contracts" holds kind C.\n    → Fix the pack and run the import again.\nNothing was changed.\n`,
    );
    const broken = p.cli(['import', 'broken.json', '--out', 'src/roles']);
    expect(broken.code).toBe(2);
    expect(broken.stderr.split('\n')[0]).toBe(
      'role-registry import: broken.json:1:30: the role pack cannot be read: it is not valid JSON: the file ends too early (value expected); it may be truncated.',
    );
    const twice = p.cli(['import', 'twice.json', '--out', 'src/roles']);
    expect(twice.code).toBe(2);
    expect(twice.stderr.split('\n')[0]).toContain(
      'twice.json:1:19: the role pack cannot be read: the key "pack_id" appears twice in one object',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses a pack that breaks the law against the existing registry, pointing at the pack, writing nothing', () => {
    const p = emptyProject({
      'role-registry.config.json': `${JSON.stringify({ include: ['src/roles/**/*.ts'] })}\n`,
      'src/roles/main.ts': "import { defineRole } from 'role-registry';\nexport const scribe = defineRole({ role_id: 'scribe' });\n",
      'pack.json': `${JSON.stringify(PACK, null, 2)}\n`,
    });
    expect(p.cli(['init']).code).toBe(0);
    const before = p.bytes();
    const result = p.cli(['import', 'pack.json', '--out', 'src/roles/tiny']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'pack.json:9:9  error  ID_ALIAS_COLLISION  Alias `scribe` of role `writer` is the role_id of another role, declared at src/roles/main.ts:2:45.\n',
    );
    expect(result.stderr.endsWith('role-registry import: the change would break the law; nothing was changed.\n')).toBe(true);
    expect(p.bytes()).toEqual(before);
  });

  it('imports into an existing clean registry, adding to its lockfile; never overwrites a file', () => {
    const p = emptyProject({
      'role-registry.config.json': `${JSON.stringify({ include: ['src/roles/**/*.ts'] })}\n`,
      'src/roles/main.ts': "import { defineRole } from 'role-registry';\nexport const runner = defineRole({ role_id: 'runner' });\n",
      'pack.json': JSON.stringify(PACK),
    });
    expect(p.cli(['init']).code).toBe(0);
    expect(p.cli(['import', 'pack.json', '--out', 'src/roles/tiny']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
    expect(Object.keys(JSON.parse(p.read('role-registry.lock.json')).roles)).toEqual(['editor', 'grip', 'runner', 'writer']);
    const before = p.bytes();
    const again = p.cli(['import', 'pack.json', '--out', 'src/roles/tiny']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'role-registry import: src/roles/tiny/camera.ts, src/roles/tiny/schemas.ts, src/roles/tiny/story.ts already exist; import never overwrites files.\n    → Import into a new directory (--out), or move those files away first.\nNothing was changed.\n',
    );
    expect(p.bytes()).toEqual(before);
  });
});
