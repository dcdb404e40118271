import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSurfaces } from '../../src/canonical/surface-compatibility.js';
import { jsonChanges, pointerTokens, SET_LIKE_KEYWORDS, type JsonChange } from '../../src/canonical/surface-diff.js';
import type { SchemaValue } from '../../src/core/findings.js';

/**
 * The structural diff of two surfaces (JSON Patch operations with RFC 6901 pointers) and its
 * compatibility verdict. The property: applying the reported diff to A gives B, for any A and B.
 */

type Json = SchemaValue;

/** An independent RFC 6902 `add`/`remove`/`replace` applier over plain copies (no engine code). */
function applyChanges(document: Json, changes: readonly JsonChange[]): Json {
  let root = structuredClone(document) as unknown;
  for (const change of changes) {
    const tokens = pointerTokens(change.path);
    if (tokens.length === 0) {
      root = change.op === 'remove' ? undefined : structuredClone(change.after);
      continue;
    }
    let parent = root as Record<string, unknown> | unknown[];
    for (const token of tokens.slice(0, -1)) parent = (parent as Record<string, unknown>)[token] as Record<string, unknown>;
    const last = tokens[tokens.length - 1]!;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (change.op === 'add') parent.splice(index, 0, structuredClone(change.after));
      else if (change.op === 'remove') parent.splice(index, 1);
      else parent[index] = structuredClone(change.after);
    } else if (change.op === 'remove') delete parent[last];
    else parent[last] = structuredClone(change.after);
  }
  return root as Json;
}

/** Keys that stress RFC 6901 escaping, plus the set-like keywords (compared as sets). */
const KEY = fc.constantFrom('a', 'b', 'c', '~', '/', '~1', '~0/', 'a/b~c', '', 'required', 'enum', 'type', 'items', 'properties');
const JSON_VALUE: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, 0, 1, 'x', 'y', 'string'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(KEY, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Set-like arrays sorted (by canonical JSON), so that two values equal as JSON Schema compare equal. */
function normalised(value: Json, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normalised(item));
    return key !== undefined && SET_LIKE_KEYWORDS.has(key)
      ? items.sort((a, b) => (canonicalize(a)! < canonicalize(b)! ? -1 : canonicalize(a)! > canonicalize(b)! ? 1 : 0))
      : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalised(item, name)]));
  }
  return value;
}

describe('jsonChanges', () => {
  it('applying the reported diff to A yields B (set-like arrays as sets)', () => {
    fc.assert(
      fc.property(JSON_VALUE, JSON_VALUE, (a, b) => {
        const changes = jsonChanges(a, b);
        expect(canonicalize(normalised(applyChanges(a, changes)))).toBe(canonicalize(normalised(b)));
        if (canonicalize(a) === canonicalize(b)) expect(changes).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('escapes `~` and `/` in pointers as RFC 6901 says', () => {
    expect(jsonChanges({ 'a/b': { '~x': 1 } }, { 'a/b': { '~x': 2 } })).toEqual([
      { op: 'replace', path: '/a~1b/~0x', before: 1, after: 2 },
    ]);
    expect(pointerTokens('/a~1b/~0x/~01')).toEqual(['a/b', '~x', '~1']);
  });

  it('compares required, enum and type as sets, and other arrays by index', () => {
    expect(
      jsonChanges(
        { required: ['a', 'b'], enum: [1, 2], type: ['string', 'null'] },
        { required: ['b', 'a'], enum: [2, 1], type: ['null', 'string'] },
      ),
    ).toEqual([]);
    expect(jsonChanges({ required: ['a', 'b', 'c'] }, { required: ['c', 'd'] })).toEqual([
      { op: 'remove', path: '/required/1', before: 'b' },
      { op: 'remove', path: '/required/0', before: 'a' },
      { op: 'add', path: '/required/-', after: 'd' },
    ]);
    expect(
      jsonChanges({ prefixItems: [{ type: 'string' }, { type: 'number' }] }, { prefixItems: [{ type: 'number' }, { type: 'string' }] }),
    ).toEqual([
      { op: 'replace', path: '/prefixItems/0/type', before: 'string', after: 'number' },
      { op: 'replace', path: '/prefixItems/1/type', before: 'number', after: 'string' },
    ]);
  });
});

describe('compareSurfaces', () => {
  const base: Json = {
    type: 'object',
    properties: { title: { type: 'string' }, genre: { enum: ['drama', 'comedy'] }, rating: { type: 'integer', minimum: 0 } },
    required: ['title'],
  };
  const effects = (after: Json): [string, string][] =>
    compareSurfaces('ROLE:r:X:1', 'X', base, after).surfaceDiff.map((change) => [change.path, change.effect]);
  const changed = (edit: (schema: any) => void): Json => {
    const copy = structuredClone(base) as any;
    edit(copy);
    return copy as Json;
  };

  it('classifies each keyword change as narrowing, widening or unknown', () => {
    expect(effects(changed((s) => s.required.push('genre')))).toEqual([['/required/-', 'narrowing']]);
    expect(effects(changed((s) => (s.required = [])))).toEqual([['/required/0', 'widening']]);
    expect(effects(changed((s) => s.properties.genre.enum.pop()))).toEqual([['/properties/genre/enum/1', 'narrowing']]);
    expect(effects(changed((s) => s.properties.genre.enum.push('horror')))).toEqual([['/properties/genre/enum/-', 'widening']]);
    expect(effects(changed((s) => (s.properties.rating.type = 'number')))).toEqual([['/properties/rating/type', 'widening']]);
    expect(effects(changed((s) => (s.properties.rating.minimum = 1)))).toEqual([['/properties/rating/minimum', 'narrowing']]);
    expect(effects(changed((s) => (s.properties.rating.maximum = 5)))).toEqual([['/properties/rating/maximum', 'narrowing']]);
    expect(effects(changed((s) => (s.additionalProperties = false)))).toEqual([['/additionalProperties', 'narrowing']]);
    expect(effects(changed((s) => (s.properties.title.pattern = '^[A-Z]')))).toEqual([['/properties/title/pattern', 'narrowing']]);
    expect(effects(changed((s) => (s.properties.title.type = 'number')))).toEqual([['/properties/title/type', 'unknown']]);
    expect(effects(changed((s) => (s.anyOf = [{ required: ['genre'] }])))).toEqual([['/anyOf', 'narrowing']]);
  });

  it('says who a change breaks: senders of an X contract when it narrows, readers of a C contract when it widens', () => {
    const narrowed = changed((s) => s.required.push('genre'));
    const widened = changed((s) => s.properties.genre.enum.push('horror'));
    expect(compareSurfaces('ROLE:r:X:1', 'X', base, narrowed).compatibility).toEqual({
      verdict: 'narrowing',
      breaks: 'breaks senders of `ROLE:r:X:1`: it rejects documents it accepted before',
    });
    expect(compareSurfaces('ROLE:r:X:1', 'X', base, widened).compatibility.breaks).toBe(
      'breaks no sender of `ROLE:r:X:1`: it accepts every document it accepted before, and more',
    );
    expect(compareSurfaces('ROLE:r:C:1', 'C', base, widened).compatibility).toEqual({
      verdict: 'widening',
      breaks: "breaks readers of `ROLE:r:C:1`'s output: it may emit documents they do not expect",
    });
    expect(compareSurfaces('ROLE:r:C:1', 'C', base, narrowed).compatibility.breaks).toBe(
      "breaks no reader of `ROLE:r:C:1`'s output: it emits only documents it could emit before",
    );
    expect(
      compareSurfaces(
        'ROLE:r:X:1',
        'X',
        base,
        changed((s) => (s.properties.title.type = 'number')),
      ).compatibility.verdict,
    ).toBe('narrowing and widening');
    expect(
      compareSurfaces(
        'ROLE:r:X:1',
        'X',
        base,
        changed((s) => (s.description = 'A pitch')),
      ).compatibility,
    ).toEqual({
      verdict: 'unknown',
      breaks: 'breaks nobody: only annotations changed, and `ROLE:r:X:1` accepts the same documents',
    });
  });
});
