import { hasLoneSurrogate, LONE_SURROGATE_PHRASE } from '../core/ids.js';
import type { FileFacts } from './file-facts.js';
import type { Range, StaticExpr } from './static-expr.js';

/** Where a value came from: a range in a file. Values keep their origin so findings point at them. */
export interface Origin {
  readonly file: string;
  readonly range: Range;
}

/**
 * A statically evaluated value. `unresolved` stands where evaluation had to stop; it becomes a
 * finding only if an id or a hash reads it, so free metadata may hold anything.
 */
export type Value =
  | { readonly kind: 'string'; readonly value: string; readonly at: Origin; readonly site?: Origin }
  | { readonly kind: 'number'; readonly value: number; readonly at: Origin; readonly site?: Origin }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: Origin; readonly site?: Origin }
  | { readonly kind: 'null'; readonly at: Origin; readonly site?: Origin }
  | { readonly kind: 'undefined'; readonly at: Origin; readonly site?: Origin }
  | { readonly kind: 'array'; readonly items: readonly Value[]; readonly at: Origin; readonly site?: Origin; readonly size?: Size }
  | ObjectValue
  | { readonly kind: 'namespace'; readonly file: string; readonly at: Origin; readonly site?: Origin }
  | Unresolved;

/**
 * `at` is where a value is written (a literal, possibly in another file); `site` is the outermost
 * reference that brought it here (`role_id: IDS.producer`). Findings about a declaration point at
 * the site, so they land in the file that declares the role; NON_STATIC_VALUE points at `at`.
 */
export interface ObjectValue {
  readonly kind: 'object';
  readonly entries: ReadonlyMap<string, Value>;
  /** An unresolved spread: keys not set after it may come from it. */
  readonly opaque?: Unresolved;
  readonly at: Origin;
  readonly site?: Origin;
  /** Its size written out in full (EVALUATION_LIMITS), computed as it is built from its parts' sizes. */
  readonly size?: Size;
}

export interface Unresolved {
  readonly kind: 'unresolved';
  readonly reason: string;
  readonly at: Origin;
  readonly site?: Origin;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What the evaluator needs from the outside world: facts per file and module resolution. */
export interface ModuleGraph {
  factsOf(file: string): FileFacts | undefined;
  /** Resolves an import specifier to a followable source file, or says why it cannot be followed. */
  resolveImport(specifier: string, fromFile: string): { readonly file: string } | { readonly problem: string };
  /** How messages name a file (project-relative, so reports are the same on every machine). */
  displayName(file: string): string;
}

/**
 * Limits of static evaluation (docs/canonical-form.md#limits), so that any source, however hostile,
 * ends in a located finding within bounded time, memory and stack. `depth` counts nesting levels
 * and references followed from a declaration. `values` and `characters` bound one evaluated value
 * as if its shared constants were written out in full: every value counts 1, every character of
 * its strings and keys counts 1, so doubling constants (`const L1 = [L0, L0]`) stop at the
 * declaration that crosses a limit, whatever the order. `perFile` bounds the surfaces one registry
 * file has serialised and hashed, all together (each schema counted once).
 */
export const EVALUATION_LIMITS = {
  depth: 200,
  values: 1_000_000,
  characters: 16_000_000,
  perFile: { values: 4_000_000, characters: 64_000_000 },
} as const;
const MAX_DEPTH = EVALUATION_LIMITS.depth;

/** A value's size written out in full. */
export interface Size {
  readonly values: number;
  readonly characters: number;
}

const ONE_VALUE: Size = { values: 1, characters: 0 };

/**
 * A value's size as EVALUATION_LIMITS counts it. Arrays and objects carry theirs, computed from
 * their parts' sizes as they are built, so checking the budget is linear in the source even when
 * the value it stands for is exponential.
 */
export function sizeOf(value: Value): Size {
  switch (value.kind) {
    case 'string':
      return { values: 1, characters: value.value.length };
    case 'array':
    case 'object':
      return value.size ?? ONE_VALUE;
    default:
      return ONE_VALUE;
  }
}

/** Sizes add up while a value is built; `exceeds` says when one crosses a limit. */
class SizeCounter {
  values = 1;
  characters = 0;

  add(size: Size, extraCharacters = 0): void {
    this.values += size.values;
    this.characters += size.characters + extraCharacters;
  }

  exceeds(): boolean {
    return this.values > EVALUATION_LIMITS.values || this.characters > EVALUATION_LIMITS.characters;
  }

  get size(): Size {
    return { values: this.values, characters: this.characters };
  }
}

const TOO_LARGE = `a value larger than the evaluation budget (${EVALUATION_LIMITS.values.toLocaleString('en-US')} values or ${EVALUATION_LIMITS.characters.toLocaleString('en-US')} characters, shared constants counted where they are used)`;

function tooLarge(at: Origin): Unresolved {
  return unresolved(TOO_LARGE, at);
}

/**
 * The first part over the budget that a value holds (itself, or inside it). A value holding one is
 * kept (a role stays readable when one schema is too large) but, if it crosses the budget again,
 * it ends at that first place instead of a new one further on: `[L17, L17]` with L17 over the
 * budget is small again, and would otherwise grow past it once more.
 */
const overBudgetParts = new WeakMap<object, Unresolved>();

function overBudgetPart(value: Value): Unresolved | undefined {
  if (value.kind === 'unresolved') return value.reason === TOO_LARGE ? value : undefined;
  if (value.kind === 'array') return overBudgetParts.get(value.items);
  if (value.kind === 'object') return overBudgetParts.get(value.entries);
  return undefined;
}

function tooDeep(at: Origin): Unresolved {
  return unresolved(`a value nested deeper than ${MAX_DEPTH} levels`, at);
}

/** A top-level binding's value, with what its evaluation read and how deep it went. */
interface BindingRecord {
  readonly value: Value;
  /** How many levels below the binding its evaluation went: another start depth gives the same value while it stays within MAX_DEPTH. */
  readonly height: number;
  /** It met a cycle or the depth limit: its value depends on where evaluation started. */
  readonly tainted: boolean;
  /** Files whose facts it read (itself included) and imports it resolved, nested bindings included. */
  readonly reads: ReadonlySet<string>;
  readonly resolutions: ReadonlyMap<string, readonly [specifier: string, fromFile: string]>;
}

/** What the evaluation of one binding has done so far (bindings nest). */
interface Frame {
  readonly start: number;
  deepest: number;
  tainted: boolean;
  readonly reads: Set<string>;
  readonly resolutions: Map<string, readonly [string, string]>;
}

/**
 * Bindings evaluated once for every evaluator of one analysis, during which every file keeps one
 * version: a schema constant imported by hundreds of role files is evaluated (and its surface
 * hashed) once instead of once per file. A binding is shared only when its evaluation met no cycle
 * and no depth limit, so its value depends on the files it read and on nothing else; an evaluator
 * that reuses one reads those files again through its graph, so its dependencies are complete.
 */
export class SharedBindings {
  private readonly records = new Map<string, Map<string, BindingRecord>>();

  get(file: string, name: string): BindingRecord | undefined {
    return this.records.get(file)?.get(name);
  }

  set(file: string, name: string, record: BindingRecord): void {
    let byName = this.records.get(file);
    if (!byName) {
      byName = new Map();
      this.records.set(file, byName);
    }
    byName.set(name, record);
  }
}

/**
 * Evaluates StaticExprs across files. One evaluator serves one analysis: it memoises top-level
 * bindings and detects cycles, so shared schema constants are evaluated once.
 */
export class Evaluator {
  /** file → binding name → record; nested maps spare building a key string for every reference. */
  private readonly memo = new Map<string, Map<string, BindingRecord>>();
  private readonly inProgress = new Map<string, Set<string>>();
  private readonly frames: Frame[] = [];
  /**
   * Once this evaluator met a cycle or the depth limit, its own memo may hold values that depend on
   * where evaluation started, which a shared value would not reproduce: it stops using shared ones.
   */
  private tainted = false;

  constructor(
    private readonly graph: ModuleGraph,
    private readonly shared?: SharedBindings,
  ) {}

  evaluate(expr: StaticExpr, file: string, depth = 0): Value {
    const at: Origin = { file, range: { start: expr.start, end: expr.end } };
    const frame = this.frames[this.frames.length - 1];
    if (frame && depth > frame.deepest) frame.deepest = depth;
    if (depth > MAX_DEPTH) {
      this.taint();
      return tooDeep(at);
    }
    switch (expr.kind) {
      case 'string':
      case 'number':
      case 'boolean':
        return { kind: expr.kind, value: expr.value, at } as Value;
      case 'null':
      case 'undefined':
        return { kind: expr.kind, at };
      case 'opaque':
        return unresolved(expr.reason, at);
      case 'ref':
        return reached(this.binding(file, expr.name, at, depth), at);
      case 'member':
        return reached(this.member(this.evaluate(expr.object, file, depth + 1), expr.key, at, depth), at);
      case 'template':
        return this.template(expr, file, at, depth);
      case 'array':
        return this.array(expr, file, at, depth);
      case 'object':
        return this.object(expr, file, at, depth);
    }
  }

  /** Evaluates a top-level binding of a file by name. */
  binding(file: string, name: string, at: Origin, depth: number): Value {
    let memo = this.memo.get(file);
    if (!memo) {
      memo = new Map();
      this.memo.set(file, memo);
    }
    const known = memo.get(name);
    if (known) {
      // Reused deeper than where it was first evaluated, it would nest past the limit: the same
      // answer as evaluating it afresh here, so the order of declarations and references never matters.
      if (depth + known.height > MAX_DEPTH) {
        this.taint();
        return tooDeep(at);
      }
      this.reuse(known, depth, false);
      return known.value;
    }
    let inProgress = this.inProgress.get(file);
    if (!inProgress) {
      inProgress = new Set();
      this.inProgress.set(file, inProgress);
    }
    if (inProgress.has(name)) {
      this.taint();
      return unresolved(`\`${name}\` refers to itself through a cycle of constants`, at);
    }
    const shared = this.tainted ? undefined : this.shared?.get(file, name);
    if (shared && depth + shared.height <= MAX_DEPTH) {
      this.reuse(shared, depth, true);
      memo.set(name, shared);
      return shared.value;
    }
    inProgress.add(name);
    const frame: Frame = { start: depth, deepest: depth, tainted: false, reads: new Set(), resolutions: new Map() };
    this.frames.push(frame);
    try {
      const { value, memoise } = this.computeBinding(file, name, at, depth);
      const record: BindingRecord = {
        value,
        height: frame.deepest - frame.start,
        tainted: frame.tainted,
        reads: frame.reads,
        resolutions: frame.resolutions,
      };
      // A failure located at the reference (an unknown name) must not be replayed at other references.
      if (memoise) {
        memo.set(name, record);
        if (!record.tainted && !this.tainted) this.shared?.set(file, name, record);
      }
      return value;
    } finally {
      inProgress.delete(name);
      this.frames.pop();
      const parent = this.frames[this.frames.length - 1];
      if (parent) absorb(parent, frame, frame.deepest);
    }
  }

  /**
   * A memoised or shared binding used again: the enclosing bindings inherit what it read, how deep
   * it went and its taint; a shared one is read again through this evaluator's graph.
   */
  private reuse(record: BindingRecord, depth: number, replay: boolean): void {
    if (replay) {
      for (const file of record.reads) this.graph.factsOf(file);
      for (const [specifier, fromFile] of record.resolutions.values()) this.graph.resolveImport(specifier, fromFile);
    }
    const frame = this.frames[this.frames.length - 1];
    if (frame) absorb(frame, record, depth + record.height);
    if (record.tainted) this.taint();
  }

  private taint(): void {
    this.tainted = true;
    for (const frame of this.frames) frame.tainted = true;
  }

  /** The graph, seen by the binding being evaluated. */
  private factsOf(file: string): FileFacts | undefined {
    this.frames[this.frames.length - 1]?.reads.add(file);
    return this.graph.factsOf(file);
  }

  private resolveImport(specifier: string, fromFile: string): { readonly file: string } | { readonly problem: string } {
    const frame = this.frames[this.frames.length - 1];
    if (frame) {
      const key = `${specifier}\0${fromFile}`;
      if (!frame.resolutions.has(key)) frame.resolutions.set(key, [specifier, fromFile]);
    }
    return this.graph.resolveImport(specifier, fromFile);
  }

  private computeBinding(file: string, name: string, at: Origin, depth: number): { value: Value; memoise: boolean } {
    const facts = this.factsOf(file);
    if (!facts) return { value: unresolved(`\`${name}\` is in a file that cannot be read or does not parse`, at), memoise: false };
    const constExpr = facts.consts.get(name);
    if (constExpr) return { value: this.evaluate(constExpr, file, depth + 1), memoise: true };
    const imported = facts.imports.get(name);
    if (imported) {
      // Resolution stops at the import declaration, whichever reference led here.
      const importAt: Origin = { file, range: imported.range };
      if (imported.specifier === 'role-registry') {
        return {
          value: unresolved(`\`${name}\` is a run-time export of role-registry, not a value written in source`, importAt),
          memoise: true,
        };
      }
      const target = this.resolveImport(imported.specifier, file);
      if ('problem' in target) {
        return {
          value: unresolved(`\`${name}\` is imported from '${imported.specifier}', which ${target.problem}`, importAt),
          memoise: true,
        };
      }
      if (imported.imported === '*') return { value: { kind: 'namespace', file: target.file, at: importAt }, memoise: true };
      return { value: this.exported(target.file, imported.imported, importAt, depth + 1, new Set()), memoise: true };
    }
    const other = facts.otherBindings.get(name);
    if (other) {
      return {
        value: unresolved(`\`${name}\` is ${other.what}; only top-level \`const\` bindings are followed`, { file, range: other.range }),
        memoise: true,
      };
    }
    return { value: unresolved(`\`${name}\` is not a top-level \`const\` of this file or an import`, at), memoise: false };
  }

  /** Looks up an export of a module, following re-exports and `export *`. */
  exported(file: string, name: string, at: Origin, depth: number, visiting: Set<string>): Value {
    if (depth > MAX_DEPTH) {
      this.taint();
      return tooDeep(at);
    }
    const facts = this.factsOf(file);
    if (!facts) return unresolved(`'${this.graph.displayName(file)}' cannot be read or does not parse`, at);
    const visitKey = `${file}\0${name}`;
    if (visiting.has(visitKey)) return unresolved(`the export \`${name}\` re-exports itself in a cycle`, at);
    visiting.add(visitKey);
    const binding = facts.exports.get(name);
    if (binding) {
      switch (binding.kind) {
        case 'local':
          return this.binding(file, binding.local, at, depth);
        case 'expression':
          return this.evaluate(binding.expr, file, depth + 1);
        case 'reexport': {
          const target = this.resolveImport(binding.specifier, file);
          if ('problem' in target) return unresolved(`\`${name}\` is re-exported from '${binding.specifier}', which ${target.problem}`, at);
          if (binding.imported === '*') return { kind: 'namespace', file: target.file, at };
          return this.exported(target.file, binding.imported, at, depth + 1, visiting);
        }
      }
    }
    if (name !== 'default') {
      for (const star of facts.starExports) {
        const target = this.resolveImport(star.specifier, file);
        if ('problem' in target) continue;
        const value = this.exported(target.file, name, at, depth + 1, visiting);
        if (!(value.kind === 'unresolved' && value.reason.startsWith(NO_EXPORT))) return value;
      }
    }
    return unresolved(`${NO_EXPORT} \`${name}\` in '${this.graph.displayName(file)}'`, at);
  }

  private member(object: Value, key: string, at: Origin, depth: number): Value {
    if (object.kind === 'unresolved') return object;
    if (object.kind === 'namespace') return this.exported(object.file, key, at, depth + 1, new Set());
    if (object.kind === 'object') return readProperty(object, key, at);
    if (object.kind === 'array') {
      if (key === 'length') return { kind: 'number', value: object.items.length, at };
      const index = Number(key);
      const item = Number.isInteger(index) && String(index) === key ? object.items[index] : undefined;
      return item ?? unresolved(`the array has no element \`${key}\``, at);
    }
    return unresolved(`\`.${key}\` is read from a ${object.kind}`, at);
  }

  private template(expr: Extract<StaticExpr, { kind: 'template' }>, file: string, at: Origin, depth: number): Value {
    let text = expr.head;
    for (const part of expr.spans) {
      const value = this.evaluate(part.expr, file, depth + 1);
      if (value.kind === 'unresolved') return value;
      if (value.kind !== 'string' && value.kind !== 'number' && value.kind !== 'boolean') {
        return unresolved(`a template substitution that is ${describe(value)}, not a string or number`, value.at);
      }
      text += String(value.value) + part.literal;
      if (text.length > EVALUATION_LIMITS.characters) return tooLarge(at);
    }
    return { kind: 'string', value: text, at };
  }

  private array(expr: Extract<StaticExpr, { kind: 'array' }>, file: string, at: Origin, depth: number): Value {
    const items: Value[] = [];
    const size = new SizeCounter();
    let carried: Unresolved | undefined;
    for (const element of expr.elements) {
      const value = this.evaluate(element.expr, file, depth + 1);
      carried ??= overBudgetPart(value);
      if (element.kind === 'item') {
        size.add(sizeOf(value));
        if (size.exceeds()) return carried ?? tooLarge(at);
        items.push(value);
        continue;
      }
      if (value.kind === 'unresolved') return value;
      if (value.kind !== 'array') return unresolved(`a spread of ${describe(value)} into an array`, value.at);
      // Checked before copying: spreads of spreads would otherwise build the exponential array.
      size.add(sizeOf(value));
      size.values--;
      if (size.exceeds()) return carried ?? tooLarge(at);
      for (const item of value.items) items.push(item);
    }
    if (carried) overBudgetParts.set(items, carried);
    return { kind: 'array', items, at, size: size.size };
  }

  private object(expr: Extract<StaticExpr, { kind: 'object' }>, file: string, at: Origin, depth: number): Value {
    // A Map keeps keys like `constructor` or `__proto__` as plain data.
    const entries = new Map<string, Value>();
    let opaque: Unresolved | undefined;
    for (const member of expr.members) {
      if (member.kind === 'property') {
        // JavaScript keeps the first position of a key that is assigned again; order never
        // matters for hashing (JCS sorts keys) but it does for faithful display.
        entries.set(member.key, this.evaluate(member.value, file, depth + 1));
        continue;
      }
      const spread = this.evaluate(member.expr, file, depth + 1);
      if (spread.kind === 'unresolved') {
        opaque = spread;
        entries.clear();
      } else if (spread.kind === 'object') {
        if (spread.opaque) {
          opaque = spread.opaque;
          entries.clear();
        }
        for (const [key, value] of spread.entries) entries.set(key, value);
      } else if (spread.kind === 'null' || spread.kind === 'undefined') {
        // `...null` and `...undefined` add nothing, exactly as at run time.
      } else {
        return unresolved(`a spread of ${describe(spread)} into an object`, spread.at);
      }
    }
    const size = new SizeCounter();
    let carried: Unresolved | undefined;
    entries.forEach((value, key) => {
      size.add(sizeOf(value), key.length);
      carried ??= overBudgetPart(value);
    });
    if (size.exceeds()) return carried ?? tooLarge(at);
    if (carried) overBudgetParts.set(entries, carried);
    return opaque ? { kind: 'object', entries, opaque, at, size: size.size } : { kind: 'object', entries, at, size: size.size };
  }
}

const NO_EXPORT = 'there is no export named';

/** A finished (or reused) binding's reads, depth and taint count for the binding that used it. */
function absorb(
  into: Frame,
  from: {
    readonly tainted: boolean;
    readonly reads: ReadonlySet<string>;
    readonly resolutions: ReadonlyMap<string, readonly [string, string]>;
  },
  deepest: number,
): void {
  if (deepest > into.deepest) into.deepest = deepest;
  if (from.tainted) into.tainted = true;
  for (const file of from.reads) into.reads.add(file);
  for (const [key, resolution] of from.resolutions) if (!into.resolutions.has(key)) into.resolutions.set(key, resolution);
}

/** The value as reached through a reference: same value, with the reference as its site. */
function reached(value: Value, site: Origin): Value {
  return { ...value, site };
}

export function unresolved(reason: string, at: Origin): Unresolved {
  return { kind: 'unresolved', reason, at };
}

export function readProperty(object: ObjectValue, key: string, at: Origin): Value {
  const value = object.entries.get(key);
  if (value) return value;
  if (object.opaque) return object.opaque;
  return { kind: 'undefined', at };
}

export function describe(value: Value): string {
  switch (value.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'undefined':
      return 'undefined';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'namespace':
      return 'a module namespace';
    case 'unresolved':
      return 'a value that cannot be resolved statically';
  }
}

/** Why a value has no JSON form; toJson and the canonical serialiser (surface.ts) say it alike. */
export const NO_JSON_FORM = {
  loneSurrogate: `a string with ${LONE_SURROGATE_PHRASE}, which has no canonical JSON form`,
  nonFinite: 'a number JSON cannot represent (NaN or Infinity)',
  undefinedInArray: '`undefined` inside an array (JSON would turn it into null)',
  namespace: 'a whole module namespace used as a value',
} as const;

export function keyWithLoneSurrogate(key: string): string {
  return `the key ${JSON.stringify(key)}: ${NO_JSON_FORM.loneSurrogate}`;
}

/**
 * Converts a value to JSON data exactly as JSON.stringify would see it (undefined properties are
 * dropped), or returns every place where static resolution stopped.
 */
export function toJson(value: Value): { ok: true; json: JsonValue } | { ok: false; problems: Unresolved[] } {
  const problems: Unresolved[] = [];
  const json = convert(value, problems);
  return problems.length > 0 ? { ok: false, problems: distinctProblems(problems) } : { ok: true, json: json as JsonValue };
}

function convert(value: Value, problems: Unresolved[]): JsonValue | undefined {
  switch (value.kind) {
    case 'string':
      if (hasLoneSurrogate(value.value)) {
        problems.push(unresolved(NO_JSON_FORM.loneSurrogate, value.at));
        return undefined;
      }
      return value.value;
    case 'boolean':
      return value.value;
    case 'number':
      if (!Number.isFinite(value.value)) {
        problems.push(unresolved(NO_JSON_FORM.nonFinite, value.at));
        return undefined;
      }
      return value.value;
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'array':
      return value.items.map((item) => {
        if (item.kind === 'undefined') {
          problems.push(unresolved(NO_JSON_FORM.undefinedInArray, item.at));
        }
        return convert(item, problems) ?? null;
      });
    case 'object': {
      if (value.opaque) {
        problems.push(value.opaque);
        return undefined;
      }
      const out: { [key: string]: JsonValue } = {};
      for (const [key, entry] of value.entries) {
        if (hasLoneSurrogate(key)) {
          problems.push(unresolved(keyWithLoneSurrogate(key), entry.at));
          continue;
        }
        const converted = convert(entry, problems);
        if (converted !== undefined)
          Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'namespace':
      problems.push(unresolved(NO_JSON_FORM.namespace, value.at));
      return undefined;
    case 'unresolved':
      problems.push(value);
      return undefined;
  }
}

/**
 * One problem per place and reason: a constant used twice (or 2^30 times, through doubling
 * constants) is one place to fix, and its problems must not multiply with its uses.
 */
export function distinctProblems(problems: readonly Unresolved[]): Unresolved[] {
  if (problems.length < 2) return [...problems];
  const seen = new Set<string>();
  const out: Unresolved[] = [];
  for (const problem of problems) {
    const key = `${problem.at.file}\0${problem.at.range.start}\0${problem.at.range.end}\0${problem.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}
