/**
 * Color: the final grade of the locked picture.
 */
import { defineRole, type JsonValue } from 'role-registry';
import { ASSET, COLOR_DECISION_LIST_V1, GRADE_REQUEST_V1, SCHEMA_URN } from './schemas.js';

const DEPARTMENT = 'color';

/**
 * Version 2 names the output transform and the show look the decisions sit on top of: without
 * them a decision list graded for cinema was being applied to streaming masters.
 */
const COLOR_DECISION_LIST_V2 = {
  ...COLOR_DECISION_LIST_V1,
  $id: `${SCHEMA_URN}:color_decision_list:2`,
  properties: {
    ...COLOR_DECISION_LIST_V1.properties,
    output_transform: { enum: ['rec709_100_nits', 'p3_d65_48_nits', 'rec2100_pq_1000_nits'] },
    show_look: ASSET,
  },
  required: [...COLOR_DECISION_LIST_V1.required, 'output_transform'],
} as const satisfies JsonValue;

export const colorist = defineRole({
  role_id: 'colorist',
  department_id: DEPARTMENT,
  display_name: 'Colorist',
  seniority: 'head_of_department',
  tools: ['grading_suite', 'reference_monitor', 'control_panel'],
  extract_contracts: [{ contract_id: 'ROLE:colorist:X:1', schema_json: GRADE_REQUEST_V1 }],
  produce_contracts: [
    { contract_id: 'ROLE:colorist:C:1', schema_json: COLOR_DECISION_LIST_V1 },
    { contract_id: 'ROLE:colorist:C:2', schema_json: COLOR_DECISION_LIST_V2 },
  ],
});

export const telecineOperator = defineRole({
  role_id: 'telecine_operator',
  department_id: DEPARTMENT,
  display_name: 'Telecine Operator',
  // Retired, never removed: grades made by film transfer still name it, and its id stays reserved.
  deprecated: {
    reason: 'Nothing is transferred from film any more; every grade is made digitally by the colorist.',
    replaced_by: 'colorist',
  },
  seniority: 'key',
  tools: ['film_scanner'],
  extract_contracts: [{ contract_id: 'ROLE:telecine_operator:X:1', schema_json: GRADE_REQUEST_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:telecine_operator:C:1', schema_json: COLOR_DECISION_LIST_V1 }],
});
