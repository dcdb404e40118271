import { afterAll } from 'vitest';
import rule from '../../../rules/no-removed-alias.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const withoutAlias = CATALOG.replace("  aliases: ['exec_producer'],\n", '');
const otherAlias = CATALOG.replace("aliases: ['exec_producer']", "aliases: ['executive']");

ruleTester().run('no-removed-alias', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    // Adding an alias keeps the locked one.
    {
      filename: project.file('src/roles/catalog.ts'),
      code: CATALOG.replace("aliases: ['exec_producer']", "aliases: ['exec_producer', 'executive']"),
    },
  ],
  invalid: [
    {
      filename: project.file('src/roles/catalog.ts'),
      code: withoutAlias,
      errors: [{ messageId: 'ALIAS_REMOVED', ...at(withoutAlias, "'producer'") }],
    },
    {
      filename: project.file('src/roles/catalog.ts'),
      code: otherAlias,
      errors: [{ messageId: 'ALIAS_REMOVED', ...at(otherAlias, "'producer'") }],
    },
  ],
});
