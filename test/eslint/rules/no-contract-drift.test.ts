import { afterAll } from 'vitest';
import rule from '../../../rules/no-contract-drift.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
// ROLE:producer:X:1 superseded by X:2 and recorded as retired: its id stays reserved with its old surface.
const retired = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
const BUMPED = CATALOG.replace(
  "'ROLE:producer:X:1', schema_json: { type: 'object' }",
  "'ROLE:producer:X:2', schema_json: { type: 'array' }",
);
retired.write('src/roles/catalog.ts', BUMPED).lock();
afterAll(() => {
  project.dispose();
  retired.dispose();
});

const drifted = CATALOG.replace("schema_json: { type: 'object' }", "schema_json: { type: 'object', required: ['brief'] }");
const driftedDoubleQuotes = CATALOG.replace(
  "{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }",
  '{ contract_id: "ROLE:producer:X:1", schema_json: { type: "array" } }',
);
const driftedTemplateId = CATALOG.replace(
  "{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }",
  "{ contract_id: `ROLE:${'producer'}:X:1`, schema_json: { type: 'array' } }",
);
const reused = BUMPED.replace(
  'extract_contracts: [',
  "extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'null' } }, ",
);

ruleTester().run('no-contract-drift', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    // Canonical form: key order, quotes and `as const` do not change a surface.
    {
      filename: project.file('src/roles/catalog.ts'),
      code: CATALOG.replace("schema_json: { type: 'object' }", 'schema_json: { "type": "object" } as const'),
    },
    // A new version next to the old one is how a surface changes.
    {
      filename: project.file('src/roles/catalog.ts'),
      code: CATALOG.replace(
        'extract_contracts: [',
        "extract_contracts: [{ contract_id: 'ROLE:producer:X:2', schema_json: { type: 'array' } }, ",
      ),
    },
    // A retired contract may come back with its locked surface.
    {
      filename: retired.file('src/roles/catalog.ts'),
      code: BUMPED.replace(
        'extract_contracts: [',
        "extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }, ",
      ),
    },
  ],
  invalid: [
    {
      filename: project.file('src/roles/catalog.ts'),
      code: drifted,
      errors: [
        {
          messageId: 'CONTRACT_DRIFT',
          ...at(drifted, "{ type: 'object', required: ['brief'] }"),
          suggestions: [
            {
              messageId: 'applySuggestion',
              data: { message: 'Rename this contract to `ROLE:producer:X:2`, the next free version.' },
              output: drifted.replace("'ROLE:producer:X:1'", "'ROLE:producer:X:2'"),
            },
          ],
        },
      ],
    },
    {
      filename: project.file('src/roles/catalog.ts'),
      code: driftedDoubleQuotes,
      errors: [
        {
          messageId: 'CONTRACT_DRIFT',
          ...at(driftedDoubleQuotes, '{ type: "array" }'),
          suggestions: [
            { messageId: 'applySuggestion', output: driftedDoubleQuotes.replace('"ROLE:producer:X:1"', '"ROLE:producer:X:2"') },
          ],
        },
      ],
    },
    {
      // The id is a template: the suggestion cannot rewrite it safely, the message says what to write.
      filename: project.file('src/roles/catalog.ts'),
      code: driftedTemplateId,
      errors: [{ messageId: 'CONTRACT_DRIFT', ...at(driftedTemplateId, "{ type: 'array' }"), suggestions: [] }],
    },
    {
      // X:1 was retired with surface { type: 'object' }; declaring it with another one reuses the id. X:2 is taken.
      filename: retired.file('src/roles/catalog.ts'),
      code: reused,
      errors: [
        {
          messageId: 'CONTRACT_REUSED',
          ...at(reused, "'ROLE:producer:X:1'"),
          suggestions: [
            {
              messageId: 'applySuggestion',
              data: { message: 'Rename this contract to `ROLE:producer:X:3`, the next free version.' },
              output: reused.replace("'ROLE:producer:X:1'", "'ROLE:producer:X:3'"),
            },
          ],
        },
      ],
    },
  ],
});
