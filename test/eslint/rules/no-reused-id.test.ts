import { afterAll } from 'vitest';
import rule from '../../../rules/no-reused-id.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const catalogWithSecondEditor = `${CATALOG}\nexport const editorAgain = defineRole({ role_id: 'editor' });\n`;
const crewAliasingProducer = CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['producer'] }");
const crewAliasingItself = CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['editor'] }");
const crewTakingLockedAlias = `${CREW}export const exec = defineRole({ role_id: 'exec_producer' });\n`;
const crewRepointingAlias = CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['exec_producer'] }");

ruleTester().run('no-reused-id', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    { filename: project.file('src/roles/crew.ts'), code: CREW },
    // A new alias that no role uses.
    { filename: project.file('src/roles/crew.ts'), code: CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['cutter'] }") },
  ],
  invalid: [
    {
      // editor is declared (and locked) in crew.ts: the second declaration, here, is the duplicate.
      filename: project.file('src/roles/catalog.ts'),
      code: catalogWithSecondEditor,
      errors: [{ messageId: 'ROLE_ID_DUPLICATE', ...at(catalogWithSecondEditor, "'editor'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: crewAliasingProducer,
      errors: [{ messageId: 'ID_ALIAS_COLLISION', ...at(crewAliasingProducer, "'producer'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: crewAliasingItself,
      errors: [{ messageId: 'ID_ALIAS_COLLISION', ...at(crewAliasingItself, "'editor'", 2) }],
    },
    {
      // exec_producer is locked as an alias of producer: it can never name another role.
      filename: project.file('src/roles/crew.ts'),
      code: crewTakingLockedAlias,
      errors: [{ messageId: 'ID_REUSED', ...at(crewTakingLockedAlias, "'exec_producer'") }],
    },
    {
      // exec_producer is declared by producer too, but it is locked to producer: one verdict, on the newcomer.
      filename: project.file('src/roles/crew.ts'),
      code: crewRepointingAlias,
      errors: [{ messageId: 'ID_REUSED', ...at(crewRepointingAlias, "'exec_producer'") }],
    },
  ],
});
