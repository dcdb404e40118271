import { describe, expect, it } from 'vitest';
import { changeLog } from '../../src/audit/change-log.js';
import { emptyLockfile, serializeLockfile, type LockedRole, type Lockfile } from '../../src/lockfile/format.js';
import type { LockfileAt } from '../../src/lockfile/at-commit.js';
import { lawContext } from '../../src/law/context.js';
import type { HistoryCommit } from '../../src/support/git.js';

/** A history in memory (the engine's HistorySource, as the audit's doc allows tests to provide it). */
function lockWith(...roleIds: string[]): Lockfile {
  const role: LockedRole = { aliases: [], deprecated: false, contracts: new Map(), retiredContracts: new Map(), declaredIn: undefined };
  return { ...emptyLockfile(), roles: new Map(roleIds.map((id) => [id, role])) };
}

function commitOf(sha: string, parents: string[] = []): HistoryCommit {
  return { sha, parents, authorName: 'Ada', authorEmail: 'ada@example.com', date: '2026-01-01T00:00:00+00:00', subject: sha };
}

function history(versions: Record<string, string | undefined>, blobs: Record<string, Lockfile>) {
  const reads: string[] = [];
  return {
    reads,
    source: {
      lockfilesAt: (shas: readonly string[]) =>
        new Map<string, LockfileAt>(
          shas.map((sha) => {
            const blob = versions[sha];
            return [
              sha,
              blob === undefined ? { kind: 'no-registry' } : { kind: 'found', path: 'r.lock.json', file: '/repo/r.lock.json', blob },
            ];
          }),
        ),
      readBlobs: (ids: readonly string[]) => {
        reads.push(...ids);
        return new Map(ids.map((id) => [id, Buffer.from(serializeLockfile(blobs[id]!))]));
      },
      deprecationAt: () => undefined,
    },
  };
}

const options = { context: lawContext('/repo', '/repo/r.lock.json'), shortName: (sha: string) => sha };

describe('changeLog over a history in memory', () => {
  it('walks the first-parent line, shows a merge once, and reads each distinct version once', () => {
    // a ← b ← c (no lockfile change) ← m (merge of c and s); s branches off b and adds `side`.
    const commits = [commitOf('a'), commitOf('b', ['a']), commitOf('s', ['b']), commitOf('c', ['b']), commitOf('m', ['c', 's'])];
    const { source, reads } = history(
      { a: 'v1', b: 'v2', s: 'v3', c: 'v2', m: 'v4' },
      { v1: lockWith('one'), v2: lockWith('one', 'two'), v3: lockWith('one', 'two', 'side'), v4: lockWith('one', 'two', 'side') },
    );
    const log = changeLog(commits, 'm', source, options);
    expect(log.entries.map((entry) => [entry.commit.sha, entry.merge, entry.added?.roles])).toEqual([
      ['m', true, ['side']],
      ['b', false, ['two']],
      ['a', false, ['one']],
    ]);
    expect(log.entries.every((entry) => entry.breaks.length === 0 && entry.mergedBreaks.length === 0)).toBe(true);
    expect(log.entries[2]!.hashBefore).toBeNull();
    expect(log.entries[0]!.hashBefore).toBe(log.entries[1]!.hashAfter);
    expect(reads.sort()).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('shows a commit that broke the law with its findings, and a merge that brings one in', () => {
    // a ← b drops `one` (a break) ← m merges s, whose commit s1 dropped `two` and s2 restored it.
    const commits = [commitOf('a'), commitOf('s1', ['a']), commitOf('s2', ['s1']), commitOf('b', ['a']), commitOf('m', ['b', 's2'])];
    const { source } = history(
      { a: 'v1', s1: 'v2', s2: 'v1', b: 'v3', m: 'v4' },
      { v1: lockWith('one', 'two'), v2: lockWith('one'), v3: lockWith('two'), v4: lockWith('two', 'three') },
    );
    const log = changeLog(commits, 'm', source, options);
    const [merge, broken] = log.entries;
    expect(broken!.commit.sha).toBe('b');
    expect(broken!.added).toBeUndefined();
    expect(broken!.breaks.flatMap((found) => found.findings.map((f) => [found.parent, f.code, f.subject.roleId]))).toEqual([
      ['a', 'BASELINE_REGRESSION', 'one'],
    ]);
    // The merge itself lost `one` against s2 too (judged as audit does), and brings in s1's break.
    expect(merge!.commit.sha).toBe('m');
    expect(merge!.added).toBeUndefined();
    expect(merge!.mergedBreaks.map((found) => found.commit.sha)).toEqual(['s1']);
  });

  it('makes no entry of a commit where a shallow clone cuts the history', () => {
    const commits = [commitOf('b'), commitOf('c', ['b'])];
    const { source } = history({ b: 'v1', c: 'v2' }, { v1: lockWith('one'), v2: lockWith('one', 'two') });
    const log = changeLog(commits, 'c', source, { ...options, historyCutAt: new Set(['b']) });
    expect(log.entries.map((entry) => [entry.commit.sha, entry.added?.roles])).toEqual([['c', ['two']]]);
  });
});
