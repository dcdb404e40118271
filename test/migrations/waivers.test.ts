import { afterEach, describe, expect, it } from 'vitest';
import { migrationProject } from './support.js';
import type { TempProject } from '../support/temp-project.js';

const HEADER = `import { defineRole } from 'role-registry';\n`;
const PRODUCER = `
export const producer = defineRole({
  role_id: 'producer',
  aliases: ['exec_producer', 'showrunner'],
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'string' } }],
});
`;
const RUNNER = `
export const runner = defineRole({
  role_id: 'runner',
  produce_contracts: [{ contract_id: 'ROLE:runner:C:1', schema_json: { type: 'array' } }],
});
`;
const GRIP = `
export const grip = defineRole({ role_id: 'grip' });
`;

let fixture: TempProject | undefined;
afterEach(() => fixture?.dispose());

function project(): TempProject {
  fixture = migrationProject({ 'src/roles/crew.ts': HEADER + PRODUCER + RUNNER + GRIP });
  expect(fixture.cli(['init']).code).toBe(0);
  return fixture;
}

describe('role-registry waive', () => {
  it('waives one removal: check accepts exactly that finding, the role stays as a tombstone, hashes agree, the id stays reserved', () => {
    const p = project();
    p.write('src/roles/crew.ts', HEADER + PRODUCER + GRIP);
    const waive = p.cli(['waive', 'ROLE_REMOVED', 'runner', '--reason', 'published by mistake, never used', '--date', '2025-01-31']);
    expect(waive.stderr).toBe('');
    expect(waive.code).toBe(0);
    expect(waive.stdout).toBe(`Recorded in role-registry.lock.json:
  + waiver ROLE_REMOVED runner (2025-01-31: published by mistake, never used)
\`role-registry check\` now accepts exactly this finding:
  ROLE_REMOVED  Role \`runner\` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts).
Role \`runner\` is now a tombstone: it stays in the lockfile, and its id, aliases and contracts are reserved forever (never declared again).
`);
    const lock = JSON.parse(p.read('role-registry.lock.json'));
    expect(lock.roles.runner).toEqual({
      aliases: [],
      contracts: { 'ROLE:runner:C:1': expect.stringMatching(/^[0-9a-f]{64}$/) },
      declaredIn: 'src/roles/crew.ts',
      deprecated: false,
    });
    expect(
      p.read('role-registry.lock.json').endsWith(`  "waivers": [
    {
      "code": "ROLE_REMOVED",
      "date": "2025-01-31",
      "id": "runner",
      "reason": "published by mistake, never used"
    }
  ]
}
`),
    ).toBe(true);

    const check = p.cli(['check']);
    expect(check.code).toBe(0);
    const sourceHash = p.cli(['hash']).stdout;
    expect(p.cli(['hash', '--lockfile']).stdout).toBe(sourceHash);
    expect(sourceHash).toMatch(/^[0-9a-f]{64}\n$/);
    expect(check.stdout).toContain(`Registry hash ${sourceHash.trim()}.`);
    expect(p.cli(['hash', '--lockfile', '--snapshot']).stdout).not.toContain('"runner"');
    expect(p.cli(['lock']).stdout).toBe('✔ The lockfile is up to date: nothing to record.\n');

    const status = p.cli(['status']);
    expect(status.stdout).toContain(
      '\nWaivers (1), each accepting one finding:\n  2025-01-31  ROLE_REMOVED runner: published by mistake, never used\n',
    );

    // A different finding still fails; the waived one is listed as accepted.
    p.write('src/roles/crew.ts', HEADER + PRODUCER);
    const other = p.cli(['check']);
    expect(other.code).toBe(1);
    expect(other.stdout).toBe(
      "src/roles/crew.ts  error  ROLE_REMOVED  Role `grip` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts).\n    → Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).\n\n✖ 1 problem (1 error, 0 warnings)\n" +
        '\nAccepted by waiver (1):\n  2025-01-31  ROLE_REMOVED runner: published by mistake, never used\n',
    );

    // The id stays reserved: re-declared with another surface, or even unchanged, it is ID_REUSED.
    for (const declaration of [RUNNER.replace("'array'", "'object'"), RUNNER]) {
      p.write('src/roles/crew.ts', HEADER + PRODUCER + GRIP + declaration);
      const reused = p.cli(['check']);
      expect(reused.code).toBe(1);
      expect(reused.stdout).toContain(
        'src/roles/crew.ts:13:12  error  ID_REUSED  Role `runner` was removed under a waiver of 2025-01-31 ("published by mistake, never used"); its id stays reserved forever.\n',
      );
      expect(p.cli(['lock']).code).toBe(1);
    }
  });

  it('waives a contract drift for exactly the declared surface; another surface still drifts', () => {
    const p = project();
    p.write('src/roles/crew.ts', HEADER + PRODUCER.replace("{ type: 'string' }", "{ type: 'string', maxLength: 80 }") + RUNNER + GRIP);
    expect(p.cli(['check']).stdout).toContain('CONTRACT_DRIFT');
    const lockedBefore = JSON.parse(p.read('role-registry.lock.json')).roles.producer.contracts['ROLE:producer:C:1'];
    const waive = p.cli([
      'waive',
      'CONTRACT_DRIFT',
      'ROLE:producer:C:1',
      '--reason',
      'typo fix, no consumer reads maxLength',
      '--date',
      '2025-02-01',
    ]);
    expect(waive.code).toBe(0);
    const lock = JSON.parse(p.read('role-registry.lock.json'));
    expect(lock.roles.producer.contracts['ROLE:producer:C:1']).toBe(lockedBefore);
    expect(lock.waivers).toEqual([
      {
        code: 'CONTRACT_DRIFT',
        date: '2025-02-01',
        id: 'ROLE:producer:C:1',
        reason: 'typo fix, no consumer reads maxLength',
        surfaceHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(p.cli(['check']).code).toBe(0);
    expect(p.cli(['hash', '--lockfile']).stdout).toBe(p.cli(['hash']).stdout);
    expect(p.cli(['lock']).stdout).toBe('✔ The lockfile is up to date: nothing to record.\n');

    p.write('src/roles/crew.ts', HEADER + PRODUCER.replace("{ type: 'string' }", "{ type: 'string', maxLength: 90 }") + RUNNER + GRIP);
    const again = p.cli(['check']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('CONTRACT_DRIFT  The surface of `ROLE:producer:C:1` changed since it was locked');
    const twice = p.cli(['waive', 'CONTRACT_DRIFT', 'ROLE:producer:C:1', '--reason', 'again', '--date', '2025-02-02']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(
      'role-registry waive: CONTRACT_DRIFT of `ROLE:producer:C:1` was already waived on 2025-02-01 ("typo fix, no consumer reads maxLength"); one waiver accepts one finding, once.\n    → Restore the accepted surface, and publish the new one as a new version (`role-registry bump ROLE:producer:C:1`).\nThe lockfile was not changed.\n',
    );
  });

  it('waives an alias removal and a contract removal; the alias stays reserved, the contract is retired', () => {
    const p = project();
    const withoutBoth = PRODUCER.replace(", 'showrunner'", '').replace(/\n  extract_contracts: .*\n/, '\n');
    p.write('src/roles/crew.ts', HEADER + withoutBoth + RUNNER + GRIP);
    expect(p.cli(['waive', 'ALIAS_REMOVED', 'showrunner', '--reason', 'never stored', '--date', '2025-03-01']).code).toBe(0);
    expect(p.cli(['waive', 'CONTRACT_REMOVED', 'ROLE:producer:X:1', '--reason', 'no consumer', '--date', '2025-03-01']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
    expect(p.cli(['hash', '--lockfile']).stdout).toBe(p.cli(['hash']).stdout);
    const lock = JSON.parse(p.read('role-registry.lock.json'));
    expect(lock.roles.producer.aliases).toEqual(['exec_producer', 'showrunner']);
    expect(lock.roles.producer.contracts).not.toHaveProperty(['ROLE:producer:X:1']);
    expect(lock.roles.producer.retiredContracts).toHaveProperty(['ROLE:producer:X:1']);
    expect(lock.waivers.map((w: { code: string; id: string }) => `${w.code} ${w.id}`)).toEqual([
      'ALIAS_REMOVED showrunner',
      'CONTRACT_REMOVED ROLE:producer:X:1',
    ]);

    p.write('src/roles/crew.ts', HEADER + withoutBoth.replace("['exec_producer']", "['exec_producer', 'showrunner']") + RUNNER + GRIP);
    const alias = p.cli(['check']);
    expect(alias.code).toBe(1);
    expect(alias.stdout).toContain(
      'ID_REUSED  Alias `showrunner` of role `producer` was removed under a waiver of 2025-03-01 ("never stored"); it stays reserved forever.',
    );
  });

  it('refuses, changing nothing: a code that is not waivable, an unknown code, a finding check does not report, an empty reason, a bad date', () => {
    const p = project();
    p.write('src/roles/crew.ts', HEADER + PRODUCER + GRIP);
    const before = p.bytes();
    const cases: [string[], string][] = [
      [
        ['waive', 'LOCK_OUTDATED', 'runner', '--reason', 'x'],
        'role-registry waive: LOCK_OUTDATED cannot be waived: it is not a break: run `role-registry lock` to record the addition.\n',
      ],
      [
        ['waive', 'ID_REUSED', 'runner', '--reason', 'x'],
        'role-registry waive: ID_REUSED cannot be waived: a reused id makes stored references mean something else, which no approval can undo: choose a new id.\n',
      ],
      [['waive', 'ROLE_GONE', 'runner', '--reason', 'x'], 'role-registry waive: "ROLE_GONE" is not a violation code.\n'],
      [
        ['waive', 'ROLE_REMOVED', 'grip', '--reason', 'x'],
        'role-registry waive: `role-registry check` reports no ROLE_REMOVED for "grip": there is nothing to waive.\n    → It reports ROLE_REMOVED for `runner`. The id is the role_id.\n',
      ],
      [['waive', 'ROLE_REMOVED', 'runner', '--reason', '   '], 'role-registry waive: a waiver needs a reason.\n'],
      [
        ['waive', 'ROLE_REMOVED', 'runner', '--reason', 'x', '--date', '2025-02-30'],
        'role-registry waive: --date "2025-02-30" is not a calendar date written YYYY-MM-DD.\n',
      ],
    ];
    for (const [args, message] of cases) {
      const result = p.cli([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.startsWith(message), result.stderr).toBe(true);
      expect(result.stderr.endsWith('The lockfile was not changed.\n')).toBe(true);
    }
    expect(p.bytes()).toEqual(before);
  });

  it('validates waivers on read: unknown code, malformed date, empty reason are LOCKFILE_INVALID at their line and column', () => {
    const p = project();
    p.write('src/roles/crew.ts', HEADER + PRODUCER + GRIP);
    expect(p.cli(['waive', 'ROLE_REMOVED', 'runner', '--reason', 'gone', '--date', '2025-01-31']).code).toBe(0);
    const good = p.read('role-registry.lock.json');
    const line = good.split('\n').findIndex((text) => text.includes('"code": "ROLE_REMOVED"')) + 1;
    const cases: [string, string, string][] = [
      [
        '"code": "ROLE_REMOVED"',
        '"code": "ROLE_VANISHED"',
        `role-registry.lock.json:${line}:15  error  LOCKFILE_INVALID  The lockfile is invalid at line ${line}, column 15: unknown violation code "ROLE_VANISHED" in a waiver.`,
      ],
      [
        '"date": "2025-01-31"',
        '"date": "31/01/2025"',
        `role-registry.lock.json:${line + 1}:15  error  LOCKFILE_INVALID  The lockfile is invalid at line ${line + 1}, column 15: the date of the waiver of ROLE_REMOVED "runner" must be a UTC calendar date written YYYY-MM-DD.`,
      ],
      [
        '"reason": "gone"',
        '"reason": ""',
        `role-registry.lock.json:${line + 3}:17  error  LOCKFILE_INVALID  The lockfile is invalid at line ${line + 3}, column 17: the waiver of ROLE_REMOVED "runner" has an empty reason; a waiver must say why.`,
      ],
      [
        '"id": "runner"',
        '"id": "nobody"',
        `role-registry.lock.json:${line + 2}:13  error  LOCKFILE_INVALID  The lockfile is invalid at line ${line + 2}, column 13: the ROLE_REMOVED waiver names "nobody", which is not a locked role.`,
      ],
    ];
    for (const [from, to, expected] of cases) {
      p.write('role-registry.lock.json', good.replace(from, to));
      const result = p.cli(['check']);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(expected);
    }
  });

  it('a waiver dropped from the lockfile is a baseline regression under check --against (real git repository)', () => {
    const p = project();
    p.git('init', '-q', '-b', 'main');
    p.write('src/roles/crew.ts', HEADER + PRODUCER + GRIP);
    expect(p.cli(['waive', 'ROLE_REMOVED', 'runner', '--reason', 'gone', '--date', '2025-01-31']).code).toBe(0);
    p.git('add', '-A');
    p.git('commit', '-q', '-m', 'waive runner');
    expect(p.cli(['check', '--against', 'main']).code).toBe(0);

    const lock = JSON.parse(p.read('role-registry.lock.json'));
    delete lock.waivers;
    p.write('role-registry.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
    const dropped = p.cli(['check', '--against', 'main']);
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toContain(
      'BASELINE_REGRESSION  The waiver ROLE_REMOVED `runner` (2025-01-31: gone) is in the lockfile at main but gone here.',
    );
    expect(dropped.stdout).toContain('ROLE_REMOVED  Role `runner` is in the lockfile but no longer declared');

    lock.waivers = [{ code: 'ROLE_REMOVED', date: '2025-01-31', id: 'runner', reason: 'gone, and never coming back' }];
    p.write('role-registry.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
    const changed = p.cli(['check', '--against', 'main']);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(
      'BASELINE_REGRESSION  The waiver of ROLE_REMOVED `runner` changed since main: it was ROLE_REMOVED `runner` (2025-01-31: gone), it is ROLE_REMOVED `runner` (2025-01-31: gone, and never coming back).',
    );
  });
});
