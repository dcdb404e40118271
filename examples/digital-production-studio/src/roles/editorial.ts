/**
 * Editorial: dailies in, cuts out.
 */
import { defineRole } from 'role-registry';
import {
  ASSET,
  COLOR_SPACE,
  CUT_V1,
  JSON_SCHEMA_DIALECT,
  MEDIA_MANIFEST_V1,
  NAME,
  SCENE_NUMBER,
  SCHEMA_URN,
  SHOOT_DAY,
  SHOT_ID,
  TAKE,
} from './schemas.js';

const DEPARTMENT = 'editorial';

/** A shoot day's footage, synced and logged, as the assistant editor hands it to the editor. */
const DAILIES_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:dailies:1`,
  title: 'Dailies',
  type: 'object',
  properties: {
    shoot_day: SHOOT_DAY,
    bin: ASSET,
    clips: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          clip: NAME,
          scene: SCENE_NUMBER,
          shot: SHOT_ID,
          take: TAKE,
          circled: { type: 'boolean' },
          synced: { type: 'boolean' },
          audio_file: NAME,
        },
        required: ['clip', 'scene', 'take', 'circled', 'synced'],
        additionalProperties: false,
      },
    },
  },
  required: ['shoot_day', 'bin', 'clips'],
  additionalProperties: false,
} as const;

/**
 * Version 2 of the cut states its color space and timeline resolution, which finishing needs
 * for every turnover. Version 1 stays published: stored cuts were made under it.
 */
const CUT_V2 = {
  ...CUT_V1,
  $id: `${SCHEMA_URN}:cut:2`,
  properties: {
    ...CUT_V1.properties,
    color_space: COLOR_SPACE,
    resolution: {
      type: 'object',
      properties: {
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
      },
      required: ['width', 'height'],
      additionalProperties: false,
    },
  },
  required: [...CUT_V1.required, 'color_space', 'resolution'],
} as const;

export const editor = defineRole({
  role_id: 'editor',
  department_id: DEPARTMENT,
  display_name: 'Editor',
  seniority: 'head_of_department',
  tools: ['nonlinear_editor'],
  extract_contracts: [{ contract_id: 'ROLE:editor:X:1', schema_json: DAILIES_V1 }],
  produce_contracts: [
    { contract_id: 'ROLE:editor:C:1', schema_json: CUT_V1 },
    { contract_id: 'ROLE:editor:C:2', schema_json: CUT_V2 },
  ],
});

export const assistantEditor = defineRole({
  role_id: 'assistant_editor',
  department_id: DEPARTMENT,
  display_name: 'Assistant Editor',
  seniority: 'assistant',
  tools: ['nonlinear_editor', 'sync_tool', 'transcoder'],
  extract_contracts: [{ contract_id: 'ROLE:assistant_editor:X:1', schema_json: MEDIA_MANIFEST_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:assistant_editor:C:1', schema_json: DAILIES_V1 }],
});
