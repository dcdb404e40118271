import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { git, runCli, writeFiles, type CliResult } from '../support/cli.js';
import { lockfileOf, replaceOnce, setLockfile } from '../support/studio.js';

/**
 * One entry of docs/errors.md. The project is a fresh copy of the published studio
 * (test/trust/support/studio.ts) at `<tmp>/project`; `<tmp>/outside` is outside its root.
 * Expected exit code and output come from the doc itself, so the doc cannot drift from the tool.
 */
export interface CatalogueCase {
  readonly id: string;
  readonly setup: (project: string, tmp: string) => void;
  readonly args: readonly string[];
  /** Where the CLI runs (default: the project). */
  readonly cwd?: (project: string, tmp: string) => string;
  /** Cases that must write (e.g. a CRLF lockfile rewritten by `lock` that records something). */
  readonly writes?: boolean;
  readonly verify?: (project: string, result: CliResult, before: string) => void;
}

const LOCK = (project: string): string => lockfileOf(project);
const editLock = (project: string, search: string, replacement: string): void =>
  setLockfile(project, replaceOnce(LOCK(project), search, replacement));
/** The registry hash of the published studio. */
const REGISTRY_HASH = '1e35f7303457784823c3934a1bdb0ac962ee9466d26a2b7455f22a851990d658';
const HASH_C1 = '154ecd8d7dcd80c2bae352892864f35a3437d87c9649f7a6cbd85814e157aeaa';
const role = (id: string): string => `    "${id}": {\n      "aliases": [],\n      "contracts": {},\n      "deprecated": false\n    },\n`;
const addLockedRole = (project: string, id: string): void => editLock(project, '  "roles": {\n', `  "roles": {\n${role(id)}`);
const source = (file: string, body: string) => (project: string) =>
  writeFiles(project, { [file]: `import { defineRole } from 'role-registry';\n\n${body}\n` });
const config = (json: unknown) => (project: string) =>
  writeFiles(project, { 'role-registry.config.json': `${JSON.stringify(json, null, 2)}\n` });
const PACK = `${JSON.stringify({ pack_id: 'tiny', roles: [{ role_id: 'writer', department_id: 'story' }] }, null, 2)}\n`;
const unicodeConfig = config({ include: ['src/roles/**/*.ts'], idPattern: '^\\p{L}[\\p{L}\\p{N}_]*$' });

export const CATALOGUE: readonly CatalogueCase[] = [
  // ── The lockfile as text ─────────────────────────────────────────────────────────────────────
  { id: 'lockfile-malformed-json', setup: (p) => editLock(p, '"ruleset": 1,', '"ruleset": 1'), args: ['lock'] },
  { id: 'lockfile-truncated', setup: (p) => setLockfile(p, LOCK(p).slice(0, 200)), args: ['lock'] },
  { id: 'lockfile-empty', setup: (p) => setLockfile(p, ''), args: ['lock'] },
  { id: 'lockfile-comment', setup: (p) => editLock(p, '  "roles": {\n', '  // published roles\n  "roles": {\n'), args: ['lock'] },
  {
    id: 'lockfile-trailing-comma',
    setup: (p) => editLock(p, '"deprecated": false\n    }\n  }', '"deprecated": false,\n    }\n  }'),
    args: ['lock'],
  },
  {
    id: 'lockfile-raw-newline-in-string',
    setup: (p) => editLock(p, '"src/roles/director.ts"', '"src/roles/\ndirector.ts"'),
    args: ['lock'],
  },
  {
    id: 'lockfile-invalid-utf8',
    setup: (p) =>
      setLockfile(p, Buffer.concat([Buffer.from(LOCK(p).slice(0, 60)), Buffer.from([0xc3, 0x28]), Buffer.from(LOCK(p).slice(62))])),
    args: ['lock'],
  },
  {
    id: 'lockfile-utf16',
    setup: (p) => setLockfile(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOCK(p), 'utf16le')])),
    args: ['lock'],
  },
  {
    id: 'lockfile-bom',
    setup: (p) => setLockfile(p, `\uFEFF${LOCK(p)}`),
    args: ['lock'],
  },
  {
    id: 'lockfile-crlf-read',
    setup: (p) => setLockfile(p, LOCK(p).replace(/\n/g, '\r\n')),
    args: ['lock'],
  },
  {
    id: 'lockfile-crlf-rewritten',
    setup: (p) => {
      setLockfile(p, LOCK(p).replace(/\n/g, '\r\n'));
      source('src/roles/editor.ts', "export const editor = defineRole({ role_id: 'editor' });")(p);
    },
    args: ['lock'],
    writes: true,
    verify: (p) => {
      const text = LOCK(p);
      expect(text.includes('\r')).toBe(false);
      expect(text).toContain('"editor": {\n');
    },
  },
  {
    id: 'lockfile-crlf-positions',
    setup: (p) => setLockfile(p, replaceOnce(LOCK(p), '"deprecated": false\n    },', '"deprecated": "no"\n    },').replace(/\n/g, '\r\n')),
    args: ['lock'],
  },
  {
    id: 'lockfile-duplicate-key',
    setup: (p) =>
      editLock(
        p,
        '      "declaredIn": "src/roles/director.ts",\n',
        '      "declaredIn": "src/roles/director.ts",\n      "aliases": ["cutter"],\n',
      ),
    args: ['lock'],
  },
  {
    id: 'lockfile-duplicate-key-escaped',
    setup: (p) => editLock(p, '    "producer": {', '    "\\u0064irector": {},\n    "producer": {'),
    args: ['lock'],
  },
  {
    id: 'lockfile-conflict-markers',
    setup: (p) =>
      editLock(p, '  "roles": {\n', `  "roles": {\n<<<<<<< HEAD\n${role('editor')}=======\n${role('writer')}>>>>>>> feature/writer\n`),
    args: ['lock'],
  },
  { id: 'lockfile-deeply-nested', setup: (p) => setLockfile(p, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), args: ['lock'] },
  { id: 'lockfile-huge-id', setup: (p) => addLockedRole(p, 'x'.repeat(1_000_000)), args: ['lock'] },
  // ── The lockfile's version and shape ─────────────────────────────────────────────────────────
  { id: 'lockfile-version-future', setup: (p) => editLock(p, '"lockfileVersion": 1', '"lockfileVersion": 2'), args: ['lock'] },
  { id: 'lockfile-version-string', setup: (p) => editLock(p, '"lockfileVersion": 1', '"lockfileVersion": "1"'), args: ['lock'] },
  { id: 'lockfile-version-missing', setup: (p) => editLock(p, '  "lockfileVersion": 1,\n', ''), args: ['lock'] },
  { id: 'lockfile-ruleset-future', setup: (p) => editLock(p, '"ruleset": 1', '"ruleset": 7'), args: ['lock'] },
  { id: 'lockfile-not-an-object', setup: (p) => setLockfile(p, '[]\n'), args: ['lock'] },
  {
    id: 'lockfile-unknown-key',
    setup: (p) => editLock(p, '  "ruleset": 1,\n', '  "ruleset": 1,\n  "registryHash": "abc",\n'),
    args: ['lock'],
  },
  {
    id: 'lockfile-roles-array',
    setup: (p) => setLockfile(p, '{\n  "lockfileVersion": 1,\n  "ruleset": 1,\n  "roles": []\n}\n'),
    args: ['lock'],
  },
  { id: 'lockfile-role-null', setup: (p) => editLock(p, '  "roles": {\n', '  "roles": {\n    "editor": null,\n'), args: ['lock'] },
  {
    id: 'lockfile-role-unknown-key',
    setup: (p) =>
      editLock(
        p,
        '      "declaredIn": "src/roles/director.ts",\n',
        '      "declaredIn": "src/roles/director.ts",\n      "owner": "ada",\n',
      ),
    args: ['lock'],
  },
  { id: 'lockfile-aliases-string', setup: (p) => editLock(p, '"aliases": [],', '"aliases": "cutter",'), args: ['lock'] },
  { id: 'lockfile-alias-number', setup: (p) => editLock(p, '"aliases": [],', '"aliases": [42],'), args: ['lock'] },
  {
    id: 'lockfile-alias-twice',
    setup: (p) => editLock(p, '        "exec_producer"\n', '        "exec_producer",\n        "exec_producer"\n'),
    args: ['lock'],
  },
  { id: 'lockfile-alias-two-roles', setup: (p) => editLock(p, '"aliases": [],', '"aliases": ["exec_producer"],'), args: ['lock'] },
  { id: 'lockfile-alias-is-role-id', setup: (p) => editLock(p, '"aliases": [],', '"aliases": ["producer"],'), args: ['lock'] },
  {
    id: 'lockfile-deprecated-string',
    setup: (p) =>
      editLock(
        p,
        '"declaredIn": "src/roles/director.ts",\n      "deprecated": false',
        '"declaredIn": "src/roles/director.ts",\n      "deprecated": "no"',
      ),
    args: ['lock'],
  },
  {
    id: 'lockfile-contracts-missing',
    setup: (p) =>
      editLock(
        p,
        '      "contracts": {\n        "ROLE:director:C:1": "9a8969e44928ad9e5e8fc19d1df718285489325f16aa54c658a053b0660fcad7"\n      },\n',
        '',
      ),
    args: ['lock'],
  },
  {
    id: 'lockfile-contracts-array',
    setup: (p) =>
      editLock(
        p,
        '"contracts": {\n        "ROLE:director:C:1": "9a8969e44928ad9e5e8fc19d1df718285489325f16aa54c658a053b0660fcad7"\n      }',
        '"contracts": ["ROLE:director:C:1"]',
      ),
    args: ['lock'],
  },
  { id: 'lockfile-contract-id-malformed', setup: (p) => editLock(p, '"ROLE:director:C:1"', '"ROLE:director:Z:1"'), args: ['lock'] },
  { id: 'lockfile-contract-id-version', setup: (p) => editLock(p, '"ROLE:director:C:1"', '"ROLE:director:C:01"'), args: ['lock'] },
  { id: 'lockfile-contract-wrong-role', setup: (p) => editLock(p, '"ROLE:director:C:1"', '"ROLE:producer:C:9"'), args: ['lock'] },
  { id: 'lockfile-hash-short', setup: (p) => editLock(p, HASH_C1, HASH_C1.slice(0, 63)), args: ['lock'] },
  { id: 'lockfile-hash-long', setup: (p) => editLock(p, HASH_C1, `${HASH_C1}0`), args: ['lock'] },
  { id: 'lockfile-hash-uppercase', setup: (p) => editLock(p, HASH_C1, HASH_C1.toUpperCase()), args: ['lock'] },
  { id: 'lockfile-hash-not-hex', setup: (p) => editLock(p, HASH_C1, `${HASH_C1.slice(0, 63)}g`), args: ['lock'] },
  { id: 'lockfile-hash-number', setup: (p) => editLock(p, `"${HASH_C1}"`, '42'), args: ['lock'] },
  {
    id: 'lockfile-retired-and-active',
    setup: (p) =>
      editLock(
        p,
        '"declaredIn": "src/roles/producer.ts",\n      "deprecated": false\n',
        `"declaredIn": "src/roles/producer.ts",\n      "deprecated": false,\n      "retiredContracts": {\n        "ROLE:producer:C:1": "${HASH_C1}"\n      }\n`,
      ),
    args: ['lock'],
  },
  { id: 'lockfile-declared-in-outside', setup: (p) => editLock(p, '"src/roles/director.ts"', '"../../etc/passwd"'), args: ['lock'] },
  // ── Ids in the lockfile ──────────────────────────────────────────────────────────────────────
  { id: 'lockfile-id-proto', setup: (p) => addLockedRole(p, '__proto__'), args: ['lock'] },
  { id: 'lockfile-id-constructor', setup: (p) => addLockedRole(p, 'constructor'), args: ['lock'] },
  { id: 'lockfile-alias-hasownproperty', setup: (p) => editLock(p, '"aliases": [],', '"aliases": ["hasOwnProperty"],'), args: ['lock'] },
  { id: 'lockfile-id-cyrillic', setup: (p) => addLockedRole(p, 'pr\u043educer'), args: ['lock'] },
  { id: 'lockfile-id-greek', setup: (p) => addLockedRole(p, 'dir\u03b5ctor'), args: ['lock'] },
  { id: 'lockfile-id-nfd', setup: (p) => addLockedRole(p, 'caf\u0065\u0301'), args: ['lock'] },
  { id: 'lockfile-id-zero-width', setup: (p) => addLockedRole(p, 'pro\u200bducer'), args: ['lock'] },
  { id: 'lockfile-id-bidi', setup: (p) => addLockedRole(p, 'admin\u202e\u2066'), args: ['lock'] },
  { id: 'lockfile-id-lone-surrogate', setup: (p) => addLockedRole(p, 'x\\ud800'), args: ['lock'] },
  {
    id: 'lockfile-symlink-outside',
    setup: (p, tmp) => {
      mkdirSync(path.join(tmp, 'outside'), { recursive: true });
      writeFileSync(path.join(tmp, 'outside/secret.json'), LOCK(p));
      // Replace the lockfile by a link to a file the project does not own.
      const lockfile = path.join(p, 'role-registry.lock.json');
      unlinkSync(lockfile);
      symlinkSync('../outside/secret.json', lockfile);
    },
    args: ['lock'],
  },
  // ── Ids and values in source ─────────────────────────────────────────────────────────────────
  {
    id: 'source-id-proto',
    setup: source(
      'src/roles/bad.ts',
      "export const a = defineRole({ role_id: '__proto__' });\nexport const b = defineRole({ role_id: 'constructor' });\nexport const c = defineRole({ role_id: 'critic', aliases: ['hasOwnProperty'] });",
    ),
    args: ['lock'],
  },
  {
    id: 'source-proto-key-in-schema',
    setup: source(
      'src/roles/bad.ts',
      "export const critic = defineRole({\n  role_id: 'critic',\n  extract_contracts: [{ contract_id: 'ROLE:critic:X:1', schema_json: { __proto__: { type: 'object' } } }],\n});",
    ),
    args: ['lock'],
  },
  {
    id: 'source-id-cyrillic',
    setup: source('src/roles/bad.ts', "export const fake = defineRole({ role_id: 'pr\u043educer' });"),
    args: ['lock'],
  },
  {
    id: 'source-id-cyrillic-unicode-pattern',
    setup: (p) => (unicodeConfig(p), source('src/roles/bad.ts', "export const fake = defineRole({ role_id: 'pr\u043educer' });")(p)),
    args: ['lock'],
  },
  {
    id: 'source-id-greek-unicode-pattern',
    setup: (p) => (unicodeConfig(p), source('src/roles/bad.ts', "export const fake = defineRole({ role_id: 'dir\u03b5ctor' });")(p)),
    args: ['lock'],
  },
  {
    id: 'source-id-nfd-unicode-pattern',
    setup: (p) => (unicodeConfig(p), source('src/roles/bad.ts', "export const cafe = defineRole({ role_id: 'cafe\\u0301' });")(p)),
    args: ['lock'],
  },
  {
    id: 'source-id-fullwidth-unicode-pattern',
    setup: (p) => (unicodeConfig(p), source('src/roles/bad.ts', "export const fake = defineRole({ role_id: '\uff50roducer' });")(p)),
    args: ['lock'],
  },
  {
    id: 'source-id-zero-width',
    setup: source('src/roles/bad.ts', "export const fake = defineRole({ role_id: 'pro\\u200Bducer' });"),
    args: ['lock'],
  },
  {
    id: 'source-id-too-long',
    setup: source('src/roles/bad.ts', `export const long = defineRole({ role_id: '${'a'.repeat(100_000)}' });`),
    args: ['lock'],
  },
  {
    id: 'source-huge-file',
    setup: source(
      'src/roles/huge.ts',
      `${'// padding padding padding padding padding padding padding padding padding\n'.repeat(150_000)}export const editor = defineRole({ role_id: 'editor', extract_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: { description: '${'d'.repeat(2_000_000)}' } }] });`,
    ),
    args: ['status'],
  },
  {
    id: 'source-deeply-nested',
    setup: source(
      'src/roles/deep.ts',
      `export const deep = defineRole({ role_id: 'deep', extract_contracts: [{ contract_id: 'ROLE:deep:X:1', schema_json: ${'{ a: '.repeat(20_000)}1${' }'.repeat(20_000)} }] });`,
    ),
    args: ['lock'],
  },
  {
    id: 'source-nested-beyond-evaluation',
    setup: source(
      'src/roles/deep.ts',
      `export const deep = defineRole({ role_id: 'deep', extract_contracts: [{ contract_id: 'ROLE:deep:X:1', schema_json: ${'{ a: '.repeat(300)}1${' }'.repeat(300)} }] });`,
    ),
    args: ['lock'],
  },
  {
    id: 'source-cyclic-const',
    setup: source(
      'src/roles/cycle.ts',
      "const A = { type: 'object', properties: { next: B } };\nconst B = { ...A };\nexport const looper = defineRole({ role_id: 'looper', extract_contracts: [{ contract_id: 'ROLE:looper:X:1', schema_json: A }] });",
    ),
    args: ['lock'],
  },
  {
    id: 'source-cyclic-import',
    setup: (p) => {
      writeFiles(p, {
        'src/roles/left.ts': "import { RIGHT } from './right';\nexport const LEFT = { items: RIGHT };\n",
        'src/roles/right.ts': "import { LEFT } from './left';\nexport const RIGHT = { items: LEFT };\n",
      });
      source(
        'src/roles/looper.ts',
        "import { LEFT } from './left';\nexport const looper = defineRole({ role_id: 'looper', extract_contracts: [{ contract_id: 'ROLE:looper:X:1', schema_json: LEFT }] });",
      )(p);
    },
    args: ['lock'],
  },
  {
    id: 'source-mutated-schema',
    setup: (p) => {
      writeFiles(p, {
        'src/schemas/brief.ts': "export const BRIEF = { type: 'object', required: ['brief'] };\nBRIEF.required.push('budget');\n",
      });
      source(
        'src/roles/writer.ts',
        "import { BRIEF } from '../schemas/brief';\nconst OUT = { type: 'string' };\nexport const writer = defineRole({ role_id: 'writer', extract_contracts: [{ contract_id: 'ROLE:writer:X:1', schema_json: BRIEF }], produce_contracts: [{ contract_id: 'ROLE:writer:C:1', schema_json: OUT }] });\nexport function loosen() {\n  const out = OUT;\n  Object.assign(out, { minLength: 0 });\n}",
      )(p);
    },
    args: ['check'],
  },
  {
    id: 'source-define-role-as-value',
    setup: source('src/roles/many.ts', "const specs = [{ role_id: 'ghost' }];\nexport const roles = specs.map(defineRole);"),
    args: ['lock'],
  },
  {
    id: 'source-doubling-constants',
    setup: source(
      'src/roles/bomb.ts',
      `const L0 = { type: 'string' };\n${Array.from({ length: 40 }, (_, index) => `const L${index + 1} = [L${index}, L${index}];`).join('\n')}\nexport const bomb = defineRole({ role_id: 'bomb', extract_contracts: [{ contract_id: 'ROLE:bomb:X:1', schema_json: { items: L40 } }] });`,
    ),
    args: ['hash'],
  },
  {
    id: 'source-deep-chain-reversed',
    setup: source(
      'src/roles/chain.ts',
      `export const chain = defineRole({ role_id: 'chain', extract_contracts: [{ contract_id: 'ROLE:chain:X:1', schema_json: C0 }] });\n${Array.from({ length: 5000 }, (_, index) => `const C${4999 - index} = { next: C${5000 - index} };`).join('\n')}\nconst C5000 = 'end';`,
    ),
    args: ['hash'],
  },
  {
    id: 'source-lone-surrogate',
    setup: source(
      'src/roles/bad.ts',
      "export const odd = defineRole({ role_id: 'odd', extract_contracts: [{ contract_id: 'ROLE:odd:X:1', schema_json: { title: '\\uD800' } }] });",
    ),
    args: ['lock'],
  },
  {
    id: 'source-unparseable',
    setup: (p) => {
      writeFiles(p, {
        'src/roles/broken.ts': "import { defineRole } from 'role-registry';\n\nexport const broken = defineRole({ role_id: 'broken' \n",
      });
      source('src/roles/editor.ts', "export const editor = defineRole({ role_id: 'editor' });")(p);
    },
    args: ['check'],
  },
  {
    id: 'sources-crlf',
    setup: (p) => {
      for (const file of ['src/roles/producer.ts', 'src/roles/director.ts', 'src/roles/schemas.ts']) {
        const text = readFileSync(path.join(p, file), 'utf8');
        writeFiles(p, { [file]: text.replace(/\n/g, '\r\n') });
      }
    },
    args: ['check'],
  },
  // ── Configuration ────────────────────────────────────────────────────────────────────────────
  {
    id: 'config-missing',
    setup: (_p, tmp) => mkdirSync(path.join(tmp, 'elsewhere')),
    cwd: (_p, tmp) => path.join(tmp, 'elsewhere'),
    args: ['check'],
  },
  {
    id: 'config-malformed-json',
    setup: (p) => writeFiles(p, { 'role-registry.config.json': '{\n  "include": ["src/roles/**/*.ts"],\n}\n' }),
    args: ['lock'],
  },
  { id: 'config-empty', setup: (p) => writeFiles(p, { 'role-registry.config.json': '' }), args: ['lock'] },
  { id: 'config-unknown-key', setup: config({ include: ['src/roles/**/*.ts'], lockFile: 'x.json' }), args: ['lock'] },
  { id: 'config-include-missing', setup: config({ lockfile: 'role-registry.lock.json' }), args: ['lock'] },
  { id: 'config-include-string', setup: config({ include: 'src/roles/**/*.ts' }), args: ['lock'] },
  { id: 'config-include-matches-nothing', setup: config({ include: ['src/role/**/*.ts'] }), args: ['lock'] },
  { id: 'config-glob-escapes-root', setup: config({ include: ['../shared/**/*.ts'] }), args: ['lock'] },
  { id: 'config-glob-escapes-root-brace', setup: config({ include: ['{..,src}/roles/**/*.ts'] }), args: ['lock'] },
  { id: 'config-glob-absolute', setup: config({ include: ['/etc/**/*.ts'] }), args: ['lock'] },
  {
    id: 'config-lockfile-escapes-root',
    setup: config({ include: ['src/roles/**/*.ts'], lockfile: '../role-registry.lock.json' }),
    args: ['lock'],
  },
  {
    id: 'config-lockfile-through-linked-folder',
    setup: (p) => {
      // `meta -> .`: the lockfile reads fine on disk, but git stores `meta` as a link, so no base ref could ever show it.
      symlinkSync('.', path.join(p, 'meta'));
      config({ include: ['src/roles/**/*.ts'], lockfile: 'meta/role-registry.lock.json' })(p);
    },
    args: ['lock'],
  },
  {
    id: 'config-lockfile-not-plain',
    setup: config({ include: ['src/roles/**/*.ts'], lockfile: './role-registry.lock.json' }),
    args: ['lock'],
  },
  {
    id: 'config-symlinked-file-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, {
        'outside/critic.ts': "import { defineRole } from 'role-registry';\nexport const critic = defineRole({ role_id: 'critic' });\n",
      });
      symlinkSync('../../../outside/critic.ts', path.join(p, 'src/roles/critic.ts'));
    },
    args: ['lock'],
  },
  {
    id: 'config-symlinked-directory-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, {
        'outside/shared/critic.ts':
          "import { defineRole } from 'role-registry';\nexport const critic = defineRole({ role_id: 'critic' });\n",
      });
      symlinkSync('../../../outside/shared', path.join(p, 'src/roles/shared'));
    },
    args: ['lock'],
  },
  {
    id: 'config-symlink-inside-root',
    setup: (p) => symlinkSync('.', path.join(p, 'src/roles/again')),
    args: ['check'],
  },
  { id: 'config-id-pattern-invalid', setup: config({ include: ['src/roles/**/*.ts'], idPattern: '^([a-z]$' }), args: ['lock'] },
  { id: 'config-id-pattern-unanchored', setup: config({ include: ['src/roles/**/*.ts'], idPattern: '[a-z]+' }), args: ['lock'] },
  { id: 'config-id-pattern-alternative-unanchored', setup: config({ include: ['src/roles/**/*.ts'], idPattern: '^H|x$' }), args: ['lock'] },
  {
    id: 'config-id-pattern-nested-quantifier',
    setup: config({ include: ['src/roles/**/*.ts'], idPattern: '^([a-z]+)+$' }),
    args: ['lock'],
  },
  {
    id: 'config-id-pattern-overlapping-alternation',
    setup: config({ include: ['src/roles/**/*.ts'], idPattern: '^(a|aa)*$' }),
    args: ['lock'],
  },
  { id: 'config-id-pattern-backreference', setup: config({ include: ['src/roles/**/*.ts'], idPattern: '^([a-z])\\1*$' }), args: ['lock'] },
  // ── Git baselines ────────────────────────────────────────────────────────────────────────────
  { id: 'against-outside-git', setup: () => undefined, args: ['check', '--against', 'origin/main'] },
  {
    id: 'against-unknown-ref',
    setup: (p) => {
      git(p, 'init', '-q', '-b', 'main');
      git(p, 'add', '-A');
      git(p, 'commit', '-qm', 'publish');
    },
    args: ['check', '--against', 'origin/main'],
  },
  {
    id: 'against-invalid-baseline',
    setup: (p) => {
      git(p, 'init', '-q', '-b', 'main');
      editLock(p, '"ruleset": 1,', '"ruleset": 1');
      git(p, 'add', '-A');
      git(p, 'commit', '-qm', 'a broken lockfile');
      git(p, 'checkout', '-q', '-b', 'feature');
      editLock(p, '"ruleset": 1', '"ruleset": 1,');
      git(p, 'commit', '-qam', 'repaired');
    },
    args: ['check', '--against', 'main'],
  },
  // ── Attestations ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'attest-subject-without-current-hash',
    setup: (p) =>
      writeFiles(p, { 'dist/old.js': `const P = { registryHash: "${'a'.repeat(64)}" };\n`, 'dist/none.js': 'console.log(1);\n' }),
    args: ['attest', 'dist/old.js', 'dist/none.js', '--out', 'dist/statement.intoto.json'],
  },
  {
    id: 'attest-subject-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, { 'outside/app.js': `const P = { registryHash: "${REGISTRY_HASH}" };\n` });
      mkdirSync(path.join(p, 'dist'));
      symlinkSync(path.join(tmp, 'outside'), path.join(p, 'dist/linked'));
    },
    args: ['attest', 'dist/linked/app.js', '../outside/app.js'],
  },
  {
    id: 'verify-attestation-malformed',
    setup: (p) => writeFiles(p, { 'statement.intoto.json': '{\n  "_type": "https://in-toto.io/Statement/v1",\n  "subject": [\n' }),
    args: ['verify', '--attestation', 'statement.intoto.json'],
  },
  {
    id: 'verify-attestation-wrong-type',
    setup: (p) =>
      writeFiles(p, {
        'statement.intoto.json': `${JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ name: 'dist/main.js', digest: { sha256: 'b'.repeat(64) } }], predicateType: 'https://slsa.dev/provenance/v1', predicate: {} }, null, 2)}\n`,
      }),
    args: ['verify', '--attestation', 'statement.intoto.json'],
  },
  // ── Paths outside the project ────────────────────────────────────────────────────────────────
  {
    id: 'lockfile-directory-linked-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, { 'outside/meta/role-registry.lock.json': LOCK(p) });
      unlinkSync(path.join(p, 'role-registry.lock.json'));
      symlinkSync('../outside/meta', path.join(p, 'meta'));
      config({ include: ['src/roles/**/*.ts'], lockfile: 'meta/role-registry.lock.json' })(p);
      source('src/roles/editor.ts', "export const editor = defineRole({ role_id: 'editor' });")(p);
    },
    args: ['lock'],
  },
  {
    id: 'import-out-escapes',
    setup: (p) => writeFiles(p, { 'pack.json': PACK }),
    args: ['import', 'pack.json', '--out', '../outside/roles'],
  },
  {
    id: 'import-out-linked-folder',
    setup: (p, tmp) => {
      writeFiles(p, { 'pack.json': PACK });
      mkdirSync(path.join(tmp, 'outside/generated'), { recursive: true });
      symlinkSync('../../../outside/generated', path.join(p, 'src/roles/generated'));
    },
    args: ['import', 'pack.json', '--out', 'src/roles/generated'],
  },
  {
    id: 'provenance-out-linked-folder',
    setup: (p, tmp) => {
      mkdirSync(path.join(tmp, 'outside/generated'), { recursive: true });
      symlinkSync('../outside/generated', path.join(p, 'generated'));
    },
    args: ['provenance', '--out', 'generated/provenance.ts'],
  },
  {
    id: 'attest-out-outside',
    setup: (p) => writeFiles(p, { 'dist/app.js': `export const registryHash = '${REGISTRY_HASH}';\n` }),
    args: ['attest', 'dist/app.js', '--out', '../outside/statement.json'],
  },
  // ── The tsconfig imports follow ──────────────────────────────────────────────────────────────
  { id: 'config-tsconfig-missing', setup: config({ include: ['src/roles/**/*.ts'], tsconfig: 'tsconfig.build.json' }), args: ['check'] },
  { id: 'config-tsconfig-folder', setup: config({ include: ['src/roles/**/*.ts'], tsconfig: 'src' }), args: ['check'] },
  {
    id: 'tsconfig-include-outside',
    setup: (p) =>
      writeFiles(p, { 'tsconfig.json': '{\n  "compilerOptions": { "strict": true },\n  "include": ["src/**/*", "/usr/**/*"]\n}\n' }),
    args: ['check'],
  },
  {
    id: 'tsconfig-extends-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, { 'outside/tsconfig.base.json': '{ "compilerOptions": { "strict": true } }\n' });
      writeFiles(p, { 'tsconfig.json': '{\n  "extends": "../outside/tsconfig.base.json",\n  "include": ["src"]\n}\n' });
    },
    args: ['check'],
  },
  {
    id: 'tsconfig-paths-outside',
    setup: (p) => writeFiles(p, { 'tsconfig.json': '{\n  "compilerOptions": {\n    "paths": { "@shared/*": ["../shared/*"] }\n  }\n}\n' }),
    args: ['check'],
  },
  {
    id: 'tsconfig-unparseable',
    setup: (p) => writeFiles(p, { 'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true\n  \n' }),
    args: ['check'],
  },
  {
    id: 'config-tsconfig-linked-outside',
    setup: (p, tmp) => {
      writeFiles(tmp, { 'outside/tsconfig.json': '{ "compilerOptions": { "strict": true } }\n' });
      symlinkSync('../outside/tsconfig.json', path.join(p, 'tsconfig.shared.json'));
      config({ include: ['src/roles/**/*.ts'], tsconfig: 'tsconfig.shared.json' })(p);
    },
    args: ['check'],
  },
  // ── File names and encodings of sources ──────────────────────────────────────────────────────
  {
    id: 'source-name-backslash',
    setup: source('src/roles/back\\slash.ts', "export const editor = defineRole({ role_id: 'editor' });"),
    args: ['lock'],
  },
  {
    id: 'source-name-tab',
    setup: source('src/roles/tab\there.ts', "export const editor = defineRole({ role_id: 'editor' });"),
    args: ['lock'],
  },
  {
    id: 'source-name-unusual',
    setup: source("src/roles/ünusual name #1 (copy) [x] 'q'.ts", "export const editor = defineRole({ role_id: 'editor' });"),
    args: ['lock'],
    writes: true,
    verify: (p) => {
      expect(LOCK(p)).toContain(`"declaredIn": "src/roles/ünusual name #1 (copy) [x] 'q'.ts"`);
      const check = runCli(['check'], p);
      expect(check.stdout + check.stderr).toMatch(/^✔ 3 roles/);
      expect(check.code).toBe(0);
    },
  },
  {
    id: 'source-invalid-utf8',
    setup: (p) =>
      writeFiles(p, {
        'src/roles/editor.ts': Buffer.concat([
          Buffer.from(
            "import { defineRole } from 'role-registry';\n\nexport const editor = defineRole({ role_id: 'editor', display_name: 'Caf",
          ),
          Buffer.from([0xe9]),
          Buffer.from("' });\n"),
        ]),
      }),
    args: ['lock'],
  },
  {
    id: 'source-utf16',
    setup: (p) =>
      writeFiles(p, {
        'src/roles/editor.ts': Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from("import { defineRole } from 'role-registry';\nexport const editor = defineRole({ role_id: 'editor' });\n", 'utf16le'),
        ]),
      }),
    args: ['lock'],
  },
];
