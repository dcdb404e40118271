import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIOLATION_CODES } from '../../src/findings.js';
import { positionOf } from '../engine/support/text.js';
import { CREW, expectCli, Studio } from './support/studio.js';

/**
 * The four report formats of `check`, from one broken registry: a finding with a line (an alias
 * dropped) and one without (a role removed, located by the lockfile's `declaredIn` hint).
 */
const studio = new Studio('rr-cli-formats-');
afterAll(() => studio.dispose());

const broken = CREW.replace("  aliases: ['cutter'],\n", '').replace("export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n", '');
const editorAt = positionOf(broken, "'editor'");
const ALIAS_MESSAGE = 'Alias `cutter` of role `editor` is locked but no longer declared.';
const ALIAS_HINT = "Aliases are append-only (stored references use them): add 'cutter' back to aliases.";
const REMOVED_MESSAGE = 'Role `colorist` is in the lockfile but no longer declared (it was declared in src/roles/crew.ts).';

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
        { code: 'ROLE_REMOVED', severity: 'error', message: REMOVED_MESSAGE, hint: expect.stringContaining('deprecate it instead of deleting it'), file: 'src/roles/crew.ts', subject: { roleId: 'colorist' } },
        { code: 'ALIAS_REMOVED', severity: 'error', message: ALIAS_MESSAGE, hint: ALIAS_HINT, file: 'src/roles/crew.ts', line: editorAt.line, column: editorAt.column, endLine: editorAt.line, endColumn: editorAt.column + "'editor'".length, subject: { roleId: 'editor', alias: 'cutter' } },
      ],
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
              region: { startLine: editorAt.line, startColumn: editorAt.column, endLine: editorAt.line, endColumn: editorAt.column + "'editor'".length },
            },
          },
        ],
      },
    ]);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('github: one workflow command per finding, with file, line and column', () => {
    const result = expectCli(studio.cli(['check', '--format', 'github']), 1);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(/^::error file=src\/roles\/crew\.ts,title=role-registry ROLE_REMOVED::Role `colorist` is in the lockfile but no longer declared \(it was declared in src\/roles\/crew\.ts\)\. Role ids are never removed/),
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

  it('rejects an unknown format as a usage error (exit 2)', () => {
    const result = expectCli(studio.cli(['check', '--format', 'xml']), 2);
    expect(result.stderr).toContain("option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif, github.");
  });
});
