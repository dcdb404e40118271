import { compareCodeUnits, sha256Hex } from '../canonical/hashing.js';
import { hasLoneSurrogate } from '../core/ids.js';
import { distinctProblems, keyWithLoneSurrogate, NO_JSON_FORM, unresolved, type Unresolved, type Value } from './evaluate.js';

/**
 * A contract surface straight from an evaluated schema value: the same bytes as
 * `canonicalJson(toJson(value).json)` (RFC 8785: keys sorted by UTF-16 code units, strings and
 * numbers as JSON.stringify writes them, `undefined` properties dropped) and the same problems, in
 * the same order, when the value has no JSON form. Objects and arrays are memoised by identity:
 * evaluation shares a constant's value wherever it is referenced, so a shared schema (or a shared
 * field inside schemas) is serialised and hashed once, and no intermediate JSON is built.
 */
export function surfaceOf(value: Value): { ok: true; hash: string } | { ok: false; problems: Unresolved[] } {
  const problems: Unresolved[] = [];
  const container = containerOf(value);
  const known = container ? serialised.get(container) : undefined;
  if (known?.hash !== undefined) return { ok: true, hash: known.hash };
  const text = canonical(value, problems);
  if (problems.length > 0) return { ok: false, problems: distinctProblems(problems) };
  // A bare `undefined` has no JSON form, as canonicalJson says (readContract reports a missing schema first).
  if (text === undefined) throw new TypeError('value has no JSON form');
  const hash = sha256Hex(text);
  const entry = container ? serialised.get(container) : undefined;
  if (entry) entry.hash = hash;
  return { ok: true, hash };
}

interface Serialised {
  readonly text: string | undefined;
  readonly problems: readonly Unresolved[];
  hash?: string;
}

/** Keyed by an object's entries or an array's items: evaluation never changes them once built. */
const serialised = new WeakMap<object, Serialised>();

function containerOf(value: Value): object | undefined {
  if (value.kind === 'array') return value.items;
  if (value.kind === 'object' && !value.opaque) return value.entries;
  return undefined;
}

function canonical(value: Value, problems: Unresolved[]): string | undefined {
  switch (value.kind) {
    case 'string':
      if (hasLoneSurrogate(value.value)) {
        problems.push(unresolved(NO_JSON_FORM.loneSurrogate, value.at));
        return undefined;
      }
      return JSON.stringify(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value.value)) {
        problems.push(unresolved(NO_JSON_FORM.nonFinite, value.at));
        return undefined;
      }
      // JCS numbers are ECMAScript's Number-to-String, which JSON.stringify writes (and -0 as 0).
      return JSON.stringify(value.value);
    case 'null':
      return 'null';
    case 'undefined':
      return undefined;
    case 'array':
      return memoised(value.items, problems, (own) => {
        const parts: string[] = [];
        for (const item of value.items) {
          if (item.kind === 'undefined') own.push(unresolved(NO_JSON_FORM.undefinedInArray, item.at));
          parts.push(canonical(item, own) ?? 'null');
        }
        return `[${parts.join(',')}]`;
      });
    case 'object': {
      if (value.opaque) {
        problems.push(value.opaque);
        return undefined;
      }
      return memoised(value.entries, problems, (own) => {
        const members: [string, string][] = [];
        for (const [key, entry] of value.entries) {
          if (hasLoneSurrogate(key)) {
            own.push(unresolved(keyWithLoneSurrogate(key), entry.at));
            continue;
          }
          const text = canonical(entry, own);
          if (text !== undefined) members.push([key, text]);
        }
        members.sort((a, b) => compareCodeUnits(a[0], b[0]));
        let out = '{';
        for (let index = 0; index < members.length; index++) {
          const [key, text] = members[index]!;
          out += `${index === 0 ? '' : ','}${JSON.stringify(key)}:${text}`;
        }
        return `${out}}`;
      });
    }
    case 'namespace':
      problems.push(unresolved(NO_JSON_FORM.namespace, value.at));
      return undefined;
    case 'unresolved':
      problems.push(value);
      return undefined;
  }
}

function memoised(container: object, problems: Unresolved[], serialise: (own: Unresolved[]) => string): string | undefined {
  let entry = serialised.get(container);
  if (!entry) {
    const own: Unresolved[] = [];
    const text = serialise(own);
    entry = { text: own.length > 0 ? undefined : text, problems: distinctProblems(own) };
    serialised.set(container, entry);
  }
  for (const problem of entry.problems) problems.push(problem);
  return entry.text;
}
