import { afterAll } from 'vitest';
import rule from '../../../rules/valid-declaration.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
afterAll(() => project.dispose());

const crewWith = (declaration: string): string => `${CREW}export const extra = defineRole(${declaration});\n`;
const badId = crewWith("{ role_id: 'Gaffer' }");
const lookalike = crewWith("{ role_id: 'g\u0430ffer' }");
const badAlias = crewWith("{ role_id: 'gaffer', aliases: ['Old Name'] }");
const wrongKind = crewWith("{ role_id: 'gaffer', extract_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: {} }] }");
const otherRole = crewWith("{ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:editor:C:1', schema_json: {} }] }");
const twice = crewWith(
  "{ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: {} }, { contract_id: 'ROLE:gaffer:C:1', schema_json: {} }] }",
);
const numericId = crewWith('{ role_id: 42 }');
const noSchema = crewWith("{ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1' }] }");
const called = `declare function makeId(): string;\n${crewWith('{ role_id: makeId() }')}`;
const letSchema = `${CREW}let shape = { type: 'object' };\nexport const extra = defineRole({ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: shape }] });\n`;
const replacedByAlias = crewWith("{ role_id: 'gaffer', deprecated: { replaced_by: 'exec_producer' } }");
const replacedByUnknown = crewWith("{ role_id: 'gaffer', deprecated: { replaced_by: 'nobody' } }");
const SHAPE = "const SHAPE = { type: 'object', required: ['a'] };\n";
const gafferWith = (schema: string): string =>
  crewWith(`{ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: ${schema} }] }`);
const pushed = `${SHAPE}${gafferWith('SHAPE')}SHAPE.required.push('b');\n`;
const assignedInFunction = `${SHAPE}${gafferWith('SHAPE')}export function widen() {\n  const shape = SHAPE;\n  Object.assign(shape, { additionalProperties: true });\n}\n`;
const mappedDefine = `${CREW}export const more = [{ role_id: 'gaffer' }].map(defineRole);\n`;
const doubling = `${CREW}const L0 = { type: 'string' };\n${Array.from({ length: 30 }, (_, index) => `const L${index + 1} = [L${index}, L${index}];`).join('\n')}\n${gafferWith('{ items: L30 }')}`;
const aliased = `${CREW}const dr = defineRole;\nexport const gaffer = (0, dr)({ role_id: 'gaffer', produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: { type: 'string' } }] });\n`;

ruleTester().run('valid-declaration', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    {
      filename: project.file('src/roles/crew.ts'),
      code: crewWith(
        "{ role_id: 'gaffer', produce_contracts: [{ contract_id: `ROLE:${'gaffer'}:C:${1}`, schema_json: { type: 'object' } as const }] }",
      ),
    },
    // Free metadata may be anything, even values that are not static.
    {
      filename: project.file('src/roles/crew.ts'),
      code: `declare function label(): string;\n${crewWith("{ role_id: 'gaffer', display_name: label() }")}`,
    },
    // An alias of defineRole called through (0, f) is read like a direct call.
    { filename: project.file('src/roles/crew.ts'), code: aliased },
  ],
  invalid: [
    { filename: project.file('src/roles/crew.ts'), code: badId, errors: [{ messageId: 'ROLE_ID_INVALID', ...at(badId, "'Gaffer'") }] },
    {
      filename: project.file('src/roles/crew.ts'),
      code: lookalike,
      errors: [{ messageId: 'ROLE_ID_INVALID', ...at(lookalike, "'g\u0430ffer'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: badAlias,
      errors: [{ messageId: 'ROLE_ID_INVALID', ...at(badAlias, "'Old Name'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: wrongKind,
      errors: [{ messageId: 'CONTRACT_ID_INVALID', ...at(wrongKind, "'ROLE:gaffer:C:1'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: otherRole,
      errors: [{ messageId: 'CONTRACT_ID_INVALID', ...at(otherRole, "'ROLE:editor:C:1'") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: twice,
      errors: [{ messageId: 'CONTRACT_DUPLICATE', ...at(twice, "'ROLE:gaffer:C:1'", 2) }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: numericId,
      errors: [{ messageId: 'DECLARATION_INVALID', ...at(numericId, '42') }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: noSchema,
      errors: [{ messageId: 'DECLARATION_INVALID', ...at(noSchema, "{ contract_id: 'ROLE:gaffer:C:1' }") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: called,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(called, 'makeId()', 2) }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: letSchema,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(letSchema, 'shape') }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: replacedByAlias,
      errors: [
        {
          messageId: 'REPLACED_BY_UNKNOWN',
          ...at(replacedByAlias, "'exec_producer'"),
          suggestions: [
            {
              messageId: 'applySuggestion',
              data: { message: 'Write `producer`, the role_id this alias names.' },
              output: replacedByAlias.replace("'exec_producer'", "'producer'"),
            },
          ],
        },
      ],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: replacedByUnknown,
      errors: [{ messageId: 'REPLACED_BY_UNKNOWN', ...at(replacedByUnknown, "'nobody'"), suggestions: [] }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: pushed,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(pushed, "SHAPE.required.push('b')") }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: assignedInFunction,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(assignedInFunction, 'Object.assign(shape, { additionalProperties: true })') }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: mappedDefine,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(mappedDefine, 'defineRole', 3) }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: doubling,
      errors: [{ messageId: 'NON_STATIC_VALUE', ...at(doubling, '[L18, L18]') }],
    },
  ],
});
