import { lockfileSnapshot, type Lockfile } from '../lockfile/format.js';
import { registryHash } from '../canonical/hashing.js';
import type { LockfileAt } from '../lockfile/at-commit.js';
import type { HistoryCommit } from '../support/git.js';
import { auditHistory, versionKey, VersionCache, type AuditOptions, type HistoryBreak, type HistorySource } from './audit.js';
import { lockfileAdditions, type DeprecationDetails, type LockfileAdditions } from './lockfile-additions.js';

/** What the change log reads besides the lockfile's versions. */
export interface ChangeLogSource extends HistorySource {
  /** What a commit's source says about a role's deprecation, read from the file that declared it (`declaredIn`). */
  deprecationAt(sha: string, roleId: string, declaredIn: string | undefined): DeprecationDetails | undefined;
}

/** One commit of the first-parent line that changed the lockfile (or broke the law without changing it). */
export interface ChangeLogEntry {
  readonly commit: HistoryCommit;
  /** A merge commit: `added` is what it brought in against its first parent (the merged line's additions). */
  readonly merge: boolean;
  /** The lockfile's path in the repository at this commit; null where it has none or it cannot be read. */
  readonly lockfile: string | null;
  /** Where the lockfile stood in the first parent, when this commit moved it. */
  readonly movedFrom: string | null;
  /** The registry hash (as `hash --lockfile` prints it) of the first parent's version; null without one. */
  readonly hashBefore: string | null;
  readonly hashAfter: string | null;
  /** What this version adds to its first parent's; undefined for a commit that broke the law. */
  readonly added: LockfileAdditions | undefined;
  /** What `audit` finds at this commit, against each parent: a commit that broke the law is never an ordinary entry. */
  readonly breaks: readonly HistoryBreak[];
  /** A merge: what `audit` finds at the commits it brings in from the merged line (never entries of their own). */
  readonly mergedBreaks: readonly HistoryBreak[];
}

export interface ChangeLog {
  /** Newest first, as `git log --first-parent` lists them. */
  readonly entries: readonly ChangeLogEntry[];
  /** Commits walked (every commit of the range, side branches included: the law is judged on each). */
  readonly commits: number;
}

/**
 * The registry's change log over `commits` (a range, parents before children, as `audit` walks it):
 * one entry per commit of the first-parent line from `to` that changed the lockfile, with the
 * registry hash before and after and what it added. Law-breaking commits are found by running the
 * audit over the same range, on the same versions (each distinct version read and parsed once).
 */
export function changeLog(
  commits: readonly HistoryCommit[],
  to: string,
  source: ChangeLogSource,
  options: AuditOptions & {
    /** Where a shallow clone's history is cut: what such a commit changed is unknown, so it is no entry. */
    readonly historyCutAt?: ReadonlySet<string>;
  },
): ChangeLog {
  const shas = new Set<string>();
  for (const commit of commits) {
    shas.add(commit.sha);
    for (const parent of commit.parents) shas.add(parent);
  }
  const placeOf = source.lockfilesAt([...shas]);
  const versions = new VersionCache(source);
  const audit = auditHistory(
    commits,
    { lockfilesAt: () => placeOf, readBlobs: (blobs) => source.readBlobs(blobs) },
    { ...options, versions },
  );
  const breaksOf = new Map<string, HistoryBreak[]>();
  for (const found of audit.breaks) breaksOf.set(found.commit.sha, [...(breaksOf.get(found.commit.sha) ?? []), found]);

  const line = firstParentLine(commits, to);
  const mergedLines = mergedLinesOf(line, commits);
  const hashes = new Map<Lockfile, string>();
  const hashOf = (lock: Lockfile | undefined): string | null => {
    if (!lock) return null;
    let hash = hashes.get(lock);
    if (hash === undefined) {
      hash = registryHash(lockfileSnapshot(lock));
      hashes.set(lock, hash);
    }
    return hash;
  };
  const readable = (at: LockfileAt | undefined): Lockfile | undefined => {
    const version = versions.get(at);
    return version.kind === 'valid' ? version.lock : undefined;
  };

  const entries: ChangeLogEntry[] = [];
  // An unreadable version holds nobody: the next one is compared with the last readable one, as audit does.
  let lastReadable = line[0]?.parents[0] === undefined ? undefined : readable(placeOf.get(line[0].parents[0]));
  for (const commit of line) {
    const parent = commit.parents[0];
    const before = parent === undefined ? undefined : placeOf.get(parent);
    const after = placeOf.get(commit.sha);
    const afterLock = readable(after);
    const breaks = breaksOf.get(commit.sha) ?? [];
    const mergedBreaks = (mergedLines.get(commit.sha) ?? []).flatMap((merged) => breaksOf.get(merged) ?? []);
    const cut = parent === undefined && options.historyCutAt?.has(commit.sha) === true;
    if (!cut && (versionKey(before) !== versionKey(after) || breaks.length > 0 || mergedBreaks.length > 0)) {
      entries.push({
        commit,
        merge: commit.parents.length > 1,
        lockfile: after?.kind === 'found' ? after.path : null,
        movedFrom: before?.kind === 'found' && after?.kind === 'found' && before.path !== after.path ? before.path : null,
        hashBefore: hashOf(lastReadable),
        hashAfter: hashOf(afterLock),
        added:
          breaks.length === 0 && afterLock
            ? lockfileAdditions(lastReadable, afterLock, (roleId, declaredIn) => source.deprecationAt(commit.sha, roleId, declaredIn))
            : undefined,
        breaks,
        mergedBreaks,
      });
    }
    if (afterLock) lastReadable = afterLock;
  }
  return { entries: entries.reverse(), commits: commits.length };
}

/** The first-parent line from `to` back to the start of the range, oldest first. */
function firstParentLine(commits: readonly HistoryCommit[], to: string): HistoryCommit[] {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const line: HistoryCommit[] = [];
  for (let commit = bySha.get(to); commit; commit = commit.parents[0] === undefined ? undefined : bySha.get(commit.parents[0])) {
    line.push(commit);
  }
  return line.reverse();
}

/**
 * For each merge of the line, the commits it brings in (reachable from its other parents, not from
 * its first parent), oldest first: every commit of the range belongs to exactly one line commit.
 */
function mergedLinesOf(line: readonly HistoryCommit[], commits: readonly HistoryCommit[]): Map<string, string[]> {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const order = new Map(commits.map((commit, index) => [commit.sha, index]));
  const seen = new Set<string>();
  const out = new Map<string, string[]>();
  for (const commit of line) {
    seen.add(commit.sha);
    const brought: string[] = [];
    const pending = commit.parents.slice(1);
    for (let sha = pending.pop(); sha !== undefined; sha = pending.pop()) {
      const side = bySha.get(sha);
      if (!side || seen.has(sha)) continue;
      seen.add(sha);
      brought.push(sha);
      pending.push(...side.parents);
    }
    if (brought.length > 0)
      out.set(
        commit.sha,
        brought.sort((a, b) => order.get(a)! - order.get(b)!),
      );
  }
  return out;
}
