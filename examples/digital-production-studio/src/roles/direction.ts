/**
 * Direction: the director's intent, and the people who turn it into a schedule, a cast and continuity.
 */
import { defineRole } from 'role-registry';
import {
  ASSET,
  DATE,
  JSON_SCHEMA_DIALECT,
  NAME,
  NOTE,
  SCENE_BREAKDOWN_V1,
  SCENE_NUMBER,
  SCHEMA_URN,
  SCREENPLAY_DRAFT_V1,
  SHOOT_DAY,
  SHOT_ID,
  SHOT_LIST_V1,
  TAKE,
  TIMECODE,
} from './schemas.js';

const DEPARTMENT = 'direction';

export const director = defineRole({
  role_id: 'director',
  department_id: DEPARTMENT,
  display_name: 'Director',
  seniority: 'head_of_department',
  tools: ['shot_designer', 'annotation_tool'],
  extract_contracts: [{ contract_id: 'ROLE:director:X:1', schema_json: SCREENPLAY_DRAFT_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:director:C:1', schema_json: SHOT_LIST_V1 }],
});

export const firstAssistantDirector = defineRole({
  role_id: 'first_assistant_director',
  department_id: DEPARTMENT,
  display_name: 'First Assistant Director',
  seniority: 'key',
  tools: ['scheduling_app'],
  extract_contracts: [{ contract_id: 'ROLE:first_assistant_director:X:1', schema_json: SCREENPLAY_DRAFT_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:first_assistant_director:C:1', schema_json: SCENE_BREAKDOWN_V1 }],
});

export const scriptSupervisor = defineRole({
  role_id: 'script_supervisor',
  department_id: DEPARTMENT,
  display_name: 'Script Supervisor',
  seniority: 'key',
  tools: ['continuity_app', 'stills_camera'],
  extract_contracts: [{ contract_id: 'ROLE:script_supervisor:X:1', schema_json: SHOT_LIST_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:script_supervisor:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:continuity_log:1`,
        title: 'Continuity log',
        type: 'object',
        properties: {
          shoot_day: SHOOT_DAY,
          date: DATE,
          takes: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                scene: SCENE_NUMBER,
                shot: SHOT_ID,
                take: TAKE,
                timecode_in: TIMECODE,
                timecode_out: TIMECODE,
                circled: { type: 'boolean' },
                dialogue_deviations: NOTE,
                continuity_notes: NOTE,
                reference_stills: { type: 'array', items: ASSET },
              },
              required: ['scene', 'shot', 'take', 'timecode_in', 'circled'],
              additionalProperties: false,
            },
          },
        },
        required: ['shoot_day', 'date', 'takes'],
        additionalProperties: false,
      },
    },
  ],
});

export const castingDirector = defineRole({
  role_id: 'casting_director',
  department_id: DEPARTMENT,
  display_name: 'Casting Director',
  seniority: 'key',
  tools: ['casting_database', 'self_tape_portal'],
  extract_contracts: [{ contract_id: 'ROLE:casting_director:X:1', schema_json: SCREENPLAY_DRAFT_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:casting_director:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:casting_shortlist:1`,
        title: 'Casting shortlist',
        type: 'object',
        properties: {
          character: NAME,
          candidates: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: {
              type: 'object',
              properties: {
                performer: NAME,
                agency: NAME,
                audition: ASSET,
                availability: { enum: ['available', 'on_hold', 'conflict', 'unknown'] },
                rank: { type: 'integer', minimum: 1 },
              },
              required: ['performer', 'audition', 'availability', 'rank'],
              additionalProperties: false,
            },
          },
        },
        required: ['character', 'candidates'],
        additionalProperties: false,
      },
    },
  ],
});
