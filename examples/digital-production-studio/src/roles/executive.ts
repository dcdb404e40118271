/**
 * Executive: decides what gets made, with how much money, and keeps the production on budget.
 */
import { defineRole } from 'role-registry';
import { DATE, JSON_SCHEMA_DIALECT, MONEY, NAME, NOTE, PRODUCTION_FORMATS, PROJECT_BRIEF_V1, PROJECT_CODE, SCHEMA_URN } from './schemas.js';

const DEPARTMENT = 'executive';

/** A project as it is pitched, before anyone has said yes. */
const PITCH_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:pitch:1`,
  title: 'Pitch',
  type: 'object',
  properties: {
    working_title: NAME,
    logline: { type: 'string', minLength: 10, maxLength: 300 },
    format: { enum: [...PRODUCTION_FORMATS] },
    target_budget: MONEY,
    comparable_titles: { type: 'array', items: NAME, maxItems: 5 },
    attached_talent: { type: 'array', items: NAME },
  },
  required: ['working_title', 'logline', 'format', 'target_budget'],
  additionalProperties: false,
} as const;

/** The executive producer's answer to a pitch; the producer works from it. */
const GREENLIGHT_DECISION_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:greenlight_decision:1`,
  title: 'Greenlight decision',
  type: 'object',
  properties: {
    project_code: PROJECT_CODE,
    decision: { enum: ['greenlit', 'development', 'passed'] },
    approved_budget: MONEY,
    conditions: { type: 'array', items: NOTE },
    decided_on: DATE,
  },
  required: ['project_code', 'decision', 'decided_on'],
  additionalProperties: false,
} as const;

export const executiveProducer = defineRole({
  role_id: 'executive_producer',
  department_id: DEPARTMENT,
  display_name: 'Executive Producer',
  seniority: 'head_of_department',
  tools: ['slate_tracker', 'financing_model'],
  extract_contracts: [{ contract_id: 'ROLE:executive_producer:X:1', schema_json: PITCH_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:executive_producer:C:1', schema_json: GREENLIGHT_DECISION_V1 }],
});

export const producer = defineRole({
  role_id: 'producer',
  department_id: DEPARTMENT,
  display_name: 'Producer',
  seniority: 'head_of_department',
  tools: ['budget_sheet', 'production_calendar'],
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: GREENLIGHT_DECISION_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: PROJECT_BRIEF_V1 }],
});

export const productionManager = defineRole({
  role_id: 'production_manager',
  department_id: DEPARTMENT,
  display_name: 'Production Manager',
  seniority: 'key',
  tools: ['budget_sheet', 'cost_report'],
  extract_contracts: [{ contract_id: 'ROLE:production_manager:X:1', schema_json: PROJECT_BRIEF_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:production_manager:C:1',
      // The budget, one line per account; written inline because no other role produces it.
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:production_budget:1`,
        title: 'Production budget',
        type: 'object',
        properties: {
          project_code: PROJECT_CODE,
          lines: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                account: { type: 'string', pattern: '^[0-9]{4}$' },
                description: NAME,
                phase: { enum: ['development', 'pre_production', 'production', 'post_production', 'delivery'] },
                amount: MONEY,
              },
              required: ['account', 'description', 'phase', 'amount'],
              additionalProperties: false,
            },
          },
          contingency_percent: { type: 'number', minimum: 0, maximum: 20 },
          total: MONEY,
        },
        required: ['project_code', 'lines', 'contingency_percent', 'total'],
        additionalProperties: false,
      },
    },
  ],
});
