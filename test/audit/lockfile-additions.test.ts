import { describe, expect, it } from 'vitest';
import { lockfileAdditions } from '../../src/audit/lockfile-additions.js';
import { deprecationIn } from '../../src/audit/deprecation-at.js';
import { emptyLockfile, type LockedRole, type Lockfile } from '../../src/lockfile/format.js';

const HASH = (n: number): string => String(n).repeat(64).slice(0, 64);

function role(
  fields: Partial<Pick<LockedRole, 'aliases' | 'deprecated' | 'declaredIn'>> & {
    contracts?: Record<string, string>;
    retired?: Record<string, string>;
  },
): LockedRole {
  return {
    aliases: fields.aliases ?? [],
    deprecated: fields.deprecated ?? false,
    contracts: new Map(Object.entries(fields.contracts ?? {})),
    retiredContracts: new Map(Object.entries(fields.retired ?? {})),
    declaredIn: fields.declaredIn ?? 'src/roles/a.ts',
  };
}

function lockOf(roles: Record<string, LockedRole>, waivers: Lockfile['waivers'] = []): Lockfile {
  return { ...emptyLockfile(), roles: new Map(Object.entries(roles)), waivers };
}

const noSource = (): undefined => undefined;

describe('lockfileAdditions: what one version of the lockfile adds to the one before', () => {
  it('lists everything of a first lockfile, a role born deprecated included', () => {
    const after = lockOf({
      b: role({ aliases: ['old_b'], deprecated: true, contracts: { 'ROLE:b:C:1': HASH(1) } }),
      a: role({ contracts: { 'ROLE:a:X:1': HASH(2) } }),
    });
    expect(lockfileAdditions(undefined, after, () => ({ replacedBy: 'a' }))).toEqual({
      roles: ['a', 'b'],
      aliases: [{ roleId: 'b', alias: 'old_b' }],
      deprecations: [{ roleId: 'b', replacedBy: 'a' }],
      contracts: [
        { contractId: 'ROLE:a:X:1', roleId: 'a', surfaceHash: HASH(2) },
        { contractId: 'ROLE:b:C:1', roleId: 'b', surfaceHash: HASH(1) },
      ],
      waivers: [],
    });
  });

  it('names the version a bump follows (the highest lower one of the same kind), and never re-adds a retired contract', () => {
    const before = lockOf({ a: role({ contracts: { 'ROLE:a:X:1': HASH(1), 'ROLE:a:X:2': HASH(2), 'ROLE:a:C:1': HASH(3) } }) });
    const after = lockOf({
      a: role({ contracts: { 'ROLE:a:X:10': HASH(4), 'ROLE:a:C:1': HASH(3) }, retired: { 'ROLE:a:X:1': HASH(1), 'ROLE:a:X:2': HASH(2) } }),
    });
    expect(lockfileAdditions(before, after, noSource).contracts).toEqual([
      { contractId: 'ROLE:a:X:10', roleId: 'a', surfaceHash: HASH(4), supersedes: 'ROLE:a:X:2' },
    ]);
  });

  it('adds only new aliases, new deprecations and new waivers', () => {
    const waiver = { code: 'ROLE_REMOVED' as const, id: 'gone', reason: 'never shipped', date: '2026-01-02' };
    const before = lockOf({ a: role({ aliases: ['x'] }), gone: role({}) });
    const after = lockOf({ a: role({ aliases: ['x', 'y'], deprecated: true }), gone: role({}) }, [waiver]);
    const asked: string[] = [];
    expect(
      lockfileAdditions(before, after, (roleId, declaredIn) => {
        asked.push(`${roleId} ${declaredIn}`);
        return { reason: 'superseded' };
      }),
    ).toEqual({
      roles: [],
      aliases: [{ roleId: 'a', alias: 'y' }],
      deprecations: [{ roleId: 'a', reason: 'superseded' }],
      contracts: [],
      waivers: [waiver],
    });
    expect(asked).toEqual(['a src/roles/a.ts']);
    expect(lockfileAdditions(after, after, noSource)).toEqual({ roles: [], aliases: [], deprecations: [], contracts: [], waivers: [] });
  });
});

describe('deprecationIn: a deprecation read from one version of a file alone', () => {
  const file = '/repo/src/roles/a.ts';
  it('reads reason and replaced_by written in the file', () => {
    const text = `import { defineRole } from 'role-registry';\nconst NEXT = 'b';\nexport const a = defineRole({ role_id: 'a', deprecated: { reason: 'merged', replaced_by: NEXT } });\n`;
    expect(deprecationIn(file, text, 'a', /^[a-z]+$/)).toEqual({ reason: 'merged', replacedBy: 'b' });
  });

  it('says nothing rather than guessing when a value comes from another file, nor of an undeprecated role', () => {
    const text = `import { defineRole } from 'role-registry';\nimport { b } from './b.js';\nexport const a = defineRole({ role_id: 'a', deprecated: { reason: 'merged', replaced_by: b.role_id } });\nexport const c = defineRole({ role_id: 'c' });\n`;
    expect(deprecationIn(file, text, 'a', /^[a-z]+$/)).toBeUndefined();
    expect(deprecationIn(file, text, 'c', /^[a-z]+$/)).toBeUndefined();
  });
});
