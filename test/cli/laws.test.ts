import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { positionOf } from '../support/text.js';
import { CREW, EXEC, expectCli, SCHEMAS, Studio, textLine } from '../support/studio.js';

/**
 * Each law, broken in a real git repository from a committed registry and its lockfile: the built
 * CLI's `check` exits 1 and names the code, the role or contract, the file and line, and the next step.
 */
const studio = new Studio('rr-cli-laws-');
afterAll(() => studio.dispose());
beforeEach(() => studio.reset());

const EXEC_FILE = 'src/roles/exec.ts';
const CREW_FILE = 'src/roles/crew.ts';

interface LawCase {
  readonly law: string;
  /** Breaks the law; returns the exact finding lines (without hints) check must print. */
  readonly breakIt: () => string[];
  /** Phrases the output must contain: the next step. */
  readonly hints: readonly string[];
}

const cases: LawCase[] = [
  {
    law: 'a locked role removed (ROLE_REMOVED)',
    breakIt: () => {
      studio.edit(CREW_FILE, "export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n", '');
      return [
        `${CREW_FILE}  error  ROLE_REMOVED  Role \`colorist\` is in the lockfile but no longer declared (it was declared in ${CREW_FILE}).`,
      ];
    },
    hints: ['deprecate it instead of deleting it'],
  },
  {
    law: 'a duplicate role id (ROLE_ID_DUPLICATE)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        'export const colorist',
        "export const editor2 = rr.defineRole({ role_id: 'editor' });\nexport const colorist",
      );
      return [
        textLine(CREW_FILE, text, "'editor' })", 'ROLE_ID_DUPLICATE', `role_id \`editor\` is already declared at ${CREW_FILE}:4:12.`),
      ];
    },
    hints: ['give this role its own id'],
  },
  {
    law: 'a role id that is a locked alias (ID_REUSED)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        'export const colorist',
        "export const cutter = rr.defineRole({ role_id: 'cutter' });\nexport const colorist",
      );
      return [textLine(CREW_FILE, text, "'cutter' })", 'ID_REUSED', 'role_id `cutter` is locked as an alias of role `editor`.')];
    },
    hints: ['choose another id for this role'],
  },
  {
    law: 'a locked alias re-pointed to another role (ID_REUSED)',
    breakIt: () => {
      const text = studio.edit(CREW_FILE, "role_id: 'colorist',", "role_id: 'colorist', aliases: ['exec_producer'],");
      return [
        textLine(
          CREW_FILE,
          text,
          "'exec_producer'",
          'ID_REUSED',
          'Alias `exec_producer` is locked to role `producer` and cannot be re-pointed to `colorist`.',
        ),
      ];
    },
    hints: ['remove this alias from `colorist`'],
  },
  {
    law: 'an alias that collides with a role id (ID_ALIAS_COLLISION)',
    breakIt: () => {
      const text = studio.edit(CREW_FILE, "role_id: 'colorist',", "role_id: 'colorist', aliases: ['editor'],");
      return [
        textLine(
          CREW_FILE,
          text,
          "['editor']",
          'ID_ALIAS_COLLISION',
          `Alias \`editor\` of role \`colorist\` is the role_id of another role, declared at ${CREW_FILE}:4:12.`,
        ).replace(/:(\d+)  error/, (_, column) => `:${Number(column) + 1}  error`),
      ];
    },
    hints: ['Remove it or rename it'],
  },
  {
    law: 'a locked alias dropped (ALIAS_REMOVED)',
    breakIt: () => {
      const text = studio.edit(CREW_FILE, "  aliases: ['cutter'],\n", '');
      return [textLine(CREW_FILE, text, "'editor'", 'ALIAS_REMOVED', 'Alias `cutter` of role `editor` is locked but no longer declared.')];
    },
    hints: ["add 'cutter' back to aliases"],
  },
  {
    law: 'a deprecation taken back (DEPRECATION_REVERTED)',
    breakIt: () => {
      const text = studio.edit(EXEC_FILE, "  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", '');
      return [
        textLine(
          EXEC_FILE,
          text,
          "'legacy_director'",
          'DEPRECATION_REVERTED',
          'Role `legacy_director` is locked as deprecated but is no longer marked deprecated.',
        ),
      ];
    },
    hints: ['Deprecation is final'],
  },
  {
    law: 'a locked surface changed through a shared schema (CONTRACT_DRIFT)',
    breakIt: () => {
      studio.edit('src/schemas.ts', "required: ['brief']", "required: ['brief', 'budget']");
      const schema = positionOf(studio.read('src/schemas.ts'), "{ type: 'object', required");
      const contract = positionOf(EXEC, "'ROLE:producer:X:2'");
      return [
        expect.stringMatching(
          new RegExp(
            `^src/schemas.ts:${schema.line}:${schema.column}  error  CONTRACT_DRIFT  The surface of \`ROLE:producer:X:2\` changed since it was locked \\(locked [0-9a-f]{12}…, now [0-9a-f]{12}…\\); the contract is declared at ${EXEC_FILE}:${contract.line}:${contract.column}\\.$`,
          ),
        ) as unknown as string,
      ];
    },
    hints: ['bump to `ROLE:producer:X:3` for the new surface'],
  },
  {
    law: 'a superseded contract re-declared with another surface (CONTRACT_REUSED)',
    breakIt: () => {
      const text = studio.edit(
        EXEC_FILE,
        "[{ contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }]",
        "[{ contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }, { contract_id: 'ROLE:producer:X:1', schema_json: { type: 'array' } }]",
      );
      return [
        expect.stringMatching(
          new RegExp(
            `^${textLine(EXEC_FILE, text, "'ROLE:producer:X:1'", 'CONTRACT_REUSED', '').trimEnd()}  \`ROLE:producer:X:1\` was superseded and is locked with another surface \\([0-9a-f]{12}…\\); it is declared again with a different one\\.$`,
          ),
        ) as unknown as string,
      ];
    },
    hints: ['bump to `ROLE:producer:X:3` for this surface'],
  },
  {
    law: 'a contract removed without successor (CONTRACT_REMOVED)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        "  extract_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: { type: 'array', items: { type: 'string' } } }],\n",
        '',
      );
      return [
        textLine(
          CREW_FILE,
          text,
          "'editor'",
          'CONTRACT_REMOVED',
          'Contract `ROLE:editor:X:1` of role `editor` is locked but no longer declared, and no newer version replaces it.',
        ),
      ];
    },
    hints: ['a contract may leave the source only once a newer version (e.g. `ROLE:editor:X:2`) is declared'],
  },
  {
    law: 'invalid contract ids: format, wrong role, wrong kind (CONTRACT_ID_INVALID)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        "display_name: 'Colorist' }",
        "display_name: 'Colorist', extract_contracts: [{ contract_id: 'ROLE:colorist:X:01', schema_json: {} }, { contract_id: 'ROLE:editor:X:5', schema_json: {} }], produce_contracts: [{ contract_id: 'ROLE:colorist:X:1', schema_json: {} }] }",
      );
      return [
        textLine(
          CREW_FILE,
          text,
          "'ROLE:colorist:X:01'",
          'CONTRACT_ID_INVALID',
          'contract_id "ROLE:colorist:X:01" is invalid: its version "01" is not a positive integer without leading zeros.',
        ),
        textLine(
          CREW_FILE,
          text,
          "'ROLE:editor:X:5'",
          'CONTRACT_ID_INVALID',
          'contract_id "ROLE:editor:X:5" is invalid: it names role "editor" but is declared by role `colorist`.',
        ),
        textLine(
          CREW_FILE,
          text,
          "'ROLE:colorist:X:1'",
          'CONTRACT_ID_INVALID',
          'contract_id "ROLE:colorist:X:1" is invalid: it is of kind X but is listed in `produce_contracts`, which holds kind C.',
        ),
      ];
    },
    hints: ['write ROLE:colorist:C:1, or move it to `extract_contracts`', 'write ROLE:colorist:X:<version>'],
  },
  {
    law: 'invalid role ids: `__proto__` and a Cyrillic look-alike (ROLE_ID_INVALID)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        'export const colorist',
        "export const proto = rr.defineRole({ role_id: '__proto__' });\nexport const camera = rr.defineRole({ role_id: 'c\u0430mera' });\nexport const colorist",
      );
      return [
        textLine(
          CREW_FILE,
          text,
          "'__proto__'",
          'ROLE_ID_INVALID',
          'role_id "__proto__" is not a valid id: `__proto__` is a built-in property name of JavaScript objects.',
        ),
        textLine(
          CREW_FILE,
          text,
          "'c\u0430mera'",
          'ROLE_ID_INVALID',
          'role_id "c\\u{430}mera" is not a valid id: it mixes Latin and Cyrillic letters (\'\u0430\' U+0430 is Cyrillic), so it looks like an id it is not.',
        ),
      ];
    },
    hints: ['Use lowercase ASCII letters'],
  },
  {
    law: 'a value that cannot be resolved statically (NON_STATIC_VALUE)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        "schema_json: { type: 'array', items: { type: 'string' } }",
        "schema_json: { type: 'array', items: makeItems() }",
      );
      return [
        textLine(
          CREW_FILE,
          text,
          'makeItems()',
          'NON_STATIC_VALUE',
          'The schema of `ROLE:editor:X:1` cannot be resolved statically: a function call.',
        ),
      ];
    },
    hints: ['Write it as a literal'],
  },
  {
    law: 'additions not yet locked (LOCK_OUTDATED)',
    breakIt: () => {
      const text = studio.edit(
        CREW_FILE,
        'export const colorist',
        "export const grip = rr.defineRole({ role_id: 'grip' });\nexport const colorist",
      );
      return [textLine(CREW_FILE, text, "'grip'", 'LOCK_OUTDATED', 'Role `grip` is not in the lockfile yet.')];
    },
    hints: ['Run `role-registry lock` and commit the lockfile.'],
  },
  {
    law: 'replaced_by naming an alias (REPLACED_BY_UNKNOWN)',
    breakIt: () => {
      const text = studio.edit(EXEC_FILE, "replaced_by: 'producer'", "replaced_by: 'exec_producer'");
      return [
        textLine(
          EXEC_FILE,
          text,
          "'exec_producer' }",
          'REPLACED_BY_UNKNOWN',
          'Role `legacy_director` is replaced by `exec_producer`, which is an alias of `producer`.',
        ),
      ];
    },
    hints: ["Write replaced_by: 'producer'"],
  },
  {
    law: 'a contract declared twice (CONTRACT_DUPLICATE)',
    breakIt: () => {
      const text = studio.edit(
        EXEC_FILE,
        "{ contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }",
        "{ contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }, { contract_id: 'ROLE:producer:X:2', schema_json: BRIEF }",
      );
      const first = positionOf(text, "'ROLE:producer:X:2'");
      return [
        textLine(
          EXEC_FILE,
          text,
          "'ROLE:producer:X:2'",
          'CONTRACT_DUPLICATE',
          `Contract \`ROLE:producer:X:2\` is already declared at ${EXEC_FILE}:${first.line}:${first.column}.`,
          2,
        ),
      ];
    },
    hints: ['Declare each contract version once'],
  },
];

describe('check, law by law', () => {
  it('passes on the committed registry (exit 0) and names its hash', () => {
    const result = expectCli(studio.cli(['check']), 0);
    expect(result.stdout).toMatch(/^✔ 4 roles, 4 contracts: the source agrees with the lockfile\. Registry hash [0-9a-f]{64}\.\n$/);
    expect(result.stderr).toBe('');
  });

  it.each(cases)('fails on $law: exit 1, the code, the subject, file:line and the next step', (c) => {
    const expected = c.breakIt();
    const result = expectCli(studio.cli(['check']), 1);
    const findingLines = result.stdout.split('\n').filter((line) => /  error  [A-Z_]+  /.test(line));
    expect(findingLines).toEqual(expected);
    for (const hint of c.hints) expect(result.stdout).toContain(hint);
    expect(result.stdout).toMatch(new RegExp(`✖ ${expected.length} problems? \\(${expected.length} errors?, 0 warnings\\)\\n$`));
    expect(result.stderr).toBe('');
  });

  it('reports every violation in one run, each with its code', () => {
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("  aliases: ['cutter'],\n", '').replace("role_id: 'colorist',", "role_id: 'colorist', aliases: ['exec_producer'],"),
    );
    studio.write('src/schemas.ts', SCHEMAS.replace("required: ['brief']", 'required: []'));
    studio.write(
      'src/roles/exec.ts',
      EXEC.replace("  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", '').replace(
        "role_id: 'producer',",
        "role_id: 'producer', display_name: String(1),",
      ) +
        "export const grip = defineRole({ role_id: 'grip', produce_contracts: [{ contract_id: 'ROLE:grip:C:1', schema_json: [Math.PI] }] });\n",
    );
    const result = expectCli(studio.cli(['check', '--format', 'json']), 1);
    const report = JSON.parse(result.stdout) as { findings: { code: string; subject: Record<string, string> }[] };
    expect(report.findings.map((f) => `${f.code} ${JSON.stringify(f.subject)}`)).toEqual([
      'ALIAS_REMOVED {"roleId":"editor","alias":"cutter"}',
      'ID_REUSED {"roleId":"colorist","alias":"exec_producer"}',
      'DEPRECATION_REVERTED {"roleId":"legacy_director"}',
      'LOCK_OUTDATED {"roleId":"grip"}',
      'NON_STATIC_VALUE {"roleId":"grip","contractId":"ROLE:grip:C:1"}',
      'CONTRACT_DRIFT {"roleId":"producer","contractId":"ROLE:producer:X:2"}',
    ]);
  });
});
