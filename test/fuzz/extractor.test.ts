import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModuleGraph } from '../../src/extract/evaluate.js';
import { factsOfText, type FileFacts } from '../../src/extract/file-facts.js';
import { readFileRoles } from '../../src/extract/roles.js';
import type { Finding } from '../../src/core/findings.js';
import type { DeclaredRole } from '../../src/core/model.js';
import { fuzzParameters, fuzzTimeout } from './budget.js';

const ROLES_FILE = '/project/src/roles/fuzz.ts';
const SCHEMAS_FILE = '/project/src/roles/schemas.ts';
const ID_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Extracts roles from sources with the workspace's own pipeline (facts per file, then
 * readFileRoles: static evaluation across the two files, each defineRole call read), over a module
 * graph held in memory that serves facts even of files with syntax errors (more than the workspace
 * ever evaluates). The property: it never throws, and every finding points inside the files.
 */
function extract(files: ReadonlyMap<string, string>): { roles: readonly DeclaredRole[]; findings: readonly Finding[] } {
  const facts = new Map<string, FileFacts>();
  for (const [file, text] of files) facts.set(file, factsOfText(file, text));
  const graph: ModuleGraph = {
    factsOf: (file) => facts.get(file),
    resolveImport: (specifier) =>
      specifier === './schemas' || specifier === './schemas.js'
        ? { file: SCHEMAS_FILE }
        : { problem: 'cannot be found (TypeScript does not resolve it)' },
    displayName: (file) => file.slice('/project/'.length),
  };
  return readFileRoles(facts.get(ROLES_FILE)!, graph, ID_PATTERN);
}

// ── A grammar of role declarations ───────────────────────────────────────────────────────────────
const idText = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'pr\u043educer',
      'caf\u0065\u0301',
      'pro\u200bducer',
      'x'.repeat(300),
      '',
      'A',
      '\ud800',
    ),
  },
);
const quoted = (text: string): string => JSON.stringify(text);
const key = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/),
  fc.constantFrom('"__proto__"', '__proto__', '"constructor"', '[`computed`]', '0', '"a b"', 'type', 'required'),
);
const constName = fc.constantFrom('S1', 'S2', 'S3', 'SHARED', 'Missing');

const value: fc.Memo<string> = fc.memo((depth) => {
  const leaf = fc.oneof(
    fc.string({ maxLength: 8 }).map(quoted),
    fc.double({ noNaN: false }).map((n) => (Number.isFinite(n) ? String(n) : n > 0 ? 'Infinity' : 'NaN')),
    fc.constantFrom(
      'true',
      'false',
      'null',
      'undefined',
      '`tpl`',
      '`a${"b"}c`',
      '`${S1}`',
      '1n',
      '/re/',
      'f()',
      'x?.y',
      '-0',
      '0x10',
      "'\\uD800'",
    ),
    constName,
    constName.map((name) => `${name}.type`),
    constName.map((name) => `${name}['required']`),
  );
  if (depth <= 1) return leaf;
  const inner = value(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(key, inner), { maxLength: 4 }).map((props) => `{ ${props.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
    },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`) },
    { weight: 1, arbitrary: fc.tuple(constName, inner).map(([name, v]) => `{ ...${name}, extra: ${v} }`) },
    { weight: 1, arbitrary: fc.tuple(constName, inner).map(([name, v]) => `[...${name}, ${v}]`) },
    { weight: 1, arbitrary: inner.map((v) => `(${v}) as const`) },
    { weight: 1, arbitrary: inner.map((v) => `${v} satisfies object`) },
  );
});

const contractFor = (roleId: string, kind: 'X' | 'C'): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constant(roleId) }, { weight: 1, arbitrary: idText }),
      fc.oneof({ weight: 5, arbitrary: fc.constant(kind) }, { weight: 1, arbitrary: fc.constantFrom('X', 'C', 'Z') }),
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom('1', '2') }, { weight: 1, arbitrary: fc.constantFrom('01', '0', 'x') }),
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom("{ type: 'object' }", "{ type: 'string', enum: ['a', 'b'] }", 'S1', 'SHARED') },
        { weight: 3, arbitrary: value(4) },
      ),
    )
    .map(([owner, k, version, schema]) => `{ contract_id: ${quoted(`ROLE:${owner}:${k}:${version}`)}, schema_json: ${schema} }`);
const roleDeclaration = idText
  .chain((roleId) =>
    fc.record({
      id: fc.oneof(
        { weight: 6, arbitrary: fc.constant(quoted(roleId)) },
        { weight: 1, arbitrary: constName },
        { weight: 1, arbitrary: fc.constant('`role_${"x"}`') },
      ),
      aliases: fc.option(fc.array(idText.map(quoted), { maxLength: 3 }), { nil: undefined }),
      extract: fc.array(contractFor(roleId, 'X'), { maxLength: 2 }),
      produce: fc.array(contractFor(roleId, 'C'), { maxLength: 2 }),
      deprecated: fc.option(fc.constantFrom("{ reason: 'old' }", "{ reason: 'old', replaced_by: 'other' }", 'true', 'S1'), {
        nil: undefined,
      }),
      where: fc.constantFrom('top', 'top', 'top', 'function', 'namespace'),
    }),
  )
  .map((role) => {
    const fields = [`role_id: ${role.id}`];
    if (role.aliases) fields.push(`aliases: [${role.aliases.join(', ')}]`);
    fields.push(`extract_contracts: [${role.extract.join(', ')}]`, `produce_contracts: [${role.produce.join(', ')}]`);
    if (role.deprecated) fields.push(`deprecated: ${role.deprecated}`);
    const call = `${role.where === 'namespace' ? 'rr.defineRole' : 'defineRole'}({ ${fields.join(', ')} })`;
    return role.where === 'function'
      ? `export function make() { return ${call}; }`
      : `export const r${Math.abs(hashCode(fields.join()))} = ${call};`;
  });

/** One generated registry file and its schemas file, before rendering. */
interface GeneratedProgram {
  readonly consts: readonly (readonly [string, string])[];
  readonly importShared: boolean;
  readonly roles: readonly string[];
  readonly schemas: readonly (readonly [string, string])[];
}

const program: fc.Arbitrary<GeneratedProgram> = fc.record({
  consts: fc.array(fc.tuple(constName, value(4)), { maxLength: 4 }),
  importShared: fc.boolean(),
  roles: fc.array(roleDeclaration, { minLength: 1, maxLength: 4 }),
  schemas: fc.array(fc.tuple(constName, value(3)), { maxLength: 3 }),
});

function render(generated: GeneratedProgram): Map<string, string> {
  const roles = [
    "import { defineRole } from 'role-registry';",
    "import * as rr from 'role-registry';",
    generated.importShared ? "import { SHARED, S3 } from './schemas.js';" : '',
    ...generated.consts.map(([name, v]) => `const ${name} = ${v};`),
    ...generated.roles,
  ].join('\n');
  const schemas = generated.schemas.map(([name, v]) => `export const ${name === 'S3' ? 'S3' : 'SHARED'} = ${v};`).join('\n');
  return new Map([
    [ROLES_FILE, roles],
    [SCHEMAS_FILE, `import { S1 } from './fuzz';\n${schemas}\n`],
  ]);
}

function hashCode(text: string): number {
  let h = 0;
  for (let index = 0; index < text.length; index++) h = (Math.imul(31, h) + text.charCodeAt(index)) | 0;
  return h;
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  ':',
  '`',
  '"',
  "'",
  '...',
  ' as const',
  '\n',
  '/*',
  '*/',
  '//',
  '${',
  '\\',
  '\r\n',
  'defineRole(',
  '=>',
  '<T>',
  '\u2028',
  '\ud800',
  '#!',
  '@dec ',
];
type Mutation = (text: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 30 })).map(
    ([at, length]): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)) + text.slice((at % (text.length + 1)) + length),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(
    ([at, token]): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)) + token + text.slice(at % (text.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 60 }), fc.nat()).map(([at, length, to]): Mutation => (text) => {
    const start = at % (text.length + 1);
    const target = to % (text.length + 1);
    return text.slice(0, target) + text.slice(start, start + length) + text.slice(target);
  }),
);

function expectFindingsInside(files: ReadonlyMap<string, string>, findings: readonly Finding[]): void {
  for (const f of findings) {
    expect(f.message.length).toBeGreaterThan(0);
    if (!f.span) continue;
    expect(files.has(f.span.file), `a finding in an unknown file: ${f.span.file}`).toBe(true);
    expect(f.span.line).toBeGreaterThanOrEqual(1);
    expect(f.span.column).toBeGreaterThanOrEqual(1);
    expect(f.span.line).toBeLessThanOrEqual(files.get(f.span.file)!.split(/\r\n|\r|\n|\u2028|\u2029/).length);
  }
}

describe('fuzz: the static extractor', () => {
  it('sources from a grammar of role declarations: roles or findings, never a crash', { timeout: fuzzTimeout(60_000) }, () => {
    let withRoles = 0;
    let withContracts = 0;
    fc.assert(
      fc.property(program, (generated) => {
        const files = render(generated);
        const { roles, findings } = extract(files);
        if (roles.length > 0) withRoles++;
        if (roles.some((role) => role.contracts.length > 0)) withContracts++;
        expectFindingsInside(files, findings);
        for (const role of roles) {
          expect(role.roleId).toMatch(ID_PATTERN);
          for (const contract of role.contracts) expect(contract.surfaceHash).toMatch(/^[0-9a-f]{64}$/);
        }
      }),
      fuzzParameters(150),
    );
    // The grammar must reach the successful paths too, not only the findings.
    expect(withRoles).toBeGreaterThan(0);
    expect(withContracts).toBeGreaterThan(0);
    console.log(`extractor fuzz: ${withRoles} programs with roles, ${withContracts} with hashed contracts`);
  });

  it('mutated sources (syntax errors included): never a crash', { timeout: fuzzTimeout(60_000) }, () => {
    fc.assert(
      fc.property(program, fc.array(mutation, { minLength: 1, maxLength: 5 }), (generated, mutations) => {
        const files = render(generated);
        const mutated = new Map(
          [...files].map(([file, text]) => [
            file,
            file === ROLES_FILE ? mutations.reduce((current, mutate) => mutate(current), text) : text,
          ]),
        );
        const facts = factsOfText(ROLES_FILE, mutated.get(ROLES_FILE)!);
        if (facts.parseProblems.length > 0) return;
        expectFindingsInside(mutated, extract(mutated).findings);
      }),
      fuzzParameters(150),
    );
  });

  it('random text: parsed or reported, never a crash', { timeout: fuzzTimeout(30_000) }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const files = new Map([
          [ROLES_FILE, `import { defineRole } from 'role-registry';\n${text}`],
          [SCHEMAS_FILE, ''],
        ]);
        const facts = factsOfText(ROLES_FILE, files.get(ROLES_FILE)!);
        if (facts.parseProblems.length > 0) return;
        expectFindingsInside(files, extract(files).findings);
      }),
      fuzzParameters(200),
    );
  });

  it('nesting far beyond the parser: one parse problem at the deepest point, no crash', () => {
    const deep = `import { defineRole } from 'role-registry';\nexport const r = defineRole({ role_id: 'r', extract_contracts: [{ contract_id: 'ROLE:r:X:1', schema_json: ${'['.repeat(50_000)}${']'.repeat(50_000)} }] });\n`;
    const facts = factsOfText(ROLES_FILE, deep);
    expect(facts.parseProblems).toHaveLength(1);
    expect(facts.parseProblems[0]!.message).toMatch(/^it nests brackets 500\d\d levels deep, more than the TypeScript parser can follow/);
    // The parser recovers: the next file parses normally.
    expect(
      factsOfText(ROLES_FILE, "import { defineRole } from 'role-registry';\nexport const r = defineRole({ role_id: 'r' });\n").roleCalls,
    ).toHaveLength(1);
  });
});

// ── Hostile sources: bombs, deep chains, cycles, writes into hashed values, indirect defineRole ──
const HEADER = "import { defineRole } from 'role-registry';\nimport * as rr from 'role-registry';\n";

/** Declaration lines in the order asked: as written, reversed, or shuffled by a seed. */
function ordered(lines: readonly string[], order: 'forward' | 'reverse' | number): string[] {
  if (order === 'forward') return [...lines];
  if (order === 'reverse') return [...lines].reverse();
  const shuffled = [...lines];
  let seed = order;
  for (let index = shuffled.length - 1; index > 0; index--) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    const other = Math.abs(seed) % (index + 1);
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  return shuffled;
}
const order = fc.oneof(fc.constantFrom<'forward' | 'reverse'>('forward', 'reverse'), fc.integer());
const contractOf = (schema: string, id = 'h'): string =>
  `export const ${id} = defineRole({ role_id: '${id}', extract_contracts: [{ contract_id: 'ROLE:${id}:X:1', schema_json: ${schema} }] });`;

/** A source whose schema stands for far more values or characters than its text, or nests too deep, or loops. */
const bomb = fc
  .record({
    shape: fc.constantFrom('pair', 'object', 'spread', 'template', 'chain', 'cycle', 'mixed'),
    count: fc.integer({ min: 2, max: 70 }),
    chainLength: fc.integer({ min: 150, max: 4000 }),
    order,
    rolesFirst: fc.boolean(),
  })
  .map(({ shape, count, chainLength, order: how, rolesFirst }) => {
    const lines: string[] = [];
    let top = `N${count}`;
    if (shape === 'chain') {
      for (let index = 0; index < chainLength; index++) lines.push(`const N${index} = { next: N${index + 1} };`);
      lines.push(`const N${chainLength} = 'end';`);
      top = 'N0';
    } else if (shape === 'cycle') {
      for (let index = 0; index < count; index++) lines.push(`const N${index} = { next: N${(index + 1) % count} };`);
      top = 'N0';
    } else {
      lines.push(shape === 'template' ? "const N0 = 'abcdefghijklmnop';" : "const N0 = { type: 'string', enum: ['a', 'b'] };");
      for (let index = 1; index <= count; index++) {
        const prev = `N${index - 1}`;
        const body = {
          pair: `[${prev}, ${prev}]`,
          object: `{ a: ${prev}, b: ${prev} }`,
          spread: `[...(${index === 1 ? `[${prev}]` : prev}), ...(${index === 1 ? `[${prev}]` : prev})]`,
          template: `\`\${${prev}}\${${prev}}\``,
          mixed: index % 2 === 0 ? `{ x: [${prev}, ${prev}], y: ${prev} }` : `[${prev}, { z: ${prev} }]`,
        }[shape]!;
        lines.push(`const N${index} = ${body};`);
      }
    }
    const roles = [contractOf(`{ items: ${top} }`), contractOf("{ type: 'object' }", 'calm')];
    const declarations = ordered(lines, how);
    return { shape, text: HEADER + [...(rolesFirst ? roles : []), ...declarations, ...(rolesFirst ? [] : roles)].join('\n') + '\n' };
  });

/** Every write form into a hashed constant: [statement, whether it is inside a function]. */
const WRITES = [
  "S.required.push('x');",
  "S.properties.b = { type: 'number' };",
  'Object.assign(S, { minProperties: 1 });',
  'delete (S as { type?: string }).type;',
  '(S.properties.a as { n?: number }).n! += 1;',
  "S.required.splice(0, 1, 'y');",
  'S.required.sort();',
  'S.required.reverse();',
  "S.required.fill('z');",
  'S.required.copyWithin(0, 1);',
  "S.required.unshift('w');",
  'S.required.pop();',
  'S.required.shift();',
  "Object.defineProperty(S, 'x', { value: 1 });",
  "Reflect.set(S.properties, 'c', {});",
  "Reflect.deleteProperty(S, 'type');",
  'Object.setPrototypeOf(S.properties, null);',
  "Array.prototype.push.call(S.required, 'v');",
  '(S.properties.a as { m?: number }).m++;',
  "[S.properties.a] = [{ type: 'x' }] as never;",
  "for (S.properties.a.type of ['q']) {}",
  "(S as { f?: string }).f ??= 'g';",
  "S.required['push']('k');",
  '(S.properties.a as { n?: number }).n! >>>= 1;',
  '(S.properties.a as { n?: number }).n! <<= 1;',
  "Object['assign'](S, {});",
] as const;
const write = fc.record({
  statement: fc.constantFrom(...WRITES),
  via: fc.constantFrom('direct', 'topAlias', 'localAlias', 'imported'),
  inFunction: fc.boolean(),
});

/** defineRole reached indirectly: followed forms (a role) and unfollowed ones (a finding at the reference). */
const FOLLOWED = [
  (decl: string) => `const dr = defineRole;\nexport const h = dr(${decl});`,
  (decl: string) => `export const h = dr2(${decl});\nconst dr2 = dr1;\nconst dr1 = rr.defineRole;`,
  (decl: string) => `export const h = (defineRole)(${decl});`,
  (decl: string) => `export const h = (0, defineRole)(${decl});`,
  (decl: string) => `export const h = defineRole.call(null, ${decl});`,
  (decl: string) => `export const h = defineRole.apply(undefined, [${decl}]);`,
  (decl: string) => `export const h = rr['defineRole'](${decl});`,
  (decl: string) => `export const h = (rr.defineRole as typeof defineRole)(${decl});`,
];
const UNFOLLOWED = [
  (decl: string) => `export const h = [${decl}].map(defineRole);`,
  (decl: string) => `const table = { make: defineRole };\nexport const h = table.make(${decl});`,
  (decl: string) => `let dr = defineRole;\nexport const h = dr(${decl});`,
  (decl: string) => `export const h = defineRole.bind(null)(${decl});`,
  (decl: string) => `declare const args: [never];\nexport const h = defineRole.apply(null, args) ?? ${decl};`,
  (decl: string) => `const ns = rr;\nexport const h = ns.defineRole(${decl});`,
  (decl: string) => `declare const key: 'defineRole';\nexport const h = rr[key](${decl});`,
  (decl: string) => `export function make() { const local = defineRole; return local(${decl}); }`,
  (decl: string) => `const { defineRole: d } = require('role-registry');\nexport const h = d(${decl});`,
];

function heapGrowthOf(run: () => void): number {
  const before = process.memoryUsage().heapUsed;
  run();
  return process.memoryUsage().heapUsed - before;
}

const HEAP_BOUND = 256 * 1024 * 1024;

describe('fuzz: hostile sources for the static evaluator', () => {
  it(
    'size, depth and cycle bombs in any declaration order: a located finding, bounded time and memory',
    { timeout: fuzzTimeout(120_000) },
    () => {
      fc.assert(
        fc.property(bomb, ({ text }) => {
          const files = new Map([
            [ROLES_FILE, text],
            [SCHEMAS_FILE, ''],
          ]);
          let result: ReturnType<typeof extract> | undefined;
          const started = performance.now();
          const growth = heapGrowthOf(() => {
            result = extract(files);
          });
          expect(performance.now() - started).toBeLessThan(10_000);
          expect(growth).toBeLessThan(HEAP_BOUND);
          expectFindingsInside(files, result!.findings);
          // The calm role beside the bomb is always read, whatever happens to the other one.
          expect(result!.roles.find((role) => role.roleId === 'calm')?.contracts).toHaveLength(1);
          const hostile = result!.roles.find((role) => role.roleId === 'h');
          if (hostile?.contracts.length === 1) return;
          const located = result!.findings.filter((f) => f.code === 'NON_STATIC_VALUE' && f.span?.file === ROLES_FILE);
          expect(located.length).toBeGreaterThan(0);
          for (const f of located)
            expect(f.message).toMatch(/evaluation budget|nested deeper than 200 levels|refers to itself through a cycle/);
        }),
        fuzzParameters(60),
      );
    },
  );

  it(
    'writes into a hashed constant, direct or through aliases and imports, top level or in a function: a finding at the write',
    { timeout: fuzzTimeout(60_000) },
    () => {
      fc.assert(
        fc.property(write, ({ statement, via, inFunction }) => {
          const schema = "{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }";
          const target = via === 'topAlias' ? 'T' : via === 'localAlias' ? 's' : 'S';
          const body = statement
            .replaceAll('S.', `${target}.`)
            .replaceAll('(S', `(${target}`)
            .replaceAll('(S,', `(${target},`)
            .replace(/\bS\b/g, target);
          const local = via === 'localAlias' ? 'const s = S;\n' : '';
          const writeText = inFunction || via === 'localAlias' ? `export function later() {\n${local}${body}\n}` : body;
          const declare =
            via === 'imported'
              ? "import { SHARED as S } from './schemas';"
              : `const S = ${schema};${via === 'topAlias' ? '\nconst T = S;' : ''}`;
          const text = `${HEADER}${declare}\n${contractOf('S')}\n${writeText}\n`;
          const files = new Map([
            [ROLES_FILE, text],
            [SCHEMAS_FILE, `export const SHARED = ${schema};\n`],
          ]);
          const { findings } = extract(files);
          expectFindingsInside(files, findings);
          const writeLine = text.slice(0, text.indexOf(body)).split('\n').length;
          expect(findings.map((f) => [f.code, f.span?.file, f.span?.line])).toEqual([['NON_STATIC_VALUE', ROLES_FILE, writeLine]]);
          expect(findings[0]!.message).toMatch(/modifies `/);
        }),
        fuzzParameters(120),
      );
    },
  );

  it(
    'defineRole reached indirectly: followed to a role, or a finding at the reference, never silently ignored',
    { timeout: fuzzTimeout(60_000) },
    () => {
      fc.assert(
        fc.property(fc.boolean(), fc.nat(), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), (followed, pick, roleId) => {
          const forms = followed ? FOLLOWED : UNFOLLOWED;
          const decl = `{ role_id: '${roleId}', extract_contracts: [{ contract_id: 'ROLE:${roleId}:X:1', schema_json: { type: 'object' } }] }`;
          const text = `${HEADER}${forms[pick % forms.length]!(decl)}\n`;
          const files = new Map([
            [ROLES_FILE, text],
            [SCHEMAS_FILE, ''],
          ]);
          const { roles, findings } = extract(files);
          expectFindingsInside(files, findings);
          if (followed) {
            expect(findings).toEqual([]);
            expect(roles.map((role) => role.roleId)).toEqual([roleId]);
          } else {
            expect(roles).toEqual([]);
            expect(findings.length).toBeGreaterThan(0);
            expect(findings.every((f) => f.code === 'NON_STATIC_VALUE' && f.severity === 'error' && f.span?.file === ROLES_FILE)).toBe(
              true,
            );
          }
        }),
        fuzzParameters(120),
      );
    },
  );
});
