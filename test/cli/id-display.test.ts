import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CREW, EXEC, expectCli, Studio, textLine } from '../support/studio.js';

/**
 * An id the user wrote (in source, in the lockfile, on the command line) is shown escaped in every
 * message until it is known to be a valid id: an invisible character or half a surrogate pair must
 * be visible in the report, never printed raw (docs/decisions.md, "Ids in messages").
 * Sources write the characters as escapes, so the files themselves are plain ASCII.
 */
const studio = new Studio('rr-cli-ids-');
afterEach(() => studio.reset());
afterAll(() => studio.dispose());

const EXEC_FILE = 'src/roles/exec.ts';
const CREW_FILE = 'src/roles/crew.ts';

/** The text of `check` with exactly these findings (each a `textLine`, then its hint). */
function checkOutput(findings: readonly (readonly [string, string])[]): string {
  return [
    ...findings.flatMap(([line, hint]) => [line, `    → ${hint}`]),
    '',
    `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${findings.length} error${findings.length === 1 ? '' : 's'}, 0 warnings)`,
    '',
  ].join('\n');
}

describe('ids in finding messages are escaped until known valid (built CLI)', () => {
  it('REPLACED_BY_UNKNOWN: a replaced_by with a zero-width space or a lone surrogate', () => {
    const zeroWidth = studio.edit(EXEC_FILE, "replaced_by: 'producer'", "replaced_by: 'pro\\u200Bducer'");
    const result = expectCli(studio.cli(['check']), 1);
    expect(result.stdout).toBe(
      checkOutput([
        [
          textLine(
            EXEC_FILE,
            zeroWidth,
            "'pro\\u200Bducer'",
            'REPLACED_BY_UNKNOWN',
            'Role `legacy_director` is replaced by "pro\\u{200B}ducer", which is not a declared role.',
          ),
          'Name a declared role_id in replaced_by, or drop replaced_by.',
        ],
      ]),
    );
    const surrogate = studio.edit(EXEC_FILE, "'pro\\u200Bducer'", "'producer\\uD800'");
    expect(expectCli(studio.cli(['check']), 1).stdout).toBe(
      checkOutput([
        [
          textLine(
            EXEC_FILE,
            surrogate,
            "'producer\\uD800'",
            'REPLACED_BY_UNKNOWN',
            'Role `legacy_director` is replaced by "producer\\u{D800}", which is not a declared role.',
          ),
          'Name a declared role_id in replaced_by, or drop replaced_by.',
        ],
      ]),
    );
  });

  it('CONTRACT_ID_INVALID: a contract id naming another role with an invisible character', () => {
    const text = studio.edit(
      CREW_FILE,
      "rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' })",
      "rr.defineRole({ role_id: 'colorist', display_name: 'Colorist', extract_contracts: [{ contract_id: 'ROLE:color\\u2060ist:X:1', schema_json: {} }] })",
    );
    expect(expectCli(studio.cli(['check']), 1).stdout).toBe(
      checkOutput([
        [
          textLine(
            CREW_FILE,
            text,
            "'ROLE:color\\u2060ist:X:1'",
            'CONTRACT_ID_INVALID',
            'contract_id "ROLE:color\\u{2060}ist:X:1" is invalid: it names role "color\\u{2060}ist" but is declared by role `colorist`.',
          ),
          'Contract ids are ROLE:<role_id>:<X|C>:<version>; in `extract_contracts` of role `colorist` write ROLE:colorist:X:<version>.',
        ],
      ]),
    );
  });

  it('CONTRACT_ID_INVALID: a kind or a version with a bidi override or a lone surrogate', () => {
    const text = studio.edit(
      CREW_FILE,
      "rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' })",
      "rr.defineRole({ role_id: 'colorist', extract_contracts: [{ contract_id: 'ROLE:colorist:\\u202EX:1', schema_json: {} }], produce_contracts: [{ contract_id: 'ROLE:colorist:C:1\\uDC00', schema_json: {} }] })",
    );
    const hint = (field: string, kind: string): string =>
      `Contract ids are ROLE:<role_id>:<X|C>:<version>; in \`${field}\` of role \`colorist\` write ROLE:colorist:${kind}:<version>.`;
    expect(expectCli(studio.cli(['check']), 1).stdout).toBe(
      checkOutput([
        [
          textLine(
            CREW_FILE,
            text,
            "'ROLE:colorist:\\u202EX:1'",
            'CONTRACT_ID_INVALID',
            'contract_id "ROLE:colorist:\\u{202E}X:1" is invalid: its kind "\\u{202E}X" is neither X (extract) nor C (produce).',
          ),
          hint('extract_contracts', 'X'),
        ],
        [
          textLine(
            CREW_FILE,
            text,
            "'ROLE:colorist:C:1\\uDC00'",
            'CONTRACT_ID_INVALID',
            'contract_id "ROLE:colorist:C:1\\u{DC00}" is invalid: its version "1\\u{DC00}" is not a positive integer without leading zeros.',
          ),
          hint('produce_contracts', 'C'),
        ],
      ]),
    );
  });

  it('LOCKFILE_INVALID: a waiver naming an id the lockfile does not record', () => {
    const lock = JSON.parse(studio.read('role-registry.lock.json')) as Record<string, unknown>;
    lock['waivers'] = [{ code: 'ROLE_REMOVED', date: '2026-01-02', id: 'colorist\u200B', reason: 'gone' }];
    const text = `${JSON.stringify(lock, null, 2)}\n`;
    studio.write('role-registry.lock.json', text);
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"id": "colorist')) + 1;
    const result = expectCli(studio.cli(['check']), 2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      `role-registry.lock.json:${line}:13  error  LOCKFILE_INVALID  The lockfile is invalid at line ${line}, column 13: the ROLE_REMOVED waiver names "colorist\\u{200B}", which is not a locked role.`,
    );
  });

  it('waive: a code or an id typed with an invisible character', () => {
    const id = expectCli(studio.cli(['waive', 'ROLE_REMOVED', 'colorist\u200B', '--reason', 'gone']), 2);
    expect(id.stderr).toBe(
      'role-registry waive: `role-registry check` reports no ROLE_REMOVED for "colorist\\u{200B}": there is nothing to waive.\n' +
        '    → Waive a finding `role-registry check` reports now. The id is the role_id.\nThe lockfile was not changed.\n',
    );
    const code = expectCli(studio.cli(['waive', 'ROLE_REMOVED\u00AD', 'colorist', '--reason', 'gone']), 2);
    expect(code.stderr.split('\n')[0]).toBe('role-registry waive: "ROLE_REMOVED\\u{AD}" is not a violation code.');
  });

  it('deprecate and bump: an id typed with an invisible character names no declaration', () => {
    const role = expectCli(studio.cli(['deprecate', 'colorist\u200B']), 2);
    expect(role.stderr.split('\n')[0]).toBe('role-registry deprecate: no role "colorist\\u{200B}" is declared in this registry.');
    const contract = expectCli(studio.cli(['bump', 'ROLE:edit\u200Bor:X:1']), 2);
    expect(contract.stderr.split('\n')[0]).toBe('role-registry bump: no contract "ROLE:edit\\u{200B}or:X:1" is declared in this registry.');
    const malformed = expectCli(studio.cli(['bump', 'ROLE:editor:X:1\u200B']), 2);
    expect(malformed.stderr.split('\n')[0]).toBe(
      'role-registry bump: "ROLE:editor:X:1\\u{200B}" is not a contract id: its version "1\\u{200B}" is not a positive integer without leading zeros.',
    );
    expect(studio.read(CREW_FILE)).toBe(CREW);
    expect(studio.read(EXEC_FILE)).toBe(EXEC);
  });

  it('import: a pack whose ids hold invisible characters or lone surrogates', () => {
    const pack = (role: Record<string, unknown>): string =>
      `${JSON.stringify({ pack_id: 'p', roles: [{ role_id: 'grip', department_id: 'camera', ...role }] }, null, 2)}\n`;
    const cases: [string, string, string][] = [
      [
        'role-id.json',
        pack({ role_id: 'gr\u200Bip' }),
        'roles[0].role_id: role_id "gr\\u{200B}ip" is not a valid id: it contains U+200B, an invisible (zero-width, formatting, control or space) character.',
      ],
      [
        'alias.json',
        pack({ aliases: ['key\uD800'] }),
        'roles[0].aliases[0]: alias "key\\u{D800}" is not a valid id: it contains a lone surrogate (half of a UTF-16 pair, not a Unicode character).',
      ],
      [
        'contract.json',
        pack({ extract_contracts: [{ contract_id: 'ROLE:gr\u200Dip:X:1', schema_json: {} }] }),
        'roles[0].extract_contracts[0].contract_id: contract_id "ROLE:gr\\u{200D}ip:X:1" names role "gr\\u{200D}ip", but it belongs to "grip".',
      ],
      [
        'kind.json',
        pack({ extract_contracts: [{ contract_id: 'ROLE:grip:\u200EX:1', schema_json: {} }] }),
        'roles[0].extract_contracts[0].contract_id: contract_id "ROLE:grip:\\u{200E}X:1" is invalid: its kind "\\u{200E}X" is neither X (extract) nor C (produce).',
      ],
    ];
    for (const [file, text] of cases) studio.write(file, text);
    for (const [file, text, message] of cases) {
      const result = expectCli(studio.cli(['import', file, '--out', 'src/imported']), 2);
      const needle = message.startsWith('roles[0].role_id') ? '"gr' : message.includes('aliases') ? '"key' : '"ROLE:';
      const at = text.split('\n').findIndex((candidate) => candidate.includes(needle));
      const column = text.split('\n')[at]!.indexOf(needle) + 1;
      expect(result.stderr.split('\n')[0]).toBe(`role-registry import: ${file}:${at + 1}:${column}: ${message}`);
    }
  });
});
