import { afterAll } from 'vitest';
import rule from '../../../rules/no-reverted-deprecation.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const undeprecated = CATALOG.replace("  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", '');
const deprecatedFalse = CATALOG.replace("deprecated: { reason: 'merged into producer', replaced_by: 'producer' }", 'deprecated: false');

ruleTester().run('no-reverted-deprecation', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    // The reason and the replacement are documentation: changing them keeps the deprecation.
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG.replace("reason: 'merged into producer', ", '') },
    {
      filename: project.file('src/roles/catalog.ts'),
      code: CATALOG.replace("{ reason: 'merged into producer', replaced_by: 'producer' }", 'true'),
    },
  ],
  invalid: [
    {
      filename: project.file('src/roles/catalog.ts'),
      code: undeprecated,
      errors: [{ messageId: 'DEPRECATION_REVERTED', ...at(undeprecated, "'director'") }],
    },
    {
      filename: project.file('src/roles/catalog.ts'),
      code: deprecatedFalse,
      errors: [{ messageId: 'DEPRECATION_REVERTED', ...at(deprecatedFalse, "'director'") }],
    },
  ],
});
