import path from 'node:path';
import type { SourceSpan } from './model.js';

/**
 * An entry of a lockfile that a finding is about, named by what it is. Its place depends on the text
 * of one version of the lockfile, so findings carry the entry and reports that have that text (the
 * history audit, the merge driver) turn it into a line and column.
 */
export type LockfileEntry =
  | { readonly kind: 'field'; readonly key: 'lockfileVersion' | 'ruleset' }
  | { readonly kind: 'role'; readonly roleId: string }
  | { readonly kind: 'alias'; readonly roleId: string; readonly alias: string }
  | { readonly kind: 'deprecation'; readonly roleId: string }
  | { readonly kind: 'contract'; readonly roleId: string; readonly contractId: string }
  | { readonly kind: 'waiver'; readonly code: string; readonly id: string };

/**
 * What a violation is about: a declaration in source (these make the registry hash ambiguous),
 * the source against the lockfile, the lockfile against its baseline, or unusable input.
 */
export type ViolationKind = 'source' | 'lockfile' | 'baseline' | 'input';

/**
 * The catalogue of violation codes. Codes are an interface: the CLI, the ESLint rules, SARIF
 * output and docs/violations.md all name them, so a code is never renamed or reused.
 *
 * `ruleset` is the ruleset version that introduced the law. A lockfile records the ruleset it was
 * written under, and laws newer than that ruleset are not applied to it (see docs/violations.md).
 */
export const VIOLATIONS = {
  ROLE_REMOVED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked role is no longer declared',
  },
  ROLE_ID_DUPLICATE: {
    kind: 'source',
    ruleset: 1,
    title: 'Two declarations share one role_id',
  },
  ID_ALIAS_COLLISION: {
    kind: 'source',
    ruleset: 1,
    title: 'An alias collides with a role_id or with another alias',
  },
  ID_REUSED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked id or alias is reused for another role',
  },
  ALIAS_REMOVED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked alias was dropped',
  },
  DEPRECATION_REVERTED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked deprecation was taken back',
  },
  REPLACED_BY_UNKNOWN: {
    kind: 'source',
    ruleset: 1,
    title: 'deprecated.replaced_by names no declared role',
  },
  CONTRACT_DRIFT: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked contract changed its surface',
  },
  CONTRACT_REUSED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A superseded contract id is declared again with another surface',
  },
  CONTRACT_REMOVED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'A locked contract left the source without a newer version',
  },
  CONTRACT_DUPLICATE: {
    kind: 'source',
    ruleset: 1,
    title: 'One contract_id is declared twice',
  },
  CONTRACT_ID_INVALID: {
    kind: 'source',
    ruleset: 1,
    title: 'A contract_id is malformed, names another role or the wrong kind',
  },
  ROLE_ID_INVALID: {
    kind: 'source',
    ruleset: 1,
    title: 'A role_id or alias does not match the id pattern',
  },
  DECLARATION_INVALID: {
    kind: 'source',
    ruleset: 1,
    title: 'A declaration has the wrong shape (a field of the wrong type or missing)',
  },
  NON_STATIC_VALUE: {
    kind: 'source',
    ruleset: 1,
    title: 'A value that feeds an id or a hash cannot be resolved statically',
  },
  LOCK_OUTDATED: {
    kind: 'lockfile',
    ruleset: 1,
    title: 'The source declares something the lockfile does not record yet',
  },
  BASELINE_REGRESSION: {
    kind: 'baseline',
    ruleset: 1,
    title: 'An entry of the baseline lockfile is gone or changed',
  },
  SOURCE_UNPARSEABLE: {
    kind: 'input',
    ruleset: 1,
    title: 'A registry file does not parse as TypeScript',
  },
  LOCKFILE_INVALID: {
    kind: 'input',
    ruleset: 1,
    title: 'The lockfile cannot be trusted (malformed, conflicted, wrong shape or version)',
  },
  CONFIG_INVALID: {
    kind: 'input',
    ruleset: 1,
    title: 'The configuration is missing or invalid',
  },
  BASELINE_UNAVAILABLE: {
    kind: 'input',
    ruleset: 1,
    title: 'The baseline lockfile cannot be read from git',
  },
  LOCKFILE_BUSY: {
    kind: 'input',
    ruleset: 1,
    title: 'Another role-registry process is writing the lockfile',
  },
  PATH_OUTSIDE_PROJECT: {
    kind: 'input',
    ruleset: 1,
    title: 'A path to read or write leads outside the project root',
  },
  MERGE_CONFLICT: {
    kind: 'baseline',
    ruleset: 1,
    title: "Two branches' lockfiles cannot be merged as a union",
  },
  ATTESTATION_INVALID: {
    kind: 'input',
    ruleset: 1,
    title: 'An attestation statement given to verify is malformed or not one role-registry writes',
  },
  WRITE_FAILED: {
    kind: 'input',
    ruleset: 1,
    title: 'A file could not be written completely (a full disk, permissions); it was left as it was',
  },
} as const satisfies Record<string, { kind: ViolationKind; ruleset: number; title: string }>;

export type ViolationCode = keyof typeof VIOLATIONS;

export const VIOLATION_CODES = Object.keys(VIOLATIONS) as ViolationCode[];

/** The newest ruleset this release knows. A lockfile records the ruleset it was written under. */
export const CURRENT_RULESET = 1;

/** What a finding is about, so that adapters can key, group and waive findings. */
interface FindingSubject {
  readonly roleId?: string;
  readonly alias?: string;
  readonly contractId?: string;
}

/**
 * A mechanical change that resolves a finding: write `value` (a string) instead of the value at
 * `span`. Surfaces that can edit source offer it (ESLint as a suggestion); the rest print the hint.
 */
export interface FindingSuggestion {
  /** What the change does, in one sentence. */
  readonly message: string;
  readonly value: string;
  readonly span: SourceSpan;
}

/** A finding the engine reports. Every surface (CLI, ESLint, transformer) renders these. */
export interface Finding {
  readonly code: ViolationCode;
  readonly severity: 'error' | 'warning';
  /** One sentence: what is wrong, naming the role, alias or contract. */
  readonly message: string;
  /** What to do next. */
  readonly hint: string;
  readonly subject: FindingSubject;
  /** Where to point. Absent when the thing is not in any source file (e.g. a removed role). */
  readonly span?: SourceSpan;
  /**
   * For findings without a span: the project-relative file that last declared the subject,
   * as recorded in the lockfile (a location hint only; it never feeds a hash).
   */
  readonly declaredIn?: string;
  /** For lockfile and config problems: the file and place inside it. */
  readonly inputFile?: string;
  /**
   * For findings about an entry of a lockfile (against its baseline, between two branches'
   * lockfiles): which entry. Reports that have the text of that lockfile version (the history audit,
   * the merge driver) show where it stands.
   */
  readonly lockfileEntry?: LockfileEntry;
  readonly suggestion?: FindingSuggestion;
  /**
   * For CONTRACT_DRIFT, when the locked surface could be recovered from git: what changed between it
   * and the current surface (JSON Pointers into the contract's schema_json).
   */
  readonly surfaceDiff?: readonly SurfaceChange[];
  /** For CONTRACT_DRIFT with a surfaceDiff: who the change breaks (advice; the law is unchanged). */
  readonly compatibility?: SurfaceCompatibility;
  /** For CONTRACT_DRIFT without a surfaceDiff: why the locked surface could not be recovered. */
  readonly surfaceDiffUnavailable?: string;
}

/** A JSON value of a contract's schema, as `surfaceDiff` reports it. */
export type SchemaValue = string | number | boolean | null | readonly SchemaValue[] | { readonly [key: string]: SchemaValue };

/**
 * One change of a contract's surface: `before` is absent for `add`, `after` for `remove`. `effect`
 * says whether it accepts fewer documents (narrowing), more (widening), or cannot tell (unknown).
 */
export interface SurfaceChange {
  readonly op: 'add' | 'remove' | 'replace';
  /** RFC 6901 JSON Pointer into the contract's schema_json. */
  readonly path: string;
  readonly before?: SchemaValue;
  readonly after?: SchemaValue;
  readonly effect: 'narrowing' | 'widening' | 'unknown';
}

/** The compatibility verdict of a drift, for its contract kind (X: senders, C: readers). */
export interface SurfaceCompatibility {
  readonly verdict: 'narrowing' | 'widening' | 'narrowing and widening' | 'unknown';
  /** One sentence: who the change breaks, e.g. "breaks senders of ROLE:x:X:1: it accepts fewer documents". */
  readonly breaks: string;
}

export function finding(code: ViolationCode, fields: Omit<Finding, 'code' | 'severity'> & { severity?: Finding['severity'] }): Finding {
  return { code, severity: fields.severity ?? 'error', ...fields };
}

export function isInputProblem(f: Finding): boolean {
  return VIOLATIONS[f.code].kind === 'input';
}

/** Orders findings by file, position, code and subject, so that every output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return findingOrder(undefined)(a, b);
}

/**
 * The same order, where a finding located only by its `declaredIn` hint (project-relative) sorts
 * with the findings of that file: `root` makes the hint absolute, like spans.
 */
export function findingOrder(root: string | undefined): (a: Finding, b: Finding) => number {
  const fileOf = (f: Finding): string =>
    f.span?.file ??
    (f.declaredIn !== undefined && root !== undefined ? path.resolve(root, f.declaredIn) : (f.declaredIn ?? f.inputFile ?? ''));
  return (a, b) => compareLocated(a, b, fileOf(a), fileOf(b));
}

function compareLocated(a: Finding, b: Finding, fileA: string, fileB: string): number {
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  const lineDelta = (a.span?.line ?? 0) - (b.span?.line ?? 0);
  if (lineDelta !== 0) return lineDelta;
  const columnDelta = (a.span?.column ?? 0) - (b.span?.column ?? 0);
  if (columnDelta !== 0) return columnDelta;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  const keyA = `${a.subject.roleId ?? ''}\0${a.subject.alias ?? ''}\0${a.subject.contractId ?? ''}\0${a.message}`;
  const keyB = `${b.subject.roleId ?? ''}\0${b.subject.alias ?? ''}\0${b.subject.contractId ?? ''}\0${b.message}`;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
