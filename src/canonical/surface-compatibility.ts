import type { ContractKind } from '../core/model.js';
import type { SchemaValue, SurfaceChange, SurfaceCompatibility } from '../core/findings.js';
import { jsonChanges, pointerTokens, type JsonChange } from './surface-diff.js';

/**
 * What one change does to the set of documents a JSON Schema accepts: fewer (narrowing), more
 * (widening), some fewer and some more (both: a type replaced by an unrelated one), none (an
 * annotation such as `description`), or cannot be told from the keyword alone (unknown).
 */
type Effect = 'narrowing' | 'widening' | 'both' | 'none' | 'unknown';

/** Keywords no validator reads: a change of them accepts the same documents. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$id',
  '$schema',
]);
/** A larger value accepts fewer documents. */
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains']);
/** A larger value accepts more documents. */
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']);
/** Present, they constrain; absent, they do not: adding narrows, removing widens, replacing does both. */
const CONSTRAINTS = new Set(['const', 'pattern', 'format', 'items', 'prefixItems', 'contains', 'multipleOf', 'uniqueItems', 'not']);
/** Maps from a name to a schema: a change of a whole entry is judged by what refers to it. */
const SCHEMA_MAPS = new Set(['$defs', 'definitions']);

/**
 * The changes between a contract's locked and current schema, each with its effect, and who they
 * break: an `X` contract (what the role accepts) breaks its senders when it narrows; a `C` contract
 * (what the role produces) breaks its readers when it widens. Advice only: any change is drift.
 */
export function compareSurfaces(
  contractId: string,
  kind: ContractKind,
  locked: SchemaValue,
  current: SchemaValue,
): { readonly surfaceDiff: SurfaceChange[]; readonly compatibility: SurfaceCompatibility } {
  const effects = jsonChanges(locked, current).map((change) => ({ change, effect: effectOf(change, locked, current) }));
  const surfaceDiff = effects.map(({ change, effect }): SurfaceChange => ({ ...change, effect: shownEffect(effect) }));
  return {
    surfaceDiff,
    compatibility: verdictOf(
      contractId,
      kind,
      effects.map(({ effect }) => effect),
    ),
  };
}

/** `effect` of a SurfaceChange: a change that narrows and widens at once cannot be called either. */
function shownEffect(effect: Effect): SurfaceChange['effect'] {
  return effect === 'narrowing' || effect === 'widening' ? effect : 'unknown';
}

function verdictOf(contractId: string, kind: ContractKind, effects: readonly Effect[]): SurfaceCompatibility {
  const id = `\`${contractId}\``;
  const meaningful = effects.filter((effect) => effect !== 'none');
  if (meaningful.length === 0) {
    return {
      verdict: 'unknown',
      breaks:
        effects.length === 0
          ? `breaks nobody: only the order of entries that JSON Schema reads as a set changed, and ${id} accepts the same documents`
          : `breaks nobody: only annotations changed, and ${id} accepts the same documents`,
    };
  }
  if (meaningful.includes('unknown')) {
    return {
      verdict: 'unknown',
      breaks:
        kind === 'X'
          ? `may break senders of ${id}: whether it accepts fewer documents cannot be told from the changed keywords`
          : `may break readers of ${id}'s output: whether it emits other documents cannot be told from the changed keywords`,
    };
  }
  const narrows = meaningful.some((effect) => effect === 'narrowing' || effect === 'both');
  const widens = meaningful.some((effect) => effect === 'widening' || effect === 'both');
  const verdict = narrows && widens ? 'narrowing and widening' : narrows ? 'narrowing' : 'widening';
  if (kind === 'X') {
    return {
      verdict,
      breaks: narrows
        ? `breaks senders of ${id}: it rejects documents it accepted before`
        : `breaks no sender of ${id}: it accepts every document it accepted before, and more`,
    };
  }
  return {
    verdict,
    breaks: widens
      ? `breaks readers of ${id}'s output: it may emit documents they do not expect`
      : `breaks no reader of ${id}'s output: it emits only documents it could emit before`,
  };
}

/** The effect of one change, judged by the keyword it touches (and, for properties, its schema's `additionalProperties`). */
function effectOf(change: JsonChange, locked: SchemaValue, current: SchemaValue): Effect {
  const tokens = pointerTokens(change.path);
  const keyword = tokens[tokens.length - 1];
  const parent = tokens[tokens.length - 2];
  if (keyword === undefined) return 'unknown';
  if (parent !== undefined && (parent === 'required' || parent === 'enum' || parent === 'type') && isIndex(keyword)) {
    return setEntryEffect(parent, change.op);
  }
  if (parent === 'properties' || parent === 'patternProperties') {
    if (change.op === 'replace') return isSchemaTrue(change.before) && !isSchemaTrue(change.after) ? 'narrowing' : 'unknown';
    return propertyEffect(change, tokens.slice(0, -2), locked, current);
  }
  if (parent !== undefined && SCHEMA_MAPS.has(parent)) return change.op === 'replace' ? 'unknown' : 'none';
  if (parent === 'anyOf' || parent === 'oneOf' || parent === 'allOf') {
    if (change.op === 'replace') return 'unknown';
    if (parent === 'oneOf') return 'unknown';
    const added = change.op === 'add';
    return (parent === 'anyOf') === added ? 'widening' : 'narrowing';
  }
  if (ANNOTATIONS.has(keyword)) return 'none';
  switch (keyword) {
    case 'required':
    case 'enum':
      return presenceEffect(change.op);
    case 'type':
      return typeEffect(change);
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return additionalEffect(change);
    case '$ref':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
    case 'properties':
    case 'patternProperties':
      return presenceEffect(change.op, 'unknown');
    case '$defs':
    case 'definitions':
      // Definitions accept nothing by themselves: what refers to them changes, and is reported there.
      return change.op === 'replace' ? 'unknown' : 'none';
  }
  if (LOWER_BOUNDS.has(keyword) || UPPER_BOUNDS.has(keyword)) {
    if (change.op !== 'replace') return presenceEffect(change.op);
    if (typeof change.before !== 'number' || typeof change.after !== 'number') return 'unknown';
    const larger = change.after > change.before;
    return larger === LOWER_BOUNDS.has(keyword) ? 'narrowing' : 'widening';
  }
  if (CONSTRAINTS.has(keyword)) return presenceEffect(change.op, 'both');
  return 'unknown';
}

function setEntryEffect(keyword: string, op: JsonChange['op']): Effect {
  if (op === 'replace') return 'unknown';
  // More required names accept fewer documents; more enum values or types accept more.
  const added = op === 'add';
  return (keyword === 'required') === added ? 'narrowing' : 'widening';
}

/** A keyword that constrains when present: adding it narrows, removing it widens. */
function presenceEffect(op: JsonChange['op'], whenReplaced: Effect = 'both'): Effect {
  return op === 'add' ? 'narrowing' : op === 'remove' ? 'widening' : whenReplaced;
}

function typeEffect(change: JsonChange): Effect {
  if (change.op !== 'replace') return presenceEffect(change.op);
  const before = typesOf(change.before);
  const after = typesOf(change.after);
  if (before === undefined || after === undefined) return 'unknown';
  // `integer` is a subset of `number`.
  const covers = (types: ReadonlySet<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));
  const lost = [...before].some((type) => !covers(after, type));
  const gained = [...after].some((type) => !covers(before, type));
  return lost && gained ? 'both' : lost ? 'narrowing' : gained ? 'widening' : 'none';
}

function typesOf(value: SchemaValue | undefined): Set<string> | undefined {
  if (typeof value === 'string') return new Set([value]);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return new Set(value as string[]);
  return undefined;
}

/** `additionalProperties: false` rejects unknown properties; `true`, `{}` or absent accept them. */
function additionalEffect(change: JsonChange): Effect {
  const before = change.op === 'add' ? true : change.before;
  const after = change.op === 'remove' ? true : change.after;
  if (isSchemaTrue(before) && !isSchemaTrue(after)) return 'narrowing';
  if (!isSchemaTrue(before) && isSchemaTrue(after)) return 'widening';
  if (before === false || after === false) return before === false ? 'widening' : 'narrowing';
  return 'unknown';
}

/**
 * A property's schema added or removed: where unknown properties are accepted, describing one
 * constrains it (narrowing); where `additionalProperties: false` rejects them, listing one admits it
 * (widening). Removal is the reverse.
 */
function propertyEffect(change: JsonChange, schemaTokens: readonly string[], locked: SchemaValue, current: SchemaValue): Effect {
  const schema = at(change.op === 'add' ? current : locked, schemaTokens);
  const closed = isObject(schema) && schema['additionalProperties'] === false;
  const value = change.op === 'add' ? change.after : change.before;
  if (!closed && isSchemaTrue(value)) return 'none';
  const admits = closed === (change.op === 'add');
  return admits ? 'widening' : 'narrowing';
}

function isSchemaTrue(value: SchemaValue | undefined): boolean {
  return value === true || (isObject(value) && Object.keys(value).length === 0);
}

function isIndex(token: string): boolean {
  return token === '-' || /^(0|[1-9][0-9]*)$/.test(token);
}

function at(value: SchemaValue, tokens: readonly string[]): SchemaValue | undefined {
  let here: SchemaValue | undefined = value;
  for (const token of tokens) {
    if (Array.isArray(here)) here = (here as readonly SchemaValue[])[Number(token)];
    else if (isObject(here)) here = Object.hasOwn(here, token) ? here[token] : undefined;
    else return undefined;
  }
  return here;
}

function isObject(value: SchemaValue | undefined): value is { readonly [key: string]: SchemaValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
