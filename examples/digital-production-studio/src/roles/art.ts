/**
 * Art: the look of every set, from the production designer's drawings to the last prop on a table.
 */
import { defineRole } from 'role-registry';
import {
  DATE,
  DESIGN_PACKAGE_V1,
  DRESSING_LIST_V1,
  JSON_SCHEMA_DIALECT,
  MONEY,
  NAME,
  PROJECT_BRIEF_V1,
  SCENE_BREAKDOWN_V1,
  SCENE_LIST,
  SCHEMA_URN,
  SHOT_LIST_V1,
} from './schemas.js';

const DEPARTMENT = 'art';

export const productionDesigner = defineRole({
  role_id: 'production_designer',
  department_id: DEPARTMENT,
  display_name: 'Production Designer',
  seniority: 'head_of_department',
  tools: ['cad', 'mood_board'],
  extract_contracts: [{ contract_id: 'ROLE:production_designer:X:1', schema_json: PROJECT_BRIEF_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:production_designer:C:1', schema_json: DESIGN_PACKAGE_V1 }],
});

export const artDirector = defineRole({
  role_id: 'art_director',
  department_id: DEPARTMENT,
  display_name: 'Art Director',
  seniority: 'key',
  tools: ['cad', 'construction_tracker'],
  extract_contracts: [{ contract_id: 'ROLE:art_director:X:1', schema_json: DESIGN_PACKAGE_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:art_director:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:build_schedule:1`,
        title: 'Build schedule',
        type: 'object',
        properties: {
          sets: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                set: NAME,
                scenes: SCENE_LIST,
                build_start: DATE,
                ready_by: DATE,
                strike_on: DATE,
                budget: MONEY,
              },
              required: ['set', 'scenes', 'build_start', 'ready_by', 'budget'],
              additionalProperties: false,
            },
          },
        },
        required: ['sets'],
        additionalProperties: false,
      },
    },
  ],
});

export const setDecorator = defineRole({
  role_id: 'set_decorator',
  department_id: DEPARTMENT,
  display_name: 'Set Decorator',
  seniority: 'key',
  tools: ['inventory_tracker'],
  extract_contracts: [{ contract_id: 'ROLE:set_decorator:X:1', schema_json: SCENE_BREAKDOWN_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:set_decorator:C:1', schema_json: DRESSING_LIST_V1 }],
});

export const propMaster = defineRole({
  role_id: 'prop_master',
  department_id: DEPARTMENT,
  display_name: 'Prop Master',
  seniority: 'key',
  tools: ['inventory_tracker', 'label_printer'],
  extract_contracts: [{ contract_id: 'ROLE:prop_master:X:1', schema_json: SCENE_BREAKDOWN_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:prop_master:C:1', schema_json: DRESSING_LIST_V1 }],
});

export const storyboardArtist = defineRole({
  role_id: 'storyboard_artist',
  department_id: DEPARTMENT,
  display_name: 'Storyboard Artist',
  seniority: 'crew',
  tools: ['drawing_tablet'],
  extract_contracts: [{ contract_id: 'ROLE:storyboard_artist:X:1', schema_json: SHOT_LIST_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:storyboard_artist:C:1', schema_json: DESIGN_PACKAGE_V1 }],
});
