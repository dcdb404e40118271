import { afterAll, expect, it } from 'vitest';
import rule from '../../../rules/lockfile-up-to-date.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const withGaffer = `${CREW}export const gaffer = defineRole({ role_id: 'gaffer' });\n`;
const withAlias = CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['cutter'] }");
const withContract = CREW.replace(
  "role_id: 'editor' }",
  "role_id: 'editor', produce_contracts: [{ contract_id: 'ROLE:editor:C:1', schema_json: {} }] }",
);
const deprecated = CREW.replace("role_id: 'editor' }", "role_id: 'editor', deprecated: true }");

it('names the command to run', () => {
  expect(rule.meta.messages.LOCK_OUTDATED).toBe('{{message}} {{hint}}');
  expect(rule.meta.type).toBe('problem');
});

ruleTester().run('lockfile-up-to-date', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    { filename: project.file('src/roles/crew.ts'), code: CREW },
  ],
  invalid: [
    {
      filename: project.file('src/roles/crew.ts'),
      code: withGaffer,
      errors: [
        {
          messageId: 'LOCK_OUTDATED',
          data: { message: 'Role `gaffer` is not in the lockfile yet.', hint: 'Run `role-registry lock` and commit the lockfile.' },
          ...at(withGaffer, "'gaffer'"),
        },
      ],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: withAlias,
      errors: [{ messageId: 'LOCK_OUTDATED', ...at(withAlias, "'cutter'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: withContract,
      errors: [{ messageId: 'LOCK_OUTDATED', ...at(withContract, "'ROLE:editor:C:1'") }],
    },
    { filename: project.file('src/roles/crew.ts'), code: deprecated, errors: [{ messageId: 'LOCK_OUTDATED', ...at(deprecated, 'true') }] },
  ],
});
