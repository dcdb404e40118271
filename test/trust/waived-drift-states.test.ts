/**
 * A waived contract drift, in every combination of the locked surface (L), the surface the waiver
 * accepts (W, never L: the lockfile reader refuses that) and the declared one: each message says
 * what the state is, and its advice works when followed. The real CLI on a published project in a
 * real git repository.
 */
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { git, removeTree, runCliAsync, snapshotTree, tempDir, type CliResult } from '../support/cli.js';
import { lockfileOf, replaceOnce, setLockfile, writeStudio } from '../support/studio.js';

const FILE = 'src/roles/producer.ts';
const LOCKED_SCHEMA = "{ type: 'object', required: ['body'] }";
const ACCEPTED_SCHEMA = "{ type: 'object', required: ['body', 'title'] }";
const OTHER_SCHEMA = "{ type: 'object', required: ['x'] }";
const L = '154ecd8d7dcd…';
const W = '41e9d8df1d91…';
const OTHER = '64ba0be0c9fa…';
const WAIVER = 'a waiver of 2026-01-02 ("typo fix, no consumer yet")';

let project: string;

beforeEach(() => {
  project = tempDir('waived-drift');
  writeStudio(project);
});

afterEach(() => removeTree(project));

const cli = (...args: string[]): Promise<CliResult> => runCliAsync(args, project);
const source = (): string => readFileSync(path.join(project, FILE), 'utf8');
const declare = (schema: string): void =>
  writeFileSync(
    path.join(project, FILE),
    source().replace(/schema_json: \{ type: 'object', required: \[[^\]]*\] \}/, `schema_json: ${schema}`),
  );
const schemaColumn = (): number => source().split('\n')[7]!.indexOf('{ type:') + 1;

async function waiveDrift(): Promise<void> {
  declare(ACCEPTED_SCHEMA);
  const waive = await cli('waive', 'CONTRACT_DRIFT', 'ROLE:producer:C:1', '--reason', 'typo fix, no consumer yet', '--date', '2026-01-02');
  expect(waive.code, waive.stderr).toBe(0);
}

async function expectCheck(code: number, stdout: string): Promise<void> {
  const before = snapshotTree(project);
  const result = await cli('check');
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(stdout);
  expect(result.code).toBe(code);
  expect(snapshotTree(project)).toEqual(before);
}

/** Why a drift has no diff here: the project is not a git repository, unless a test says otherwise. */
const noDiff = (code: string, why: string): string => (code === 'CONTRACT_DRIFT' ? `      no diff: ${why}.\n` : '');
const report = (
  code: string,
  message: string,
  hint: string,
  column = schemaColumn(),
  why = `the locked surface cannot be read from git: ${project} is not inside a git repository`,
): string => `${FILE}:8:${column}  error  ${code}  ${message}\n    → ${hint}\n${noDiff(code, why)}\n✖ 1 problem (1 error, 0 warnings)\n`;

describe('an active contract', () => {
  it('no waiver, declared as locked: clean; declared otherwise: drift from the locked surface', async () => {
    const clean = await cli('check');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(': the source agrees with the lockfile.');
    declare(ACCEPTED_SCHEMA);
    await expectCheck(
      1,
      report(
        'CONTRACT_DRIFT',
        `The surface of \`ROLE:producer:C:1\` changed since it was locked (locked ${L}, now ${W}).`,
        'A published contract never changes: restore its schema, and bump to `ROLE:producer:C:2` for the new surface.',
      ),
    );
  });

  it('waived, declared as accepted: clean, and the waiver is listed', async () => {
    await waiveDrift();
    const result = await cli('check');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`CONTRACT_DRIFT ROLE:producer:C:1 (accepts surface ${W}): typo fix, no consumer yet`);
  });

  it('waived, declared as first locked: names the surface the waiver accepts, and each way out works', async () => {
    const lockedBefore = lockfileOf(project);
    git(project, 'init', '-q', '-b', 'main');
    git(project, 'add', '-A');
    git(project, 'commit', '-qm', 'published');
    await waiveDrift();
    declare(LOCKED_SCHEMA);
    await expectCheck(
      1,
      report(
        'CONTRACT_DRIFT',
        `The surface of \`ROLE:producer:C:1\` is back to the one it was first locked with (${L}), but ${WAIVER} accepted ${W} in its place, and that is the surface the lockfile publishes.`,
        'If the waiver is not merged yet, it is no longer needed: delete its CONTRACT_DRIFT entry for `ROLE:producer:C:1` from "waivers" in role-registry.lock.json, and `role-registry check` passes. ' +
          `If it is merged, it stays (a dropped waiver is a BASELINE_REGRESSION): declare the accepted surface (${W}) again, and bump to \`ROLE:producer:C:2\` for this one.`,
        undefined,
        `no commit read (HEAD) declares \`ROLE:producer:C:1\` with the surface its waiver accepts ${W} (a waiver may accept a surface that was never committed)`,
      ),
    );

    // Not merged: deleting the entry is all it takes.
    const waived = lockfileOf(project);
    const lock = JSON.parse(waived) as { waivers?: unknown[] };
    delete lock.waivers;
    setLockfile(project, `${JSON.stringify(lock, null, 2)}\n`);
    expect(lockfileOf(project)).toBe(lockedBefore);
    expect((await cli('check')).code).toBe(0);
    expect((await cli('check', '--against', 'main')).code).toBe(0);

    // Merged: dropping it is a regression; the accepted surface plus a new version is clean.
    setLockfile(project, waived);
    git(project, 'commit', '-qam', 'waiver merged');
    git(project, 'tag', 'merged');
    delete lock.waivers;
    setLockfile(project, `${JSON.stringify(lock, null, 2)}\n`);
    const dropped = await cli('check', '--against', 'merged');
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toContain('BASELINE_REGRESSION');
    setLockfile(project, waived);
    writeFileSync(
      path.join(project, FILE),
      replaceOnce(
        source(),
        `{ contract_id: 'ROLE:producer:C:1', schema_json: ${LOCKED_SCHEMA} }`,
        `{ contract_id: 'ROLE:producer:C:1', schema_json: ${ACCEPTED_SCHEMA} }, { contract_id: 'ROLE:producer:C:2', schema_json: ${LOCKED_SCHEMA} }`,
      ),
    );
    expect((await cli('lock')).code).toBe(0);
    const after = await cli('check', '--against', 'merged');
    expect(after.stdout).not.toContain('error');
    expect(after.code).toBe(0);
  });

  it('waived, declared as neither: names the locked and the accepted surface, and advises the accepted one', async () => {
    await waiveDrift();
    declare(OTHER_SCHEMA);
    await expectCheck(
      1,
      report(
        'CONTRACT_DRIFT',
        `The surface of \`ROLE:producer:C:1\` changed since it was locked (locked ${L}, then ${W} accepted by ${WAIVER}; now ${OTHER}).`,
        `A published contract never changes, and the waiver accepts ${W} only: restore that surface, and bump to \`ROLE:producer:C:2\` for the new one.`,
      ),
    );
  });
});

describe('a superseded contract whose drift was waived', () => {
  /** C:1 waived to W, then superseded by C:2 and locked: C:1 is retired with L, the waiver accepts W. */
  async function supersede(): Promise<void> {
    await waiveDrift();
    writeFileSync(path.join(project, FILE), replaceOnce(source(), "contract_id: 'ROLE:producer:C:1'", "contract_id: 'ROLE:producer:C:2'"));
    expect((await cli('lock')).code).toBe(0);
  }
  const redeclare = (schema: string): void =>
    writeFileSync(
      path.join(project, FILE),
      replaceOnce(source(), 'produce_contracts: [', `produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: ${schema} }, `),
    );
  const idColumn = (): number => source().split('\n')[7]!.indexOf("'ROLE:producer:C:1'") + 1;

  it('declared again as accepted: only not yet recorded (run lock)', async () => {
    await supersede();
    redeclare(ACCEPTED_SCHEMA);
    const result = await cli('check');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'LOCK_OUTDATED  Contract `ROLE:producer:C:1` is declared again and is recorded as retired in the lockfile.',
    );
  });

  it('declared again as first locked: the surface on record is the accepted one, and the message says so', async () => {
    await supersede();
    redeclare(LOCKED_SCHEMA);
    await expectCheck(
      1,
      report(
        'CONTRACT_REUSED',
        `\`ROLE:producer:C:1\` was superseded and is locked with another surface (${W}, accepted by ${WAIVER} in place of ${L}); it is declared again with the surface it was first locked with, which that waiver replaced.`,
        'A superseded contract id stays reserved with the surface on record: bump to `ROLE:producer:C:3` for this surface.',
        idColumn(),
      ),
    );
  });

  it('declared again as neither: the same, with a different surface', async () => {
    await supersede();
    redeclare(OTHER_SCHEMA);
    await expectCheck(
      1,
      report(
        'CONTRACT_REUSED',
        `\`ROLE:producer:C:1\` was superseded and is locked with another surface (${W}, accepted by ${WAIVER} in place of ${L}); it is declared again with a different one.`,
        'A superseded contract id stays reserved with the surface on record: bump to `ROLE:producer:C:3` for this surface.',
        idColumn(),
      ),
    );
  });
});
