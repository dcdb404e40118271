import { finding, type Finding } from '../core/findings.js';
import { InputError } from '../core/input-error.js';
import { decodeUtf8, JsonTextError } from '../support/json-text.js';
import { judgeAgainstBaseline } from '../law/against-baseline.js';
import type { LawContext } from '../law/context.js';
import { lockfileEntrySpan } from '../lockfile/entry.js';
import { parseLockfile, type Lockfile } from '../lockfile/format.js';
import type { HistoryCommit } from '../support/git.js';
import type { LockfileAt } from '../lockfile/at-commit.js';

/** One version of the lockfile as a commit holds it. */
export type LockfileVersion =
  | { readonly kind: 'absent' }
  | { readonly kind: 'valid'; readonly blob: string; readonly lock: Lockfile }
  | { readonly kind: 'invalid'; readonly blob: string; readonly problem: Finding };

/** A commit whose lockfile is not an append-only extension of one of its parents'. */
export interface HistoryBreak {
  readonly commit: HistoryCommit;
  /** The parent it broke against; undefined when its own lockfile is unreadable. */
  readonly parent: string | undefined;
  readonly findings: readonly Finding[];
}

export interface AuditResult {
  readonly commits: number;
  /** Commits whose lockfile differs from one of their parents' (git log over the lockfile path, merges included). */
  readonly touching: number;
  readonly breaks: readonly HistoryBreak[];
}

/** What the audit reads from the outside world; `GitHistory` provides it, tests may too. */
export interface HistorySource {
  /** Where the lockfile stands in each commit (through that commit's config), for commits and parents alike. */
  lockfilesAt(shas: readonly string[]): Map<string, LockfileAt>;
  readBlobs(blobs: readonly string[]): Map<string, Buffer>;
}

export interface AuditOptions {
  readonly context: LawContext;
  /** How a commit is named in messages (`git log --oneline` style). */
  readonly shortName: (sha: string) => string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Versions already read by the caller (the change log): each distinct version is read and parsed once. */
  readonly versions?: VersionCache;
}

const BATCH = 256;
const CACHE = 512;

/**
 * Certificate-Transparency-style consistency: every version of the lockfile must be an append-only
 * extension of the version in EACH parent commit (the law of `judgeAgainstBaseline`, the same one
 * `check --against` applies). Walks the commits oldest first and reports every commit that broke it.
 *
 * An unreadable version is itself a break; its children are then held to what its parents had, so a
 * role dropped across a broken commit is still caught.
 */
export function auditHistory(commits: readonly HistoryCommit[], source: HistorySource, options: AuditOptions): AuditResult {
  const shas = new Set<string>();
  for (const commit of commits) {
    shas.add(commit.sha);
    for (const parent of commit.parents) shas.add(parent);
  }
  const blobOf = source.lockfilesAt([...shas]);
  const versions = options.versions ?? new VersionCache(source);
  /** The versions a child must extend, per commit: its own, or (if unreadable) its parents'. */
  const obligations = new Map<string, readonly Lockfile[]>();
  const pendingChildren = new Map<string, number>();
  for (const commit of commits) for (const parent of commit.parents) pendingChildren.set(parent, (pendingChildren.get(parent) ?? 0) + 1);

  const obligationsOf = (sha: string): readonly Lockfile[] => {
    const known = obligations.get(sha);
    if (known) return known;
    // A parent outside the audited range (the --from boundary): its own version, if readable.
    const version = versions.get(blobOf.get(sha));
    return version.kind === 'valid' ? [version.lock] : [];
  };

  const breaks: HistoryBreak[] = [];
  let touching = 0;
  for (let start = 0; start < commits.length; start += BATCH) {
    const batch = commits.slice(start, start + BATCH);
    versions.prefetch(batch.flatMap((commit) => [commit.sha, ...commit.parents]).map((sha) => blobOf.get(sha)));
    for (const commit of batch) {
      const blob = blobOf.get(commit.sha);
      const version = versions.get(blob);
      const changed =
        commit.parents.length === 0
          ? versionKey(blob) !== undefined
          : commit.parents.some((parent) => versionKey(blobOf.get(parent)) !== versionKey(blob));
      if (changed) touching++;
      if (version.kind === 'invalid') {
        breaks.push({ commit, parent: undefined, findings: [version.problem] });
        obligations.set(commit.sha, dedupe(commit.parents.flatMap(obligationsOf)));
      } else {
        obligations.set(commit.sha, version.kind === 'valid' ? [version.lock] : dedupe(commit.parents.flatMap(obligationsOf)));
        for (const parent of commit.parents) {
          // An unchanged lockfile extends its parent trivially (a readable one; an unreadable one was reported).
          if (versionKey(blobOf.get(parent)) === versionKey(blob) && versions.get(blobOf.get(parent)).kind !== 'invalid') continue;
          const found = obligationsOf(parent).flatMap((base) =>
            judgeAgainstBaseline(version.kind === 'valid' ? version.lock : undefined, base, options.shortName(parent), options.context),
          );
          if (found.length > 0)
            breaks.push({
              commit,
              parent,
              findings: version.kind === 'absent' ? [lockfileDeleted(parent, blob, options)] : located(found, blob, source),
            });
        }
      }
      for (const parent of commit.parents) {
        const left = (pendingChildren.get(parent) ?? 1) - 1;
        pendingChildren.set(parent, left);
        if (left === 0) obligations.delete(parent);
      }
      options.onProgress?.(start + batch.indexOf(commit) + 1, commits.length);
    }
  }
  return { commits: commits.length, touching, breaks };
}

/**
 * Findings pointed at their entry in the commit's own version of the lockfile (at its path there),
 * where it has it (a changed hash, a reverted deprecation, a rewritten waiver); what vanished keeps
 * its finding's place. Read again only for a breaking commit, which is rare.
 */
function located(findings: readonly Finding[], at: LockfileAt | undefined, source: HistorySource): Finding[] {
  if (at?.kind !== 'found') return [...findings];
  const bytes = source.readBlobs([at.blob]).get(at.blob);
  if (!bytes) return [...findings];
  const text = decodeUtf8(at.file, bytes);
  return findings.map((f) => {
    const span = f.lockfileEntry ? lockfileEntrySpan(at.file, text, f.lockfileEntry) : undefined;
    return span ? { ...f, span, inputFile: at.file } : f;
  });
}

function lockfileDeleted(parent: string, at: LockfileAt | undefined, options: AuditOptions): Finding {
  const where =
    at?.kind === 'missing'
      ? `the config here names ${at.path}, which does not exist, while the lockfile exists at ${options.shortName(parent)}`
      : `it exists at ${options.shortName(parent)} but neither it nor the config is here`;
  return finding('BASELINE_REGRESSION', {
    message: `The lockfile was deleted: ${where}.`,
    hint: `Restore it (git show ${options.shortName(parent)}:<lockfile>): entries that were published stay forever.`,
    subject: {},
    inputFile: options.context.lockfile,
  });
}

/** Two commits hold the same version when the same bytes stand at the same path; moving the lockfile is a change. */
export function versionKey(at: LockfileAt | undefined): string | undefined {
  if (at?.kind === 'found') return `${at.blob} ${at.path}`;
  if (at?.kind === 'unusable') return `unusable ${at.cause}`;
  return undefined;
}

function dedupe(locks: readonly Lockfile[]): Lockfile[] {
  return [...new Set(locks)];
}

/** Parsed versions by blob and path, read in batches, with a bounded number kept in memory. */
export class VersionCache {
  private readonly parsed = new Map<string, LockfileVersion>();

  constructor(private readonly source: HistorySource) {}

  prefetch(locations: readonly (LockfileAt | undefined)[]): void {
    const missing = new Map<string, LockfileAt & { kind: 'found' }>();
    for (const at of locations) {
      const key = versionKey(at);
      if (at?.kind === 'found' && key !== undefined && !this.parsed.has(key)) missing.set(key, at);
    }
    const bytes = this.source.readBlobs([...new Set([...missing.values()].map((at) => at.blob))]);
    for (const [key, at] of missing) this.remember(key, parseVersion(at.blob, bytes.get(at.blob) ?? Buffer.alloc(0), at.file));
  }

  get(at: LockfileAt | undefined): LockfileVersion {
    if (at?.kind === 'unusable') return { kind: 'invalid', blob: versionKey(at)!, problem: at.problem };
    if (at?.kind !== 'found') return { kind: 'absent' };
    const key = versionKey(at)!;
    const known = this.parsed.get(key);
    if (known) {
      // Refresh its place: most recently used last.
      this.parsed.delete(key);
      this.parsed.set(key, known);
      return known;
    }
    const bytes = this.source.readBlobs([at.blob]).get(at.blob) ?? Buffer.alloc(0);
    const version = parseVersion(at.blob, bytes, at.file);
    this.remember(key, version);
    return version;
  }

  private remember(key: string, version: LockfileVersion): void {
    this.parsed.set(key, version);
    while (this.parsed.size > CACHE) this.parsed.delete(this.parsed.keys().next().value!);
  }
}

function parseVersion(blob: string, bytes: Buffer, file: string): LockfileVersion {
  try {
    return { kind: 'valid', blob, lock: parseLockfile(file, decodeUtf8(file, bytes)) };
  } catch (error) {
    if (error instanceof InputError) return { kind: 'invalid', blob, problem: error.finding };
    if (error instanceof JsonTextError) {
      return {
        kind: 'invalid',
        blob,
        problem: finding('LOCKFILE_INVALID', {
          message: `The lockfile cannot be read: ${error.message}.`,
          hint: 'This version was committed unreadable.',
          subject: {},
          inputFile: file,
          span: error.span,
        }),
      };
    }
    throw error;
  }
}
