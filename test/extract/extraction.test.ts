import { afterAll, describe, expect, it } from 'vitest';
import { surfaceHash } from '../../src/canonical/hashing.js';
import type { DeclaredRole } from '../../src/core/model.js';
import type { Finding } from '../../src/core/findings.js';
import { IMPORT, TempProject } from '../support/temp-project.js';
import { positionOf } from '../support/text.js';

const projects: TempProject[] = [];
afterAll(() => {
  for (const project of projects) project.dispose();
});

function project(files: Record<string, string>, config?: string): TempProject {
  const made = new TempProject(files, config === undefined ? {} : { config });
  projects.push(made);
  return made;
}

function analyse(
  files: Record<string, string>,
  config?: string,
): { roles: readonly DeclaredRole[]; findings: readonly Finding[]; project: TempProject } {
  const made = project(files, config);
  const state = made.inspect();
  return { roles: state.source.roles, findings: state.source.findings, project: made };
}

const SCHEMA = { type: 'object', required: ['brief'], properties: { brief: { type: 'string' } } };
const SCHEMA_HASH = surfaceHash(SCHEMA);
const SCHEMA_TS = "{ type: 'object', required: ['brief'], properties: { brief: { type: 'string' } } }";

/** The one contract of the one role in `files`, after asserting extraction found nothing wrong. */
function onlyContractHash(files: Record<string, string>, config?: string): string {
  const { roles, findings } = analyse(files, config);
  expect(findings).toEqual([]);
  expect(roles).toHaveLength(1);
  expect(roles[0]!.contracts).toHaveLength(1);
  return roles[0]!.contracts[0]!.surfaceHash;
}

describe('finding defineRole calls', () => {
  it('recognises named, renamed and namespace imports of defineRole, and nothing else', () => {
    const { roles, findings } = analyse({
      'src/roles/named.ts': `import { defineRole } from 'role-registry';\nexport const a = defineRole({ role_id: 'named' });\n`,
      'src/roles/renamed.ts': `import { defineRole as role } from 'role-registry';\nexport const a = role({ role_id: 'renamed' });\n`,
      'src/roles/namespace.ts': `import * as rr from 'role-registry';\nexport const a = rr.defineRole({ role_id: 'namespaced' });\n`,
      'src/roles/other.ts': `import { defineRole } from './not-role-registry.js';\nexport const a = defineRole({ role_id: 'not_a_role' });\n`,
      'src/roles/not-role-registry.ts': 'export function defineRole<T>(x: T): T { return x; }\n',
      'src/roles/unimported.ts': `declare function defineRole(x: unknown): unknown;\nexport const a = defineRole({ role_id: 'unimported' });\n`,
    });
    expect(roles.map((role) => role.roleId).sort()).toEqual(['named', 'namespaced', 'renamed']);
    // A defineRole from elsewhere (a barrel re-exporting it, another library) is not read, and says so.
    expect(findings.map((f) => [f.code, f.severity, f.span?.line, f.span?.column, f.message])).toEqual([
      [
        'DECLARATION_INVALID',
        'warning',
        2,
        18,
        "This defineRole() is imported from './not-role-registry.js', not from 'role-registry': it is not read as a role declaration.",
      ],
    ]);
  });

  it('follows a defineRole reached through a barrel module: named, namespace, renamed, export * and export * as', () => {
    const { roles, findings } = analyse({
      'src/roles/barrel.ts':
        "export { defineRole } from 'role-registry';\nimport { defineRole as d } from 'role-registry';\nexport const renamed = d;\nexport * as rr from 'role-registry';\n",
      'src/roles/star.ts': "export * from './barrel';\n",
      'src/roles/a.ts': `import { defineRole } from './barrel';\nexport const a = defineRole({ role_id: 'a' });\n`,
      'src/roles/b.ts': `import * as lib from './barrel';\nexport const b = lib.defineRole({ role_id: 'b' });\n`,
      'src/roles/c.ts': `import { renamed, rr } from './star';\nexport const c = renamed({ role_id: 'c' });\nexport const d = rr.defineRole({ role_id: 'd' });\n`,
    });
    expect(findings).toEqual([]);
    expect(roles.map((role) => role.roleId).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('follows defineRole through const aliases, parentheses, (0, f), .call, .apply and a string key', () => {
    const { roles, findings } = analyse({
      'src/roles/a.ts': `${IMPORT}import * as ns from 'role-registry';
const dr2 = dr;
const dr = defineRole;
const viaKey = ns['defineRole'];
export const a1 = dr2({ role_id: 'a1' });
export const a2 = (defineRole)({ role_id: 'a2' });
export const a3 = (0, defineRole)({ role_id: 'a3' });
export const a4 = defineRole.call(null, { role_id: 'a4' });
export const a5 = defineRole.apply(undefined, [{ role_id: 'a5' }]);
export const a6 = ns['defineRole']({ role_id: 'a6' });
export const a7 = (viaKey as typeof defineRole)({ role_id: 'a7', aliases: ['old_a7'] });
export const a8 = defineRole({ role_id: 'a8', deprecated: { replaced_by: a7.role_id } });
export { defineRole };
type Define = typeof defineRole;
`,
    });
    expect(findings).toEqual([]);
    expect(roles.map((role) => role.roleId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8']);
    expect(roles.find((role) => role.roleId === 'a8')!.deprecation?.replacedBy).toBe('a7');
  });

  it('reports every reference to defineRole it cannot follow as NON_STATIC_VALUE at the reference, and the file as unknown', () => {
    const text = `${IMPORT}import * as ns from 'role-registry';
export const viaMap = [{ role_id: 'm' }].map(defineRole);
export const stored = { make: defineRole };
let rebound = defineRole;
export const bound = defineRole.bind(null);
export const applied = defineRole.apply(null, ARGS);
export const spread = defineRole(...ARGS);
export const passed = keep(ns);
export const computed = ns[KEY];
export function inner() { const local = defineRole; return local; }
const loaded = require('role-registry');
declare const ARGS: [];
declare const KEY: string;
declare function keep(x: unknown): unknown;
`;
    const { roles, findings } = analyse({ 'src/roles/a.ts': text });
    expect(roles).toEqual([]);
    const at = (needle: string): [number, number] => {
      const position = positionOf(text, needle);
      return [position.line, position.column];
    };
    expect(findings.map((f) => [f.code, f.severity, f.span?.line, f.span?.column])).toEqual(
      [
        at('defineRole);'),
        at('defineRole };'),
        at('defineRole;\nexport const bound'),
        at('defineRole.bind'),
        at('defineRole.apply'),
        at('defineRole(...ARGS)'),
        at('ns);'),
        at('ns[KEY]'),
        at('defineRole; return'),
        at("require('role-registry')"),
      ].map(([line, column]) => ['NON_STATIC_VALUE', 'error', line, column]),
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/defineRole is used as a value/),
      expect.stringMatching(/defineRole is used as a value/),
      expect.stringMatching(/defineRole is used as a value/),
      expect.stringMatching(/bound with \.bind\(\)/),
      expect.stringMatching(/through `\.apply\(\)` with an argument list that is not an array literal/),
      expect.stringMatching(/with a spread argument list/),
      expect.stringMatching(/namespace is used as a value/),
      expect.stringMatching(/namespace is read with a computed key/),
      expect.stringMatching(/defineRole is used as a value/),
      expect.stringMatching(/loaded with require\(\)/),
    ]);
  });

  it('sees defineRole and writes spelled with Unicode escapes in identifiers', () => {
    const text = `import { defineRole as d\\u0072 } from 'role-registry';
const S = { type: 'object', required: ['a'] };
export const a = \\u0064r({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: S }] });
S.required.\\u0070ush('b');
`;
    const { roles, findings } = analyse({ 'src/roles/a.ts': text });
    expect(roles.map((role) => role.roleId)).toEqual(['a']);
    expect(findings.map((f) => [f.code, f.span?.line, f.span?.column])).toEqual([['NON_STATIC_VALUE', 4, 1]]);
  });

  it('keeps a locked role declared in a file with an unfollowed defineRole unknown, not removed', () => {
    const made = project({ 'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a' });\n` });
    made.lock();
    made.write('src/roles/a.ts', `${IMPORT}export const a = [{ role_id: 'a' }].map(defineRole);\n`);
    const findings = made.inspect().findings;
    expect(findings.map((f) => f.code)).toEqual(['NON_STATIC_VALUE']);
  });

  it('finds calls anywhere at module level: default exports, arrays, nested objects', () => {
    const { roles, findings } = analyse({
      'src/roles/a.ts': `${IMPORT}export default defineRole({ role_id: 'first' });\nexport const all = [defineRole({ role_id: 'second' }), { nested: defineRole({ role_id: 'third' }) }];\n`,
    });
    expect(findings).toEqual([]);
    expect(roles.map((role) => role.roleId)).toEqual(['first', 'second', 'third']);
  });
});

describe('resolving values statically', () => {
  it.each([
    ['a plain literal', `schema_json: ${SCHEMA_TS}`],
    ['as const', `schema_json: ${SCHEMA_TS} as const`],
    ['satisfies', `schema_json: ${SCHEMA_TS} satisfies object`],
    ['parentheses and a type assertion', `schema_json: ((<object>(${SCHEMA_TS})))`],
    ['a non-null assertion', `schema_json: ${SCHEMA_TS}!`],
    [
      'double-quoted keys and strings',
      `schema_json: { "type": "object", "required": ["brief"], "properties": { "brief": { "type": "string" } } }`,
    ],
    [
      'reordered keys and other formatting',
      `schema_json: {\n\n  properties: {brief:{type:'string'}},\n  required: [ 'brief', ],\n  type: 'object',\n}`,
    ],
    [
      'keys as string, template and numeric-looking literals',
      `schema_json: { [\`type\`]: 'object', ['required']: ['brief'], 'properties': { brief: { type: \`string\` } } }`,
    ],
  ])('reads the same surface through %s', (_label, contract) => {
    const hash = onlyContractHash({
      'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', ${contract} }] });\n`,
    });
    expect(hash).toBe(SCHEMA_HASH);
  });

  it('follows same-file constants, member access and array elements', () => {
    const hash = onlyContractHash({
      'src/roles/a.ts': `${IMPORT}const TYPES = { text: 'string' } as const;
const REQUIRED = ['brief'] as const;
const BRIEF = { type: TYPES.text };
const SCHEMAS = [{ type: 'object', required: [REQUIRED[0]], properties: { brief: BRIEF } }] as const;
export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: SCHEMAS[0] }] });
`,
    });
    expect(hash).toBe(SCHEMA_HASH);
  });

  it('applies object spreads as JavaScript does (later keys win, undefined is dropped, ...null adds nothing)', () => {
    const hash = onlyContractHash({
      'src/roles/a.ts': `${IMPORT}const BASE = { type: 'array', required: ['brief'], extra: 1 };
export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1',
  schema_json: { ...BASE, ...null, type: 'object', extra: undefined, ...{ properties: { brief: { type: 'string' } } } } }] });
`,
    });
    expect(hash).toBe(SCHEMA_HASH);
  });

  it('spreads arrays and reads template literals, with and without static substitutions', () => {
    const { roles, findings } = analyse({
      'src/roles/a.ts': `${IMPORT}const NAME = 'writer';
const VERSION = 2;
const FIRST = ['w1'] as const;
export const a = defineRole({
  role_id: \`\${NAME}\`,
  aliases: [...FIRST, \`old_\${NAME}_\${VERSION}\`, \`plain\`],
  produce_contracts: [{ contract_id: \`ROLE:\${NAME}:C:\${VERSION}\`, schema_json: { const: \`v\${true}\` } }],
});
`,
    });
    expect(findings).toEqual([]);
    expect(roles[0]!.roleId).toBe('writer');
    expect(roles[0]!.aliases.map((alias) => alias.name)).toEqual(['w1', 'old_writer_2', 'plain']);
    expect(roles[0]!.contracts[0]!.contractId).toBe('ROLE:writer:C:2');
    expect(roles[0]!.contracts[0]!.surfaceHash).toBe(surfaceHash({ const: 'vtrue' }));
  });

  it('reads a role through defineRole (an identity): replaced_by: director.role_id', () => {
    const { roles, findings } = analyse({
      'src/roles/director.ts': `${IMPORT}export const director = defineRole({ role_id: 'director', produce_contracts: [{ contract_id: 'ROLE:director:C:1', schema_json: { type: 'string' } }] });\n`,
      'src/roles/legacy.ts': `${IMPORT}import { director } from './director.js';
export const legacy = defineRole({
  role_id: 'legacy_director',
  deprecated: { reason: 'merged', replaced_by: director.role_id },
  produce_contracts: [{ contract_id: 'ROLE:legacy_director:C:1', schema_json: director.produce_contracts[0].schema_json }],
});
`,
    });
    expect(findings).toEqual([]);
    const legacy = roles.find((role) => role.roleId === 'legacy_director')!;
    expect(legacy.deprecation?.replacedBy).toBe('director');
    expect(legacy.contracts[0]!.surfaceHash).toBe(surfaceHash({ type: 'string' }));
  });

  describe('across files', () => {
    const schemas = `export const BRIEF_SCHEMA = ${SCHEMA_TS} as const;\nexport const OTHER = { type: 'null' };\n`;
    const role = (specifier: string, binding = 'BRIEF_SCHEMA', importLine?: string): string =>
      `${IMPORT}${importLine ?? `import { ${binding} } from '${specifier}';`}
export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: ${binding} }] });
`;

    it('follows a relative import without extension', () => {
      expect(onlyContractHash({ 'src/roles/a.ts': role('../schemas'), 'src/schemas.ts': schemas })).toBe(SCHEMA_HASH);
    });

    it('follows NodeNext `.js` specifiers that name `.ts` files', () => {
      const tsconfig = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } });
      const files = {
        'src/roles/a.ts': role('../schemas.js'),
        'src/schemas.ts': schemas,
        'tsconfig.json': tsconfig,
        'package.json': '{ "type": "module" }',
      };
      expect(onlyContractHash(files)).toBe(SCHEMA_HASH);
    });

    it('follows index files', () => {
      expect(onlyContractHash({ 'src/roles/a.ts': role('../schemas'), 'src/schemas/index.ts': schemas })).toBe(SCHEMA_HASH);
    });

    it('follows re-exports: export { X } from, export { X as Y } from, export *, and export * as ns', () => {
      const files = {
        'src/schemas/brief.ts': schemas,
        'src/schemas/named.ts': "export { BRIEF_SCHEMA } from './brief';\n",
        'src/schemas/renamed.ts': "export { BRIEF_SCHEMA as RENAMED } from './brief';\n",
        'src/schemas/star.ts': "export * from './renamed';\n",
        'src/schemas/ns.ts': "export * as briefs from './brief';\n",
      };
      expect(onlyContractHash({ ...files, 'src/roles/a.ts': role('../schemas/named') })).toBe(SCHEMA_HASH);
      expect(onlyContractHash({ ...files, 'src/roles/a.ts': role('../schemas/star', 'RENAMED') })).toBe(SCHEMA_HASH);
      expect(
        onlyContractHash({ ...files, 'src/roles/a.ts': role('', 'briefs.BRIEF_SCHEMA', "import { briefs } from '../schemas/ns';") }),
      ).toBe(SCHEMA_HASH);
      expect(onlyContractHash({ ...files, 'src/roles/a.ts': role('', 'S.BRIEF_SCHEMA', "import * as S from '../schemas/brief';") })).toBe(
        SCHEMA_HASH,
      );
      expect(
        onlyContractHash({
          ...files,
          'src/roles/a.ts': role('', 'S.default', "import * as S from '../schemas/default';"),
          'src/schemas/default.ts': `export default ${SCHEMA_TS};\n`,
        }),
      ).toBe(SCHEMA_HASH);
    });

    it('follows tsconfig `paths`', () => {
      const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@schemas/*': ['src/schemas/*'] } } });
      expect(
        onlyContractHash({ 'src/roles/a.ts': role('@schemas/brief'), 'src/schemas/brief.ts': schemas, 'tsconfig.json': tsconfig }),
      ).toBe(SCHEMA_HASH);
    });

    it('follows a chain of constants through several files', () => {
      const files = {
        'src/types.ts': "export const STRING = 'string';\n",
        'src/parts.ts': "import { STRING } from './types';\nexport const BRIEF = { type: STRING } as const;\n",
        'src/schemas.ts':
          "import { BRIEF } from './parts';\nexport const BRIEF_SCHEMA = { type: 'object', required: ['brief'], properties: { brief: BRIEF } } satisfies object;\n",
        'src/roles/a.ts': role('../schemas'),
      };
      expect(onlyContractHash(files)).toBe(SCHEMA_HASH);
    });
  });
});

describe('values that cannot be resolved statically', () => {
  interface NonStaticCase {
    readonly label: string;
    readonly files: Record<string, string>;
    /** The file and the text at whose first character the finding must point. */
    readonly file: string;
    readonly at: string;
    readonly occurrence?: number;
    readonly reason: RegExp;
  }
  const contract = (schema: string): string =>
    `export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: ${schema} }] });\n`;
  const cases: NonStaticCase[] = [
    {
      label: 'a function call',
      files: { 'src/roles/a.ts': `${IMPORT}${contract("{ type: makeType('object') }")}function makeType(t: string) { return t; }\n` },
      file: 'src/roles/a.ts',
      at: "makeType('object')",
      reason: /a function call/,
    },
    {
      label: 'a let binding',
      files: { 'src/roles/a.ts': `${IMPORT}let TYPE = 'object';\n${contract('{ type: TYPE }')}` },
      file: 'src/roles/a.ts',
      at: 'TYPE',
      reason: /`TYPE` is a `let` binding/,
    },
    {
      label: 'a var binding in another file',
      files: {
        'src/schemas.ts': "export const OK = 1;\nexport var S = { type: 'object' };\n",
        'src/roles/a.ts': `${IMPORT}import { S } from '../schemas';\n${contract('S')}`,
      },
      file: 'src/schemas.ts',
      at: 'S =',
      reason: /`S` is a `var` binding/,
    },
    {
      label: 'a parameter (defineRole inside a function)',
      files: { 'src/roles/a.ts': `${IMPORT}export function make(id: string) {\n  return defineRole({ role_id: id });\n}\n` },
      file: 'src/roles/a.ts',
      at: 'defineRole({ role_id: id',
      reason: /inside a function/,
    },
    {
      label: 'a computed key',
      files: { 'src/roles/a.ts': `${IMPORT}const KEY = 'type';\n${contract("{ [KEY]: 'object' }")}` },
      file: 'src/roles/a.ts',
      at: '[KEY]',
      reason: /computed property name/,
    },
    {
      label: 'a conditional',
      files: { 'src/roles/a.ts': `${IMPORT}const FLAG = true;\n${contract("FLAG ? { type: 'object' } : { type: 'array' }")}` },
      file: 'src/roles/a.ts',
      at: 'FLAG ?',
      reason: /a conditional expression/,
    },
    {
      label: 'a binary expression',
      files: { 'src/roles/a.ts': `${IMPORT}${contract('{ maxLength: 2 * 8 }')}` },
      file: 'src/roles/a.ts',
      at: '2 * 8',
      reason: /a computed expression/,
    },
    {
      label: 'an unknown global',
      files: { 'src/roles/a.ts': `${IMPORT}${contract('{ max: Infinity }')}` },
      file: 'src/roles/a.ts',
      at: 'Infinity',
      reason: /`Infinity` is not a top-level `const`/,
    },
    {
      label: 'a value imported from a package',
      files: { 'src/roles/a.ts': `${IMPORT}import { S } from 'some-package';\n${contract('S')}` },
      file: 'src/roles/a.ts',
      at: "import { S } from 'some-package'",
      reason: /imported from 'some-package', which cannot be found/,
    },
    {
      label: 'a value imported from a declaration file',
      files: {
        'src/decl.d.ts': 'export declare const S: object;\n',
        'src/roles/a.ts': `${IMPORT}import { S } from '../decl';\n${contract('S')}`,
      },
      file: 'src/roles/a.ts',
      at: "import { S } from '../decl'",
      reason: /declaration file/,
    },
    {
      label: 'a missing export',
      files: { 'src/schemas.ts': 'export const T = 1;\n', 'src/roles/a.ts': `${IMPORT}import { S } from '../schemas';\n${contract('S')}` },
      file: 'src/roles/a.ts',
      at: 'import { S }',
      reason: /no export named `S` in 'src\/schemas.ts'/,
    },
    {
      label: 'a cycle of constants',
      files: { 'src/roles/a.ts': `${IMPORT}const A: object = { b: B };\nconst B: object = { a: A };\n${contract('A')}` },
      file: 'src/roles/a.ts',
      at: 'A }',
      reason: /refers to itself through a cycle/,
    },
    {
      label: 'a __proto__ key',
      files: { 'src/roles/a.ts': `${IMPORT}${contract("{ __proto__: { type: 'object' } }")}` },
      file: 'src/roles/a.ts',
      at: '__proto__',
      reason: /__proto__/,
    },
    {
      label: 'a spread of a function call',
      files: { 'src/roles/a.ts': `${IMPORT}${contract("{ ...base(), type: 'object' }")}` },
      file: 'src/roles/a.ts',
      at: 'base()',
      reason: /a function call/,
    },
    {
      label: 'a non-static role_id',
      files: { 'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: String('a') });\n` },
      file: 'src/roles/a.ts',
      at: "String('a')",
      reason: /a function call/,
    },
    {
      label: 'a non-static alias',
      files: { 'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a', aliases: ['ok', 'x'.toUpperCase()] });\n` },
      file: 'src/roles/a.ts',
      at: "'x'.toUpperCase()",
      reason: /a function call/,
    },
    {
      label: 'a string with a lone surrogate (no UTF-8 form)',
      files: { 'src/roles/a.ts': `${IMPORT}${contract("{ ok: '\\uD83D\\uDE00', bad: 'x\\uD800' }")}` },
      file: 'src/roles/a.ts',
      at: "'x\\uD800'",
      reason: /lone surrogate/,
    },
    {
      label: 'a key with a lone surrogate',
      files: { 'src/roles/a.ts': `${IMPORT}${contract("{ ['\\uDC00']: 1 }")}` },
      file: 'src/roles/a.ts',
      at: '1 }',
      reason: /the key "\\udc00": a string with a lone surrogate/,
    },
    {
      label: 'a number JSON cannot represent',
      files: { 'src/roles/a.ts': `${IMPORT}${contract('{ max: 1e400 }')}` },
      file: 'src/roles/a.ts',
      at: '1e400',
      reason: /NaN or Infinity/,
    },
    {
      label: 'a template with a non-static substitution',
      files: {
        'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a', produce_contracts: [{ contract_id: \`ROLE:a:C:\${Date.now()}\`, schema_json: {} }] });\n`,
      },
      file: 'src/roles/a.ts',
      at: 'Date.now()',
      reason: /a function call/,
    },
  ];

  it.each(cases)('reports $label as NON_STATIC_VALUE where resolution stopped', (c) => {
    const { findings, project: made } = analyse(c.files);
    const expected = positionOf(c.files[c.file]!, c.at, c.occurrence);
    expect(findings.map((f) => ({ code: f.code, file: f.span?.file, line: f.span?.line, column: f.span?.column }))).toEqual([
      { code: 'NON_STATIC_VALUE', file: made.path(c.file), line: expected.line, column: expected.column },
    ]);
    expect(findings[0]!.message).toMatch(c.reason);
  });

  it('points each reference to an unknown name at that reference, not at the first one', () => {
    const text = `${IMPORT}export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: { max: UNKNOWN } }] });
export const b = defineRole({ role_id: 'b', extract_contracts: [{ contract_id: 'ROLE:b:X:1', schema_json: { max: UNKNOWN } }] });
`;
    const { findings } = analyse({ 'src/roles/a.ts': text });
    expect(findings.map((f) => [f.subject.contractId, f.span?.line, f.span?.column])).toEqual([
      ['ROLE:a:X:1', 2, positionOf(text, 'UNKNOWN', 1).column],
      ['ROLE:b:X:1', 3, positionOf(text, 'UNKNOWN', 2).column],
    ]);
  });

  it('ignores non-static values in free metadata', () => {
    const { roles, findings } = analyse({
      'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a', display_name: String(Math.random()), tools: [fetch], department_id: process.env.DEPT });\n`,
    });
    expect(findings).toEqual([]);
    expect(roles.map((role) => role.roleId)).toEqual(['a']);
  });
});

describe('ids that no pattern makes valid', () => {
  it('refuses a role id or alias with a lone surrogate even when idPattern admits anything', () => {
    const { roles, findings } = analyse(
      {
        'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'a\\uD800' });\nexport const b = defineRole({ role_id: 'b', aliases: ['\\uDC00'] });\n`,
      },
      JSON.stringify({ include: ['src/roles/**/*.ts'], idPattern: '^.+$' }),
    );
    expect(roles.map((role) => [role.roleId, role.aliases.length])).toEqual([['b', 0]]);
    expect(findings.map((f) => [f.code, f.message])).toEqual([
      [
        'ROLE_ID_INVALID',
        'role_id "a\\u{D800}" is not a valid id: it contains a lone surrogate (half of a UTF-16 pair, not a Unicode character).',
      ],
      [
        'ROLE_ID_INVALID',
        'Alias "\\u{DC00}" of role `b` is not a valid id: it contains a lone surrogate (half of a UTF-16 pair, not a Unicode character).',
      ],
    ]);
  });
});

describe('where findings about a declaration point', () => {
  it('at the reference in the declaring file when the id comes from a constant elsewhere', () => {
    const roleFile = (name: string): string =>
      `${IMPORT}import { IDS } from '../ids';\nexport const ${name} = defineRole({ role_id: IDS.producer });\n`;
    const { findings, project: made } = analyse({
      'src/ids.ts': "export const IDS = { producer: 'producer' } as const;\n",
      'src/roles/a.ts': roleFile('a'),
      'src/roles/b.ts': roleFile('b'),
    });
    const state = made.inspect();
    const duplicate = state.findings.find((f) => f.code === 'ROLE_ID_DUPLICATE')!;
    expect(findings).toEqual([]);
    expect(duplicate.span).toMatchObject({
      file: made.path('src/roles/b.ts'),
      line: 3,
      column: positionOf(roleFile('b'), 'IDS.producer').column,
    });
    expect(duplicate.message).toBe(
      `role_id \`producer\` is already declared at src/roles/a.ts:3:${positionOf(roleFile('a'), 'IDS.producer').column}.`,
    );
  });
});

describe('writes into values that feed a hash', () => {
  const SCHEMAS =
    "export const SCHEMA = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };\nexport const UNUSED = { x: 1 };\n";
  const ROLE = `${IMPORT}import { SCHEMA, UNUSED } from '../shared/schemas';
const LOCAL = { type: 'string', list: [1, 2] };
const ALIASES = ['old_a'];
const FREE = { tags: [] as string[] };
const alias = LOCAL;
export const a = defineRole({ role_id: 'a', aliases: ALIASES, tools: FREE, extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: SCHEMA }], produce_contracts: [{ contract_id: 'ROLE:a:C:1', schema_json: LOCAL }] });
`;
  interface WriteCase {
    readonly label: string;
    readonly write: string;
    /** The text at whose first character the finding points, and what the message says. */
    readonly at: string;
    readonly message: RegExp;
  }
  const cases: WriteCase[] = [
    {
      label: 'a push into an imported schema',
      write: "SCHEMA.required.push('b');",
      at: 'SCHEMA.required.push',
      message: /^A `\.push\(\)` call modifies `SCHEMA\.required`, part of a contract surface/,
    },
    {
      label: 'an assignment to a nested property',
      write: "SCHEMA.properties.b = { type: 'number' };",
      at: 'SCHEMA.properties.b =',
      message: /^An assignment modifies `SCHEMA\.properties`/,
    },
    {
      label: 'Object.assign',
      write: 'Object.assign(LOCAL, { minLength: 1 });',
      at: 'Object.assign',
      message: /^`Object\.assign\(\)` modifies `LOCAL`/,
    },
    { label: 'delete', write: 'delete (LOCAL as { type?: string }).type;', at: 'delete', message: /^`delete` modifies `LOCAL`/ },
    { label: 'an increment', write: '(LOCAL.list as number[])[0]++;', at: '(LOCAL.list', message: /^`\+\+` modifies `LOCAL\.list`/ },
    { label: 'a compound assignment', write: "LOCAL.type += '!';", at: 'LOCAL.type +=', message: /^A `\+=` assignment modifies `LOCAL`/ },
    {
      label: 'a logical assignment',
      write: "(LOCAL as { f?: string }).f ??= 'x';",
      at: '(LOCAL as',
      message: /^A `\?\?=` assignment modifies `LOCAL`/,
    },
    {
      label: 'Object.defineProperty',
      write: "Object.defineProperty(SCHEMA, 'x', { value: 1 });",
      at: 'Object.defineProperty',
      message: /`Object\.defineProperty\(\)` modifies `SCHEMA`/,
    },
    {
      label: 'Reflect.set',
      write: "Reflect.set(SCHEMA.properties.a, 'type', 'number');",
      at: 'Reflect.set',
      message: /`Reflect\.set\(\)` modifies `SCHEMA\.properties\.a`/,
    },
    { label: 'a sort of aliases', write: 'ALIASES.sort();', at: 'ALIASES.sort', message: /`\.sort\(\)` call modifies `ALIASES`/ },
    {
      label: 'splice through Array.prototype',
      write: 'Array.prototype.splice.call(ALIASES, 0, 1);',
      at: 'Array.prototype',
      message: /`\.splice\.call\(\)` call modifies `ALIASES`/,
    },
    {
      label: 'a role id assigned after declaration',
      write: "(a as { role_id: string }).role_id = 'z';",
      at: '(a as',
      message: /modifies `a`, a role declaration \(its `role_id`\)/,
    },
    {
      label: 'a write through a top-level alias',
      write: "alias.type = 'number';",
      at: 'alias.type',
      message: /modifies `alias`, part of a contract surface/,
    },
    {
      label: 'a write inside a function through a local alias',
      write: 'export function later() { const s = LOCAL.list; s.reverse(); }',
      at: 's.reverse',
      message: /`\.reverse\(\)` call modifies `LOCAL\.list`/,
    },
    {
      label: 'a write below a computed key',
      write: "export function set(k: 'a') { SCHEMA.properties[k].type = 'x'; }",
      at: 'SCHEMA.properties[k]',
      message: /modifies `SCHEMA\.properties`/,
    },
    {
      label: 'a destructuring assignment target',
      write: '[LOCAL.type] = ["x"];',
      at: '[LOCAL.type] =',
      message: /^A destructuring assignment modifies `LOCAL`/,
    },
    {
      label: 'a write into an imported constant that feeds no hash',
      write: 'UNUSED.x = 2;',
      at: 'UNUSED.x',
      message: /modifies `UNUSED`, a constant of another module/,
    },
  ];

  it.each(cases)('reports $label as NON_STATIC_VALUE at the write', (c) => {
    const text = `${ROLE}${c.write}\n`;
    const { findings, project: made } = analyse({ 'src/shared/schemas.ts': SCHEMAS, 'src/roles/a.ts': text });
    const expected = positionOf(text, c.at, c.at.startsWith('(') ? undefined : 1);
    expect(findings.map((f) => [f.code, f.severity, f.span?.file, f.span?.line, f.span?.column])).toEqual([
      ['NON_STATIC_VALUE', 'error', made.path('src/roles/a.ts'), expected.line, expected.column],
    ]);
    expect(findings[0]!.message).toMatch(c.message);
  });

  it('reports a write in a shared schema file once, at the write, however many registry files read it', () => {
    const schemas = `${SCHEMAS}SCHEMA.required.push('b');\n`;
    const role = (id: string): string =>
      `${IMPORT}import { SCHEMA } from '../shared/schemas';\nexport const ${id} = defineRole({ role_id: '${id}', extract_contracts: [{ contract_id: 'ROLE:${id}:X:1', schema_json: SCHEMA }] });\n`;
    const { findings, project: made } = analyse({
      'src/shared/schemas.ts': schemas,
      'src/roles/a.ts': role('a'),
      'src/roles/b.ts': role('b'),
    });
    const at = positionOf(schemas, 'SCHEMA.required.push');
    expect(findings.map((f) => [f.code, f.span?.file, f.span?.line, f.span?.column])).toEqual([
      ['NON_STATIC_VALUE', made.path('src/shared/schemas.ts'), at.line, at.column],
    ]);
  });

  it('reports a write at the end of a 100,000-long member chain once, quickly, as a write inside its root', () => {
    const text = `${ROLE}(LOCAL as any)${'.list'.repeat(100_000)}.x = 1;\n`;
    const started = performance.now();
    const { findings } = analyse({ 'src/shared/schemas.ts': SCHEMAS, 'src/roles/a.ts': text });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(findings.map((f) => [f.code, f.span?.line, f.message])).toEqual([
      [
        'NON_STATIC_VALUE',
        positionOf(text, '(LOCAL as any)').line,
        "An assignment modifies `LOCAL`, part of a contract surface or of a role's identity: at run time it is not the value that is hashed.",
      ],
    ]);
  });

  it('leaves writes into free metadata, unrelated values and parameters alone', () => {
    const text = `${ROLE}FREE.tags.push('ok');
(a as { display_name?: string }).display_name = 'A';
const scratch: number[] = [];
scratch.push(1);
export function local(items: string[]) { items.sort(); const copy = [...ALIASES]; copy.reverse(); }
export function shadowed(ALIASES: string[]) { ALIASES.push('x'); }
export const arrow = (LOCAL: { type: string }) => { LOCAL.type = 'y'; };
try { scratch.pop(); } catch (SCHEMA) { (SCHEMA as { x?: number }).x = 1; }
`;
    const { roles, findings } = analyse({ 'src/shared/schemas.ts': SCHEMAS, 'src/roles/a.ts': text });
    expect(findings).toEqual([]);
    expect(roles.map((role) => role.roleId)).toEqual(['a']);
  });
});

describe('evaluation budget', () => {
  const contract = (schema: string): string =>
    `export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: ${schema} }] });\n`;

  it('stops doubling constants at the first declaration over the size budget, in linear time', () => {
    const lines = ["const L0 = { type: 'string' };"];
    for (let index = 1; index <= 60; index++) lines.push(`const L${index} = [L${index - 1}, L${index - 1}];`);
    const text = `${IMPORT}${lines.join('\n')}\n${contract('{ items: L60 }')}`;
    const started = performance.now();
    const { findings, project: made } = analyse({ 'src/roles/a.ts': text });
    expect(performance.now() - started).toBeLessThan(5000);
    // L19 stands for 3 × 2^19 - 1 values: the first over 1,000,000.
    const at = positionOf(text, '[L18, L18]');
    expect(findings.map((f) => [f.code, f.span?.file, f.span?.line, f.span?.column])).toEqual([
      ['NON_STATIC_VALUE', made.path('src/roles/a.ts'), at.line, at.column],
    ]);
    expect(findings[0]!.message).toMatch(
      /larger than the evaluation budget \(1,000,000 values or 16,000,000 characters, shared constants counted where they are used\)/,
    );
  });

  it('stops doubling spreads and templates before building them', () => {
    const arrays = ['const A0 = [1, 2, 3, 4];'];
    const strings = ["const T0 = 'abcdefgh';"];
    for (let index = 1; index <= 50; index++) {
      arrays.push(`const A${index} = [...A${index - 1}, ...A${index - 1}];`);
      strings.push(`const T${index} = \`\${T${index - 1}}\${T${index - 1}}\`;`);
    }
    const text = `${IMPORT}${arrays.join('\n')}\n${strings.join('\n')}
export const a = defineRole({ role_id: 'a', extract_contracts: [{ contract_id: 'ROLE:a:X:1', schema_json: { enum: A50 } }, { contract_id: 'ROLE:a:X:2', schema_json: { title: T50 } }] });
`;
    const { findings } = analyse({ 'src/roles/a.ts': text });
    // A18 holds 4 × 2^18 items, the first over 1,000,000; T21 8 × 2^21 characters, the first over 16,000,000.
    expect(findings.map((f) => [f.code, f.span?.line, f.span?.column])).toEqual([
      ['NON_STATIC_VALUE', positionOf(text, '[...A17, ...A17]').line, positionOf(text, '[...A17, ...A17]').column],
      ['NON_STATIC_VALUE', positionOf(text, '`${T20}${T20}`').line, positionOf(text, '`${T20}${T20}`').column],
    ]);
  });

  it('limits depth the same whatever the order of declarations and of the roles that reach them', () => {
    const chain: string[] = [];
    for (let index = 0; index < 3000; index++) chain.push(`const C${index} = [C${index + 1}];`);
    chain.push("const C3000 = 'end';");
    const roles = [2990, 2960, 2000, 1000, 0].map(
      (start, index) =>
        `export const r${index} = defineRole({ role_id: 'r${index}', extract_contracts: [{ contract_id: 'ROLE:r${index}:X:1', schema_json: { x: C${start} } }] });`,
    );
    const forwards = analyse({ 'src/roles/a.ts': `${IMPORT}${roles.join('\n')}\n${chain.join('\n')}\n` });
    const backwards = analyse({ 'src/roles/a.ts': `${IMPORT}${[...chain].reverse().join('\n')}\n${[...roles].reverse().join('\n')}\n` });
    const verdict = (result: { roles: readonly DeclaredRole[]; findings: readonly Finding[] }): string[] =>
      [
        ...result.roles.map((role) => `${role.roleId}: ${role.contracts.length} contract`),
        ...result.findings.map((f) => `${f.subject.contractId}: ${f.code} ${f.message}`),
      ].sort();
    // r0 and r1 reach the end 10 and 40 constants down; the others are deeper than the limit.
    expect(verdict(forwards)).toEqual(
      [
        'r0: 1 contract',
        'r1: 1 contract',
        ...[2, 3, 4].flatMap((index) => [
          `r${index}: 0 contract`,
          `ROLE:r${index}:X:1: NON_STATIC_VALUE The schema of \`ROLE:r${index}:X:1\` cannot be resolved statically: a value nested deeper than 200 levels.`,
        ]),
      ].sort(),
    );
    expect(verdict(backwards)).toEqual(verdict(forwards));
  });

  it('bounds the surfaces one file makes hash, all together', () => {
    // B17 stands for 6 × 2^17 - 1 values; each role's schema wraps it anew, so each counts.
    const doubling = [
      'const B0 = [1, 2, 3, 4];',
      ...Array.from({ length: 17 }, (_, index) => `const B${index + 1} = [B${index}, B${index}];`),
    ];
    const roles = Array.from(
      { length: 8 },
      (_, index) =>
        `export const r${index} = defineRole({ role_id: 'r${index}', extract_contracts: [{ contract_id: 'ROLE:r${index}:X:1', schema_json: { n: ${index}, items: B17 } }] });`,
    );
    const text = `${IMPORT}${doubling.join('\n')}\n${roles.join('\n')}\n`;
    const { roles: read, findings } = analyse({ 'src/roles/a.ts': text });
    expect(read.map((role) => [role.roleId, role.contracts.length])).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((index) => [`r${index}`, index < 5 ? 1 : 0]),
    );
    expect(findings.map((f) => [f.subject.contractId, f.code, f.span?.line, f.message])).toEqual(
      [5, 6, 7].map((index) => [
        `ROLE:r${index}:X:1`,
        'NON_STATIC_VALUE',
        positionOf(text, `{ n: ${index},`).line,
        `The schema of \`ROLE:r${index}:X:1\` cannot be resolved statically: the schemas of this file together are larger than the evaluation budget (4,000,000 values or 64,000,000 characters per file).`,
      ]),
    );
  });
});
