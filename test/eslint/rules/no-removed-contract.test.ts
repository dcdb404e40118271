import { afterAll } from 'vitest';
import rule from '../../../rules/no-removed-contract.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const produceLine = "  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'string' } }],\n";
const withoutProduce = CATALOG.replace(produceLine, '');

ruleTester().run('no-removed-contract', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    // A contract may leave once a newer version of it is declared.
    {
      filename: project.file('src/roles/catalog.ts'),
      code: CATALOG.replace("'ROLE:producer:C:1', schema_json: { type: 'string' }", "'ROLE:producer:C:2', schema_json: { type: 'number' }"),
    },
  ],
  invalid: [
    {
      filename: project.file('src/roles/catalog.ts'),
      code: withoutProduce,
      errors: [{ messageId: 'CONTRACT_REMOVED', ...at(withoutProduce, "'producer'") }],
    },
  ],
});
