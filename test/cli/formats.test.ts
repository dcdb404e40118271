import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIOLATION_CODES } from '../../src/core/findings.js';
import { positionOf } from '../support/text.js';
import { CONFIG, CREW, expectCli, Studio } from '../support/studio.js';

/**
 * The report formats of `check`, from one broken registry: a finding with a line (an alias
 * dropped) and one without (a role removed, located by the lockfile's `declaredIn` hint).
 */
const studio = new Studio('rr-cli-formats-');
afterAll(() => studio.dispose());

const broken = CREW.replace("  aliases: ['cutter'],\n", '').replace(
  "export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n",
  '',
);
const editorAt = positionOf(broken, "'editor'");
const ALIAS_MESSAGE = 'Alias `cutter` of role `editor` is locked but no longer declared.';
const ALIAS_HINT = "Aliases are append-only (stored references use them): add 'cutter' back to aliases.";
const REMOVED_MESSAGE = 'Role `colorist` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts).';

const DOCS = 'https://github.com/role-registry/role-registry/blob/main/docs/violations.md';
/** Markdown links places to GitHub when run in Actions: these runs must not depend on where the tests run. */
const OUTSIDE_ACTIONS = { GITHUB_SHA: '' };
/** The Markdown report's escaping of the characters these messages hold. */
const markdownText = (text: string): string => text.replace(/[`_<>]/g, (char) => `&#${char.codePointAt(0)};`);

describe('check --format', () => {
  beforeAll(() => studio.write('src/roles/crew.ts', broken));

  it('json: versioned, every finding with code, place, subject and next step', () => {
    const result = expectCli(studio.cli(['check', '--format', 'json']), 1);
    expect(JSON.parse(result.stdout)).toEqual({
      formatVersion: 1,
      ok: false,
      summary: { errors: 2, warnings: 0 },
      registryHash: null,
      roles: 3,
      contracts: 4,
      against: null,
      findings: [
        {
          code: 'ROLE_REMOVED',
          severity: 'error',
          message: REMOVED_MESSAGE,
          hint: expect.stringContaining('deprecate it instead of deleting it'),
          file: 'src/roles/crew.ts',
          subject: { roleId: 'colorist' },
        },
        {
          code: 'ALIAS_REMOVED',
          severity: 'error',
          message: ALIAS_MESSAGE,
          hint: ALIAS_HINT,
          file: 'src/roles/crew.ts',
          line: editorAt.line,
          column: editorAt.column,
          endLine: editorAt.line,
          endColumn: editorAt.column + "'editor'".length,
          subject: { roleId: 'editor', alias: 'cutter' },
        },
      ],
      waived: [],
    });
  });

  it('sarif: a valid SARIF 2.1.0 log, one rule per code, results with ruleId and locations', () => {
    const log = JSON.parse(expectCli(studio.cli(['check', '--format', 'sarif']), 1).stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('role-registry');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(VIOLATION_CODES);
    expect(run.originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/.*\/$/);
    expect(run.results).toEqual([
      {
        ruleId: 'ROLE_REMOVED',
        ruleIndex: VIOLATION_CODES.indexOf('ROLE_REMOVED'),
        level: 'error',
        message: { text: expect.stringContaining(REMOVED_MESSAGE) },
        partialFingerprints: { 'roleRegistry/v1': expect.stringMatching(/^[0-9a-f]{64}$/) },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/roles/crew.ts', uriBaseId: 'SRCROOT' } } }],
      },
      {
        ruleId: 'ALIAS_REMOVED',
        ruleIndex: VIOLATION_CODES.indexOf('ALIAS_REMOVED'),
        level: 'error',
        message: { text: `${ALIAS_MESSAGE} ${ALIAS_HINT}` },
        partialFingerprints: { 'roleRegistry/v1': expect.stringMatching(/^[0-9a-f]{64}$/) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/roles/crew.ts', uriBaseId: 'SRCROOT' },
              region: {
                startLine: editorAt.line,
                startColumn: editorAt.column,
                endLine: editorAt.line,
                endColumn: editorAt.column + "'editor'".length,
              },
            },
          },
        ],
      },
    ]);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('github: one workflow command per finding, with file, line and column', () => {
    const result = expectCli(studio.cli(['check', '--format', 'github']), 1);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(
        /^::error file=src\/roles\/crew\.ts,title=role-registry ROLE_REMOVED::Role `colorist` is in the lockfile but no longer declared \(it was declared in src\/roles\/crew\.ts\)\. Role ids are never removed/,
      ),
      `::error file=src/roles/crew.ts,line=${editorAt.line},col=${editorAt.column},endLine=${editorAt.line},endColumn=${editorAt.column + 8},title=role-registry ALIAS_REMOVED::${ALIAS_MESSAGE} ${ALIAS_HINT}`,
      '',
    ]);
  });

  it('text: one line per finding, its next step, and a summary', () => {
    const result = expectCli(studio.cli(['check']), 1);
    expect(result.stdout).toBe(
      [
        `src/roles/crew.ts  error  ROLE_REMOVED  ${REMOVED_MESSAGE}`,
        "    → Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).",
        `src/roles/crew.ts:${editorAt.line}:${editorAt.column}  error  ALIAS_REMOVED  ${ALIAS_MESSAGE}`,
        `    → ${ALIAS_HINT}`,
        '',
        '✖ 2 problems (2 errors, 0 warnings)',
        '',
      ].join('\n'),
    );
  });

  it('markdown: the summary line and a table of findings, codes linked to their docs', () => {
    const result = expectCli(studio.cli(['check', '--format', 'markdown'], { env: OUTSIDE_ACTIONS }), 1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '## role-registry check',
        '',
        '✖ **2 violations** (2 errors, 0 warnings) against the lockfile. 3 roles, 4 contracts. No registry hash while a law is broken.',
        '',
        '| File | Code | Message |',
        '| --- | --- | --- |',
        `| <code>src/roles/crew.ts</code> | [ROLE_REMOVED](${DOCS}#role_removed) | ${markdownText(REMOVED_MESSAGE)}<br>→ Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced&#95;by: '…' }). |`,
        `| <code>src/roles/crew.ts:${editorAt.line}</code> | [ALIAS_REMOVED](${DOCS}#alias_removed) | ${markdownText(ALIAS_MESSAGE)}<br>→ ${ALIAS_HINT} |`,
        '',
      ].join('\n'),
    );
  });

  it('gitlab: a code quality report, one Code Climate issue per finding, stable fingerprints', () => {
    const result = expectCli(studio.cli(['check', '--format', 'gitlab']), 1);
    expect(result.stderr).toBe('');
    const issues = JSON.parse(result.stdout) as { fingerprint: string }[];
    expect(issues).toEqual([
      {
        description: `ROLE_REMOVED: ${REMOVED_MESSAGE} Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).`,
        check_name: 'ROLE_REMOVED',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'major',
        location: { path: 'src/roles/crew.ts', lines: { begin: 1 } },
      },
      {
        description: `ALIAS_REMOVED: ${ALIAS_MESSAGE} ${ALIAS_HINT}`,
        check_name: 'ALIAS_REMOVED',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'major',
        location: { path: 'src/roles/crew.ts', lines: { begin: editorAt.line } },
      },
    ]);
    expect(result.stdout).toBe(`${JSON.stringify(issues, null, 2)}\n`);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(2);
    // Moving a finding to another line keeps its fingerprint, so GitLab does not call it new.
    studio.write('src/roles/crew.ts', `// moved\n${broken}`);
    const moved = JSON.parse(expectCli(studio.cli(['check', '--format', 'gitlab']), 1).stdout) as { fingerprint: string }[];
    studio.write('src/roles/crew.ts', broken);
    expect(moved.map((issue) => issue.fingerprint)).toEqual(issues.map((issue) => issue.fingerprint));
  });

  it('rejects an unknown format as a usage error (exit 2)', () => {
    const result = expectCli(studio.cli(['check', '--format', 'xml']), 2);
    expect(result.stderr).toContain(
      "option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif, github, markdown, gitlab.",
    );
  });
});

/**
 * Unusable input under a machine format: CI tools parse stdout, so the report stays JSON, SARIF or
 * workflow commands (exit 2), with the one-line reason on stderr for whoever reads the log.
 */
describe('check --format on unusable input (exit 2)', () => {
  const broken = new Studio('rr-cli-formats-unusable-');
  afterEach(() => broken.reset());
  afterAll(() => broken.dispose());

  const LOCK_MESSAGE = 'The lockfile cannot be read: it is not valid JSON: comma expected (line 3, column 3).';
  const LOCK_HINT =
    'Restore the lockfile from git (`git checkout -- <lockfile>`) and re-run `role-registry lock`; it is written by the tool, never by hand.';
  const breakLockfile = (): void => {
    broken.edit('role-registry.lock.json', '"lockfileVersion": 1,', '"lockfileVersion": 1');
  };
  const lockStderr = `role-registry.lock.json:3:3  error  LOCKFILE_INVALID  ${LOCK_MESSAGE}\n`;

  it('json: ok false, null counts, the finding with its code, file, line and column', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check', '--format', 'json']), 2);
    expect(result.stderr).toBe(lockStderr);
    expect(JSON.parse(result.stdout)).toEqual({
      formatVersion: 1,
      ok: false,
      summary: { errors: 1, warnings: 0 },
      registryHash: null,
      roles: null,
      contracts: null,
      against: null,
      findings: [
        {
          code: 'LOCKFILE_INVALID',
          severity: 'error',
          message: LOCK_MESSAGE,
          hint: LOCK_HINT,
          file: 'role-registry.lock.json',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 12,
          subject: {},
        },
      ],
      waived: [],
    });
  });

  it('sarif: a result with the code as ruleId, level error, and a run that did not complete', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check', '--format', 'sarif']), 2);
    expect(result.stderr).toBe(lockStderr);
    const run = JSON.parse(result.stdout).runs[0];
    expect(run.invocations).toEqual([{ executionSuccessful: false }]);
    expect(run.results).toEqual([
      {
        ruleId: 'LOCKFILE_INVALID',
        ruleIndex: VIOLATION_CODES.indexOf('LOCKFILE_INVALID'),
        level: 'error',
        message: { text: `${LOCK_MESSAGE} ${LOCK_HINT}` },
        partialFingerprints: { 'roleRegistry/v1': expect.stringMatching(/^[0-9a-f]{64}$/) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'role-registry.lock.json', uriBaseId: 'SRCROOT' },
              region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 12 },
            },
          },
        ],
      },
    ]);
  });

  it('github: an error annotation on the file and line', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check', '--format', 'github']), 2);
    expect(result.stderr).toBe(lockStderr);
    expect(result.stdout).toBe(
      `::error file=role-registry.lock.json,line=3,col=3,endLine=3,endColumn=12,title=role-registry LOCKFILE_INVALID::${LOCK_MESSAGE} ${LOCK_HINT}\n`,
    );
  });

  it('markdown: the summary says the check could not run, the finding is in the table', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check', '--format', 'markdown', '--against', 'base'], { env: OUTSIDE_ACTIONS }), 2);
    expect(result.stderr).toBe(lockStderr);
    expect(result.stdout).toBe(
      [
        '## role-registry check',
        '',
        '✖ **Unusable input**: the check could not run against the lockfile and the lockfile at <code>base</code> (exit 2).',
        '',
        '| File | Code | Message |',
        '| --- | --- | --- |',
        `| <code>role-registry.lock.json:3</code> | [LOCKFILE_INVALID](${DOCS}#lockfile_invalid) | ${LOCK_MESSAGE}<br>→ ${markdownText(LOCK_HINT)} |`,
        '',
      ].join('\n'),
    );
  });

  it('markdown, clean against a base: the counts, the registry hash and the base', () => {
    const result = expectCli(broken.cli(['check', '--format', 'markdown', '--against', 'base'], { env: OUTSIDE_ACTIONS }), 0);
    const hash = expectCli(broken.cli(['hash']), 0).stdout.trim();
    expect(result.stdout).toBe(
      [
        '## role-registry check',
        '',
        `✔ **Clean**: the source agrees with the lockfile and the lockfile at <code>base</code>. 4 roles, 4 contracts. Registry hash <code>${hash}</code>.`,
        '',
      ].join('\n'),
    );
  });

  it('gitlab: the finding as a major issue on the lockfile line', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check', '--format', 'gitlab']), 2);
    expect(result.stderr).toBe(lockStderr);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        description: `LOCKFILE_INVALID: ${LOCK_MESSAGE} ${LOCK_HINT}`,
        check_name: 'LOCKFILE_INVALID',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        severity: 'major',
        location: { path: 'role-registry.lock.json', lines: { begin: 3 } },
      },
    ]);
  });

  it('text: the finding on stderr, nothing on stdout, as before', () => {
    breakLockfile();
    const result = expectCli(broken.cli(['check']), 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `role-registry.lock.json:3:3  error  LOCKFILE_INVALID  ${LOCK_MESSAGE}\n    → ${LOCK_HINT}\n\n✖ 1 problem (1 error, 0 warnings)\n`,
    );
  });

  it('an unknown --against ref, or the baseRef of the config: json names what was to be compared', () => {
    const unknown = expectCli(broken.cli(['check', '--against', 'no-such-ref', '--format', 'json']), 2);
    const message = '--against no-such-ref: no such commit, branch or tag in this repository.';
    expect(unknown.stderr).toBe(`role-registry.lock.json  error  BASELINE_UNAVAILABLE  ${message}\n`);
    expect(JSON.parse(unknown.stdout)).toMatchObject({
      ok: false,
      against: 'no-such-ref',
      findings: [{ code: 'BASELINE_UNAVAILABLE', severity: 'error', message, file: 'role-registry.lock.json', subject: {} }],
    });
    broken.write('role-registry.config.json', `${JSON.stringify({ include: ['src/roles/**/*.ts'], baseRef: 'origin/nowhere' })}\n`);
    const configured = expectCli(broken.cli(['check', '--format', 'github']), 2);
    expect(configured.stdout).toMatch(
      /^::error file=role-registry\.lock\.json,title=role-registry BASELINE_UNAVAILABLE::--against origin\/nowhere: .+\n$/,
    );
    expect(JSON.parse(expectCli(broken.cli(['check', '--format', 'json']), 2).stdout)).toMatchObject({
      ok: false,
      against: 'origin/nowhere',
    });
  });

  it('an invalid config, and no config at all: json on stdout, relative to --cwd', () => {
    broken.write('role-registry.config.json', CONFIG.replace('"include"', '"includes"'));
    const invalid = expectCli(broken.cli(['check', '--format', 'json']), 2);
    const report = JSON.parse(invalid.stdout) as {
      ok: boolean;
      roles: unknown;
      findings: { code: string; file: string; line: number; column: number; message: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.roles).toBeNull();
    expect(report.findings.map(({ code, file, line, column }) => ({ code, file, line, column }))).toEqual([
      { code: 'CONFIG_INVALID', file: 'role-registry.config.json', line: 2, column: 15 },
    ]);
    expect(invalid.stderr).toBe(`role-registry.config.json:2:15  error  CONFIG_INVALID  ${report.findings[0]!.message}\n`);

    const elsewhere = path.join(broken.dir, '..', `${path.basename(broken.dir)}-elsewhere`);
    mkdirSync(elsewhere);
    try {
      const missing = expectCli(
        broken.cli(['--cwd', path.basename(elsewhere), 'check', '--format', 'json'], { cwd: path.dirname(elsewhere) }),
        2,
      );
      expect(JSON.parse(missing.stdout)).toMatchObject({
        ok: false,
        findings: [{ code: 'CONFIG_INVALID', file: 'role-registry.config.json' }],
      });
      expect(missing.stderr).toMatch(
        /^role-registry\.config\.json  error  CONFIG_INVALID  No role-registry\.config\.json in .+ or any parent directory\.\n$/,
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
