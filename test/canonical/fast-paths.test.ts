import fc from 'fast-check';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { toJson, type Value } from '../../src/extract/evaluate.js';
import { surfaceOf } from '../../src/extract/surface.js';
import canonicalize from 'canonicalize';
import { canonicalSnapshot, snapshotDocument, surfaceHash } from '../../src/canonical/hashing.js';
import type { RegistrySnapshot } from '../../src/core/model.js';
import { JsonTextError, parseJsonStrict } from '../../src/support/json-text.js';

/**
 * The engine's fast paths (made for large registries, see docs/benchmarks.md) against the plain
 * definitions they replace: a contract surface hashed straight from the evaluated value equals
 * surfaceHash(toJson(value)), problems included; a JSON document parsed through JSON.parse equals
 * the positional parse, and a repeated key is still refused at its place.
 */
const RUNS = Number(process.env['RR_FAST_PATH_RUNS'] ?? 300);

const at = (n: number) => ({ file: '/p/a.ts', range: { start: n, end: n + 1 } });
const CHAR = fc.constantFrom('a', 'b', 'Z', '_', '"', '\\', '\n', '\u0000', 'é', '😀', '\uD800', '\uDC00', '1', '0');
const KEY = fc.oneof(fc.string({ unit: CHAR, maxLength: 3 }), fc.constantFrom('__proto__', 'constructor', '1', '01', '10', 'type'));

/** Evaluated values as the evaluator builds them, with shared subtrees (a constant referenced twice) and values with no JSON form. */
function valueArbitrary(): fc.Arbitrary<Value> {
  const leaf: fc.Arbitrary<Value> = fc.oneof(
    fc.string({ unit: CHAR, maxLength: 4 }).map((value) => ({ kind: 'string', value, at: at(1) }) as Value),
    fc
      .oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 1e21, NaN, Infinity))
      .map((value) => ({ kind: 'number', value, at: at(2) }) as Value),
    fc.boolean().map((value) => ({ kind: 'boolean', value, at: at(3) }) as Value),
    fc.constant({ kind: 'null', at: at(4) } as Value),
    fc.constant({ kind: 'undefined', at: at(5) } as Value),
    fc.constant({ kind: 'unresolved', reason: 'a function call', at: at(6) } as Value),
    fc.constant({ kind: 'namespace', file: '/p/b.ts', at: at(7) } as Value),
  );
  const tree = fc.letrec<{ node: Value }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }).map((items) => ({ kind: 'array', items, at: at(8) }) as Value),
      fc.tuple(fc.array(fc.tuple(KEY, tie('node')), { maxLength: 4 }), fc.boolean()).map(
        ([entries, opaque]) =>
          ({
            kind: 'object',
            entries: new Map(entries),
            at: at(9),
            ...(opaque && entries.length === 0
              ? { opaque: { kind: 'unresolved', reason: 'a spread of a function call', at: at(10) } }
              : {}),
          }) as Value,
      ),
    ),
  })).node;
  // Reuse subtrees: the same object twice in one value, as a shared constant is.
  return tree.chain((value) =>
    fc.constantFrom(
      value,
      { kind: 'array', items: [value, value], at: at(11) } as Value,
      {
        kind: 'object',
        entries: new Map([
          ['a', value],
          ['b', { ...value, site: at(12) } as Value],
        ]),
        at: at(13),
      } as Value,
    ),
  );
}

describe('surfaceOf', () => {
  it('equals surfaceHash(toJson(value)), or reports the same problems in the same order', () => {
    fc.assert(
      fc.property(valueArbitrary(), (value) => {
        if (value.kind === 'undefined') return;
        const reference = toJson(value);
        const fast = surfaceOf(value);
        // Twice: the second answer comes from the memo.
        for (const answer of [fast, surfaceOf(value)]) {
          if (reference.ok) expect(answer).toEqual({ ok: true, hash: surfaceHash(reference.json) });
          else expect(answer).toEqual({ ok: false, problems: reference.problems });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('canonicalSnapshot', () => {
  const ID = fc.oneof(fc.string({ unit: CHAR, maxLength: 4 }), fc.constantFrom('__proto__', 'a', 'b', 'B', '_', 'é'));
  const SNAPSHOT: fc.Arbitrary<RegistrySnapshot> = fc
    .array(
      fc.tuple(
        ID,
        fc.array(ID, { maxLength: 3 }),
        fc.boolean(),
        fc.array(fc.tuple(ID, fc.string({ unit: fc.constantFrom('0', '9', 'a', 'f'), minLength: 4, maxLength: 4 })), { maxLength: 3 }),
      ),
      { maxLength: 6 },
    )
    .map((roles) => ({
      roles: new Map(roles.map(([id, aliases, deprecated, contracts]) => [id, { aliases, deprecated, contracts: new Map(contracts) }])),
    }));

  it('writes the bytes canonicalize writes for the snapshot document, and refuses what it refuses', () => {
    const outcome = (write: () => string): string => {
      try {
        return write();
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    fc.assert(
      fc.property(SNAPSHOT, (snapshot) => {
        expect(outcome(() => canonicalSnapshot(snapshot))).toBe(outcome(() => canonicalize(snapshotDocument(snapshot))!));
      }),
      { numRuns: RUNS },
    );
  });
});

/** The positional parse the fast path stands in for: jsonc-parser's tree, duplicate keys refused, prototype-free objects. */
function positionalParse(text: string): unknown {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (!tree || errors.length > 0) return { error: 'syntax', offset: errors[0]?.offset };
  const duplicate = firstDuplicate(tree);
  if (duplicate) return { error: 'duplicate', offset: duplicate.offset };
  return plain(tree);
}

function firstDuplicate(node: Node): Node | undefined {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const key = property.children![0]!;
      if (seen.has(String(key.value))) return key;
      seen.add(String(key.value));
    }
  }
  for (const child of node.children ?? []) {
    const found = firstDuplicate(child);
    if (found) return found;
  }
  return undefined;
}

function plain(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(plain);
  if (node.type !== 'object') return node.value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const property of node.children ?? []) out[String(property.children![0]!.value)] = plain(property.children![1]!);
  return out;
}

function engineParse(text: string): unknown {
  try {
    return parseJsonStrict('/p/x.json', text).value;
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    const lines = text.split('\n');
    let offset = error.span.column - 1;
    for (let line = 0; line < error.span.line - 1; line++) offset += lines[line]!.length + 1;
    return { error: error.message.includes('appears twice') ? 'duplicate' : 'syntax', offset };
  }
}

const JSON_TEXT = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.json({ maxDepth: 3 }).map((text) => text.replace(/\{"([^"]*)":/, '{"$1":1,"$1":')),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value, null, 2)),
  fc.dictionary(KEY, fc.jsonValue({ maxDepth: 1 })).map((value) => JSON.stringify(value)),
  fc
    .tuple(KEY, fc.jsonValue({ maxDepth: 1 }))
    .map(([key, value]) => `{ "a": { ${JSON.stringify(key)}: ${JSON.stringify(value)}, "b": 1, ${JSON.stringify(key)}: 2 } }`),
  fc.constantFrom(
    '{"a":01}',
    '{"a":1,}',
    '[1,]',
    '{"a":"\\u00"}',
    '{"a\\"b":1,"a\\"b":2}',
    '{"\\\\":1,"\\\\":2}',
    '{"__proto__":{"x":1}}',
    '{"a":1}\u000b',
    '\u00a0{"a":1}',
    '{"a": NaN}',
  ),
);

describe('parseJsonStrict', () => {
  it('gives the positional parse: the same value, or a problem at the same place', () => {
    fc.assert(
      fc.property(JSON_TEXT, (text) => {
        const expected = positionalParse(text);
        const actual = engineParse(text);
        expect(actual).toEqual(expected);
        if (expected !== null && typeof expected === 'object' && !('error' in expected) && !Array.isArray(expected)) {
          expect(Object.getPrototypeOf(actual)).toBe(null);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('locates a path in a document parsed on the fast path', () => {
    const text = '{\n  "roles": {\n    "a": { "aliases": ["x", "y"] }\n  }\n}\n';
    const document = parseJsonStrict('/p/x.json', text);
    expect(document.spanOf(['roles', 'a', 'aliases', 1])).toMatchObject({ line: 3, column: 29, endLine: 3, endColumn: 32 });
    expect(document.spanOf(['roles', 'missing', 'deeper'])).toMatchObject({ line: 2, column: 12 });
  });
});
