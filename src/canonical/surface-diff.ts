import type { SchemaValue } from '../core/findings.js';
import { canonicalJson, compareCodeUnits } from './hashing.js';

/** One structural change between two JSON values, before its effect on a schema is judged. */
export interface JsonChange {
  readonly op: 'add' | 'remove' | 'replace';
  /** RFC 6901 JSON Pointer into the value the change applies to. */
  readonly path: string;
  readonly before?: SchemaValue;
  readonly after?: SchemaValue;
}

/**
 * Arrays whose order JSON Schema ignores: they are compared as sets (multisets of canonical JSON),
 * every other array index by index. `type` counts only when it is an array.
 */
export const SET_LIKE_KEYWORDS: ReadonlySet<string> = new Set(['required', 'enum', 'type']);

/**
 * The changes that turn `before` into `after`, as JSON Patch operations (RFC 6902): applied in order
 * to `before` they give `after` (set-like arrays up to order). Object keys are visited in code-unit
 * order, so the same two values always give the same list. Removals from a set-like array are listed
 * from the highest index down, additions appended (`/-`), so that applying them one by one holds.
 */
export function jsonChanges(before: SchemaValue, after: SchemaValue): JsonChange[] {
  const changes: JsonChange[] = [];
  compare(before, after, '', undefined, changes);
  return changes;
}

/** RFC 6901: `~` is written `~0` and `/` is written `~1` in a reference token. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The unescaped reference tokens of a JSON Pointer (`''` is the whole document). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function compare(before: SchemaValue, after: SchemaValue, path: string, key: string | undefined, out: JsonChange[]): void {
  if (same(before, after)) return;
  if (isArray(before) && isArray(after)) {
    if (key !== undefined && SET_LIKE_KEYWORDS.has(key)) compareAsSets(before, after, path, out);
    else compareByIndex(before, after, path, out);
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareCodeUnits);
    for (const name of keys) {
      const at = `${path}/${pointerToken(name)}`;
      const had = Object.hasOwn(before, name);
      const has = Object.hasOwn(after, name);
      if (had && !has) out.push({ op: 'remove', path: at, before: before[name]! });
      else if (!had && has) out.push({ op: 'add', path: at, after: after[name]! });
      else compare(before[name]!, after[name]!, at, name, out);
    }
    return;
  }
  out.push({ op: 'replace', path, before, after });
}

function compareByIndex(before: readonly SchemaValue[], after: readonly SchemaValue[], path: string, out: JsonChange[]): void {
  const common = Math.min(before.length, after.length);
  for (let index = 0; index < common; index++) compare(before[index]!, after[index]!, `${path}/${index}`, undefined, out);
  // Removed from the end first, so that each removal's index is still right when it is applied.
  for (let index = before.length - 1; index >= common; index--)
    out.push({ op: 'remove', path: `${path}/${index}`, before: before[index]! });
  for (let index = common; index < after.length; index++) out.push({ op: 'add', path: `${path}/${index}`, after: after[index]! });
}

function compareAsSets(before: readonly SchemaValue[], after: readonly SchemaValue[], path: string, out: JsonChange[]): void {
  const unmatched = new Map<string, number>();
  for (const item of after) {
    const text = canonicalJson(item);
    unmatched.set(text, (unmatched.get(text) ?? 0) + 1);
  }
  const removed: number[] = [];
  before.forEach((item, index) => {
    const text = canonicalJson(item);
    const left = unmatched.get(text) ?? 0;
    if (left > 0) unmatched.set(text, left - 1);
    else removed.push(index);
  });
  for (const index of removed.reverse()) out.push({ op: 'remove', path: `${path}/${index}`, before: before[index]! });
  const seen = new Map<string, number>();
  for (const item of after) {
    const text = canonicalJson(item);
    const extra = unmatched.get(text) ?? 0;
    const used = seen.get(text) ?? 0;
    if (used < extra) out.push({ op: 'add', path: `${path}/-`, after: item });
    seen.set(text, used + 1);
  }
}

function same(a: SchemaValue, b: SchemaValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

function isArray(value: SchemaValue): value is readonly SchemaValue[] {
  return Array.isArray(value);
}

function isObject(value: SchemaValue): value is { readonly [key: string]: SchemaValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
