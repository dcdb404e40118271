import { afterEach, describe, expect, it } from 'vitest';
import { migrationProject } from './support.js';
import type { TempProject } from '../support/temp-project.js';

const SCHEMAS = `export const BRIEF = { type: 'object', required: ['brief'] } as const;
`;

const ROLES = `import { defineRole } from 'role-registry';
import { BRIEF } from './schemas';

export const producer = defineRole({
  role_id: 'producer',
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF }],
  produce_contracts: [
    {
      contract_id: 'ROLE:producer:C:1',
      // what the producer hands over
      schema_json: { type: 'object', required: ['body'] } as const,
    },
  ],
});
`;

let fixture: TempProject | undefined;
afterEach(() => fixture?.dispose());

function project(roles = ROLES): TempProject {
  fixture = migrationProject({ 'src/roles/executive.ts': roles, 'src/roles/schemas.ts': SCHEMAS });
  expect(fixture.cli(['init']).code).toBe(0);
  return fixture;
}

describe('role-registry bump', () => {
  it('adds the next version next to the old one as a verbatim copy of a literal schema; check then reports only LOCK_OUTDATED', () => {
    const p = project();
    const result = p.cli(['bump', 'ROLE:producer:C:1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(p.read('src/roles/executive.ts')).toBe(`import { defineRole } from 'role-registry';
import { BRIEF } from './schemas';

export const producer = defineRole({
  role_id: 'producer',
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF }],
  produce_contracts: [
    {
      contract_id: 'ROLE:producer:C:1',
      // what the producer hands over
      schema_json: { type: 'object', required: ['body'] } as const,
    },
    {
      contract_id: 'ROLE:producer:C:2',
      // what the producer hands over
      schema_json: { type: 'object', required: ['body'] } as const,
    },
  ],
});
`);
    expect(result.stdout).toContain('`role-registry lock` will then record:\n  + contract ROLE:producer:C:2\n');
    const check = p.cli(['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(
      'src/roles/executive.ts:14:20  error  LOCK_OUTDATED  Contract `ROLE:producer:C:2` is not in the lockfile yet.\n    → Run `role-registry lock` and commit the lockfile.\n\n✖ 1 problem (1 error, 0 warnings)\n',
    );
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('gives the new version an inline copy of a schema written as an imported constant, so editing it never touches the old one', () => {
    const p = project();
    const result = p.cli(['bump', 'ROLE:producer:X:1']);
    expect(result.code).toBe(0);
    expect(p.read('src/roles/executive.ts').split('\n')[5]).toBe(
      "  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF }, { contract_id: 'ROLE:producer:X:2', schema_json: { type: 'object', required: ['brief'] } }],",
    );
    expect(result.stdout).toContain(
      'Note: the schema of `ROLE:producer:X:1` is written as `BRIEF`; `ROLE:producer:X:2` gets an inline copy of its value, so editing it never touches the published version.\n',
    );
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('--replace renames the old declaration; lock records the old version as retired', () => {
    const p = project();
    const result = p.cli(['bump', 'ROLE:producer:C:1', '--replace']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '`role-registry lock` will then record:\n  + contract ROLE:producer:C:2\n  ~ contract ROLE:producer:C:1 retired (superseded; its id stays reserved)\n',
    );
    expect(p.read('src/roles/executive.ts')).toBe(ROLES.replace("contract_id: 'ROLE:producer:C:1'", "contract_id: 'ROLE:producer:C:2'"));
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
    expect(JSON.parse(p.read('role-registry.lock.json')).roles.producer.retiredContracts).toHaveProperty(['ROLE:producer:C:1']);
  });

  it('--dry-run writes nothing', () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['bump', 'ROLE:producer:C:1', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+      contract_id: 'ROLE:producer:C:2',\n");
    expect(p.bytes()).toEqual(before);
  });

  it('refuses an unknown contract, an unlocked contract and a contract declared through a constant, changing nothing', () => {
    const p = project(`import { defineRole } from 'role-registry';
import { BRIEF } from './schemas';

const BRIEF_CONTRACT = { contract_id: 'ROLE:writer:X:1', schema_json: BRIEF } as const;

export const writer = defineRole({
  role_id: 'writer',
  extract_contracts: [BRIEF_CONTRACT],
});
`);
    p.write(
      'src/roles/executive.ts',
      `${p.read('src/roles/executive.ts')}\nexport const intern = defineRole({ role_id: 'intern', produce_contracts: [{ contract_id: 'ROLE:intern:C:1', schema_json: {} }] });\n`,
    );
    const before = p.bytes();
    const unknown = p.cli(['bump', 'ROLE:writer:C:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'role-registry bump: no contract "ROLE:writer:C:1" is declared in this registry.\n    → Check the contract id: ROLE:<role_id>:<X|C>:<version>.\nNothing was changed.\n',
    );
    const unlocked = p.cli(['bump', 'ROLE:intern:C:1']);
    expect(unlocked.code).toBe(2);
    expect(unlocked.stderr).toContain(
      'role-registry bump: src/roles/executive.ts:11:90: `ROLE:intern:C:1` is not locked yet, so its schema may still change in place.',
    );
    const constant = p.cli(['bump', 'ROLE:writer:X:1']);
    expect(constant.code).toBe(2);
    expect(constant.stderr).toBe(
      "role-registry bump: src/roles/executive.ts:8:23: cannot rewrite safely: `ROLE:writer:X:1` is not an object literal written in `extract_contracts` (it comes from a constant or a spread).\n    → Edit it by hand: declare { contract_id: 'ROLE:writer:X:2', schema_json: <a copy of the schema> } next to 'ROLE:writer:X:1' in extract_contracts.\nNothing was changed.\n",
    );
    expect(p.bytes()).toEqual(before);
  });
});
