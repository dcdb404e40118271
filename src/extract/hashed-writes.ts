import { finding, type Finding } from '../core/findings.js';
import type { ModuleGraph, ObjectValue, Origin, Value } from './evaluate.js';
import type { RoleReadContext } from './roles.js';
import type { StaticExpr } from './static-expr.js';

/** The fields of a declaration that feed the registry hash; the others are free metadata. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['role_id', 'aliases', 'deprecated', 'extract_contracts', 'produce_contracts']);

function originKey(at: Origin): string {
  return `${at.file}\0${at.range.start}\0${at.range.end}`;
}

/**
 * The objects and arrays that declarations hash, by where they are written: two evaluations of one
 * literal are two values, but a write into either changes what that literal stands for at run time.
 */
export class HashedValues {
  /** Every object and array inside an identity field (ids, aliases, deprecation, contracts, schemas). */
  private readonly containers = new Set<string>();
  /** The declaration objects themselves: only writes to their identity fields matter. */
  private readonly declarations = new Set<string>();
  private readonly walked = new WeakSet<object>();
  /** Declarations read but not indexed yet: most files write nothing, and are never indexed. */
  private readonly pending: ObjectValue[] = [];

  noteDeclaration(declaration: ObjectValue): void {
    this.pending.push(declaration);
  }

  private index(): void {
    for (const declaration of this.pending) {
      this.declarations.add(originKey(declaration.at));
      for (const [key, value] of declaration.entries) if (IDENTITY_FIELDS.has(key)) this.noteTree(value);
    }
    this.pending.length = 0;
  }

  /** Iterative, and each shared object once: the size budget bounds the rest. */
  private noteTree(root: Value): void {
    const pending: Value[] = [root];
    for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
      if (value.kind !== 'array' && value.kind !== 'object') continue;
      const container = value.kind === 'array' ? value.items : value.entries;
      if (this.walked.has(container)) continue;
      this.walked.add(container);
      this.containers.add(originKey(value.at));
      if (value.kind === 'array') for (const item of value.items) pending.push(item);
      else for (const entry of value.entries.values()) pending.push(entry);
    }
  }

  /** Why a write into `target` (under `key`, when it names one) changes a hashed value, or undefined. */
  feeds(target: Value, key: string | undefined): string | undefined {
    this.index();
    const at = originKey(target.at);
    if (this.containers.has(at)) return "part of a contract surface or of a role's identity";
    if (this.declarations.has(at) && (key === undefined || IDENTITY_FIELDS.has(key)))
      return `a role declaration (${key === undefined ? 'any of its fields' : `its \`${key}\``})`;
    return undefined;
  }
}

function pathText(expr: StaticExpr): string {
  if (expr.kind === 'ref') return expr.name;
  if (expr.kind === 'member') {
    const key = /^[A-Za-z_$][\w$]*$/.test(expr.key)
      ? `.${expr.key}`
      : /^(0|[1-9]\d*)$/.test(expr.key)
        ? `[${expr.key}]`
        : `[${JSON.stringify(expr.key)}]`;
    return `${pathText(expr.object)}${key}`;
  }
  return '…';
}

/**
 * Writes, in the files the declarations were read from, into what they hash: the program would
 * run with another schema (or id) than the lockfile records. A write into a constant imported from
 * another module is reported too: that module's other users (other registry files) hash it as written.
 */
export function writesIntoHashedValues(files: readonly string[], graph: ModuleGraph, context: RoleReadContext): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const facts = graph.factsOf(file);
    if (!facts) continue;
    for (const mutation of facts.mutations) {
      const target = context.evaluator.evaluate(mutation.target, file);
      if (target.kind !== 'object' && target.kind !== 'array') continue;
      const feeds = context.hashed.feeds(target, mutation.key) ?? (target.at.file !== file ? 'a constant of another module' : undefined);
      if (feeds === undefined) continue;
      const what = mutation.what.charAt(0).toUpperCase() + mutation.what.slice(1);
      findings.push(
        finding('NON_STATIC_VALUE', {
          message: `${what} modifies \`${pathText(mutation.target)}\`, ${feeds}: at run time it is not the value that is hashed.`,
          hint: 'Never modify a value that feeds the registry: write the final value as a literal (spreads and shared constants are fine), `as const`.',
          subject: {},
          span: context.spanOf({ file, range: mutation.range }),
        }),
      );
    }
  }
  return findings;
}
