import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { VIOLATION_CODES } from '../../src/core/findings.js';
import { positionOf } from '../support/text.js';
import { expectCli, Studio } from '../support/studio.js';

/**
 * `check` lists the findings it accepted because of a waiver (docs/migrations.md): in every format,
 * without changing the exit code.
 */
const studio = new Studio('rr-cli-waived-');
afterEach(() => studio.reset());
afterAll(() => studio.dispose());

const CREW_FILE = 'src/roles/crew.ts';
const EXEC_FILE = 'src/roles/exec.ts';
const REMOVED_MESSAGE = 'Role `colorist` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts).';
const REMOVED_HINT =
  "Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).";
const DRIFT_HINT = 'A published contract never changes: restore its schema, and bump to `ROLE:editor:X:2` for the new surface.';
const EDITOR_SCHEMA = "{ type: 'array', items: { type: 'string' } }";

interface Lock {
  roles: Record<string, { contracts: Record<string, string> }>;
  waivers?: { code: string; id: string; surfaceHash?: string }[];
}
const lockfile = (): Lock => JSON.parse(studio.read('role-registry.lock.json')) as Lock;

/** Removes colorist and changes the surface of ROLE:editor:X:1, then waives both breaks. */
function waiveTwoBreaks(): { drift: string; schemaAt: { line: number; column: number } } {
  const locked = lockfile().roles['editor']!.contracts['ROLE:editor:X:1']!;
  studio.edit(CREW_FILE, "\nexport const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n", '');
  const crew = studio.edit(CREW_FILE, EDITOR_SCHEMA, "{ type: 'array', items: { type: 'number' } }");
  expectCli(studio.cli(['waive', 'ROLE_REMOVED', 'colorist', '--reason', 'never used outside staging', '--date', '2026-01-02']), 0);
  expectCli(studio.cli(['waive', 'CONTRACT_DRIFT', 'ROLE:editor:X:1', '--reason', 'typo fix, no consumer yet', '--date', '2026-01-03']), 0);
  const accepted = lockfile().waivers!.find((w) => w.code === 'CONTRACT_DRIFT')!.surfaceHash!;
  const drift = `The surface of \`ROLE:editor:X:1\` changed since it was locked (locked ${locked.slice(0, 12)}…, now ${accepted.slice(0, 12)}…).`;
  return { drift, schemaAt: positionOf(crew, "{ type: 'array', items: { type: 'number' } }") };
}

const SECTION = (acceptedSurface: string): string[] => [
  'Accepted by waiver (2):',
  '  2026-01-02  ROLE_REMOVED colorist: never used outside staging',
  `  2026-01-03  CONTRACT_DRIFT ROLE:editor:X:1 (accepts surface ${acceptedSurface.slice(0, 12)}…): typo fix, no consumer yet`,
];

describe('check lists the findings accepted by a waiver', () => {
  it('text: a short section after the summary; exit 0 when only waived findings remain', () => {
    waiveTwoBreaks();
    const accepted = lockfile().waivers!.find((w) => w.code === 'CONTRACT_DRIFT')!.surfaceHash!;
    const result = expectCli(studio.cli(['check']), 0);
    const hash = expectCli(studio.cli(['hash']), 0).stdout.trim();
    expect(result.stdout).toBe(
      [`✔ 3 roles, 4 contracts: the source agrees with the lockfile. Registry hash ${hash}.`, '', ...SECTION(accepted), ''].join('\n'),
    );
    expect(result.stderr).toBe('');
  });

  it('json: a `waived` array of findings, each with its waiver; `findings` and the summary leave them out', () => {
    const { drift, schemaAt } = waiveTwoBreaks();
    const accepted = lockfile().waivers!.find((w) => w.code === 'CONTRACT_DRIFT')!.surfaceHash!;
    const report = JSON.parse(expectCli(studio.cli(['check', '--format', 'json']), 0).stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, summary: { errors: 0, warnings: 0 }, findings: [] });
    expect(report['waived']).toEqual([
      {
        code: 'ROLE_REMOVED',
        severity: 'error',
        message: REMOVED_MESSAGE,
        hint: REMOVED_HINT,
        file: CREW_FILE,
        subject: { roleId: 'colorist' },
        waiver: { date: '2026-01-02', reason: 'never used outside staging' },
      },
      {
        code: 'CONTRACT_DRIFT',
        severity: 'error',
        message: drift,
        hint: DRIFT_HINT,
        file: CREW_FILE,
        line: schemaAt.line,
        column: schemaAt.column,
        endLine: schemaAt.line,
        endColumn: schemaAt.column + "{ type: 'array', items: { type: 'number' } }".length,
        subject: { roleId: 'editor', contractId: 'ROLE:editor:X:1' },
        waiver: { date: '2026-01-03', reason: 'typo fix, no consumer yet', surfaceHash: accepted },
      },
    ]);
  });

  it('sarif: results with an external, accepted suppression whose justification is the reason', () => {
    const { drift } = waiveTwoBreaks();
    const run = JSON.parse(expectCli(studio.cli(['check', '--format', 'sarif']), 0).stdout).runs[0];
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    expect(
      run.results.map((r: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; suppressions: unknown }) => [
        r.ruleId,
        r.ruleIndex,
        r.level,
        r.message.text,
        r.suppressions,
      ]),
    ).toEqual([
      [
        'ROLE_REMOVED',
        VIOLATION_CODES.indexOf('ROLE_REMOVED'),
        'error',
        `${REMOVED_MESSAGE} ${REMOVED_HINT}`,
        [{ kind: 'external', status: 'accepted', justification: 'never used outside staging', properties: { date: '2026-01-02' } }],
      ],
      [
        'CONTRACT_DRIFT',
        VIOLATION_CODES.indexOf('CONTRACT_DRIFT'),
        'error',
        `${drift} ${DRIFT_HINT}`,
        [{ kind: 'external', status: 'accepted', justification: 'typo fix, no consumer yet', properties: { date: '2026-01-03' } }],
      ],
    ]);
  });

  it('github: a notice per waived finding', () => {
    const { drift, schemaAt } = waiveTwoBreaks();
    const result = expectCli(studio.cli(['check', '--format', 'github']), 0);
    expect(result.stdout).toBe(
      [
        `::notice file=${CREW_FILE},title=role-registry ROLE_REMOVED (waived)::${REMOVED_MESSAGE} Accepted by a waiver of 2026-01-02: never used outside staging`,
        `::notice file=${CREW_FILE},line=${schemaAt.line},col=${schemaAt.column},endLine=${schemaAt.line},endColumn=${schemaAt.column + 44},title=role-registry CONTRACT_DRIFT (waived)::${drift} Accepted by a waiver of 2026-01-03: typo fix, no consumer yet`,
        '',
      ].join('\n'),
    );
  });

  it('markdown: clean, then a table of the accepted findings with their waiver', () => {
    const { drift, schemaAt } = waiveTwoBreaks();
    const accepted = lockfile().waivers!.find((w) => w.code === 'CONTRACT_DRIFT')!.surfaceHash!;
    const hash = expectCli(studio.cli(['hash']), 0).stdout.trim();
    const result = expectCli(studio.cli(['check', '--format', 'markdown'], { env: { GITHUB_SHA: '' } }), 0);
    const docs = 'https://github.com/role-registry/role-registry/blob/main/docs/violations.md';
    const escaped = (text: string): string => text.replaceAll('`', '&#96;');
    expect(result.stdout).toBe(
      [
        '## role-registry check',
        '',
        `✔ **Clean**: the source agrees with the lockfile. 3 roles, 4 contracts. Registry hash <code>${hash}</code>.`,
        '',
        '### Accepted by waiver (2)',
        '',
        '| File | Code | Message | Waiver |',
        '| --- | --- | --- | --- |',
        `| <code>${CREW_FILE}</code> | [ROLE_REMOVED](${docs}#role_removed) | ${escaped(REMOVED_MESSAGE)} | 2026-01-02: never used outside staging |`,
        `| <code>${CREW_FILE}:${schemaAt.line}</code> | [CONTRACT_DRIFT](${docs}#contract_drift) | ${escaped(drift)} | 2026-01-03 (accepts surface <code>${accepted.slice(0, 12)}…</code>): typo fix, no consumer yet |`,
        '',
      ].join('\n'),
    );
  });

  it('gitlab: an info issue per waived finding, naming the waiver', () => {
    const { drift, schemaAt } = waiveTwoBreaks();
    const issues = JSON.parse(expectCli(studio.cli(['check', '--format', 'gitlab']), 0).stdout) as Record<string, unknown>[];
    expect(issues.map(({ fingerprint: _, ...issue }) => issue)).toEqual([
      {
        description: `ROLE_REMOVED (waived): ${REMOVED_MESSAGE} Accepted by a waiver of 2026-01-02: never used outside staging`,
        check_name: 'ROLE_REMOVED',
        severity: 'info',
        location: { path: CREW_FILE, lines: { begin: 1 } },
      },
      {
        description: `CONTRACT_DRIFT (waived): ${drift} Accepted by a waiver of 2026-01-03: typo fix, no consumer yet`,
        check_name: 'CONTRACT_DRIFT',
        severity: 'info',
        location: { path: CREW_FILE, lines: { begin: schemaAt.line } },
      },
    ]);
  });

  it('with other problems: they fail the run (exit 1), the waived ones are listed after the summary', () => {
    waiveTwoBreaks();
    const accepted = lockfile().waivers!.find((w) => w.code === 'CONTRACT_DRIFT')!.surfaceHash!;
    const text = studio.edit(CREW_FILE, "  aliases: ['cutter'],\n", '');
    const editorAt = positionOf(text, "'editor'");
    const result = expectCli(studio.cli(['check']), 1);
    expect(result.stdout).toBe(
      [
        `${CREW_FILE}:${editorAt.line}:${editorAt.column}  error  ALIAS_REMOVED  Alias \`cutter\` of role \`editor\` is locked but no longer declared.`,
        "    → Aliases are append-only (stored references use them): add 'cutter' back to aliases.",
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '',
        ...SECTION(accepted),
        '',
      ].join('\n'),
    );
  });

  it('a waiver that accepts nothing now is not listed: a drift to yet another surface is reported', () => {
    waiveTwoBreaks();
    studio.edit(CREW_FILE, "items: { type: 'number' }", "items: { type: 'boolean' }");
    const report = JSON.parse(expectCli(studio.cli(['check', '--format', 'json']), 1).stdout) as {
      findings: { code: string }[];
      waived: { code: string }[];
    };
    expect(report.findings.map((f) => f.code)).toEqual(['CONTRACT_DRIFT']);
    expect(report.waived.map((f) => f.code)).toEqual(['ROLE_REMOVED']);
  });

  it('a waived contract removal (recorded as retired) is listed as the CONTRACT_REMOVED it accepted', () => {
    studio.edit(EXEC_FILE, "  produce_contracts: [{ contract_id: 'ROLE:legacy_director:C:1', schema_json: { type: 'string' } }],\n", '');
    expectCli(
      studio.cli(['waive', 'CONTRACT_REMOVED', 'ROLE:legacy_director:C:1', '--reason', 'never consumed', '--date', '2026-01-04']),
      0,
    );
    const result = expectCli(studio.cli(['check']), 0);
    expect(result.stdout.split('\n').slice(1)).toEqual([
      '',
      'Accepted by waiver (1):',
      '  2026-01-04  CONTRACT_REMOVED ROLE:legacy_director:C:1: never consumed',
      '',
    ]);
    const waived = (
      JSON.parse(expectCli(studio.cli(['check', '--format', 'json']), 0).stdout) as { waived: { code: string; message: string }[] }
    ).waived;
    expect(waived).toEqual([
      expect.objectContaining({
        code: 'CONTRACT_REMOVED',
        message:
          'Contract `ROLE:legacy_director:C:1` of role `legacy_director` is locked but no longer declared, and no newer version replaces it.',
      }),
    ]);
  });
});
