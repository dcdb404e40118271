/**
 * Lighting and grip: the lamps, the power, and the rigs that hold lamps and cameras.
 */
import { defineRole } from 'role-registry';
import { CAMERA_PLAN_V1, JSON_SCHEMA_DIALECT, NAME, SCENE_NUMBER, SCHEMA_URN } from './schemas.js';

const DEPARTMENT = 'lighting';

/** The gaffer's plan; the key grip rigs from it. */
const LIGHTING_PLAN_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:lighting_plan:1`,
  title: 'Lighting plan',
  type: 'object',
  properties: {
    setups: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          scene: SCENE_NUMBER,
          fixtures: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                fixture: { enum: ['led_panel', 'led_tube', 'fresnel', 'hmi', 'tungsten_open_face', 'practical', 'balloon'] },
                watts: { type: 'number', exclusiveMinimum: 0 },
                color_temperature_k: { type: 'integer', minimum: 1800, maximum: 10000 },
                position: NAME,
                dimmer_channel: { type: 'integer', minimum: 1, maximum: 512 },
              },
              required: ['fixture', 'watts', 'color_temperature_k', 'position'],
              additionalProperties: false,
            },
          },
        },
        required: ['scene', 'fixtures'],
        additionalProperties: false,
      },
    },
    power_budget_kw: { type: 'number', exclusiveMinimum: 0 },
    generator_required: { type: 'boolean' },
  },
  required: ['setups', 'power_budget_kw'],
  additionalProperties: false,
} as const;

export const gaffer = defineRole({
  role_id: 'gaffer',
  department_id: DEPARTMENT,
  display_name: 'Gaffer',
  seniority: 'head_of_department',
  tools: ['dmx_console', 'color_meter'],
  extract_contracts: [{ contract_id: 'ROLE:gaffer:X:1', schema_json: CAMERA_PLAN_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: LIGHTING_PLAN_V1 }],
});

export const keyGrip = defineRole({
  role_id: 'key_grip',
  department_id: DEPARTMENT,
  display_name: 'Key Grip',
  seniority: 'key',
  tools: ['dolly', 'jib', 'load_calculator'],
  extract_contracts: [{ contract_id: 'ROLE:key_grip:X:1', schema_json: LIGHTING_PLAN_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:key_grip:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:rigging_plan:1`,
        title: 'Rigging plan',
        type: 'object',
        properties: {
          rigs: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                scene: SCENE_NUMBER,
                rig: { enum: ['dolly_track', 'crane', 'jib', 'car_mount', 'overhead_grid', 'speed_rail'] },
                load_kg: { type: 'number', exclusiveMinimum: 0 },
                safety_sign_off: { type: 'boolean' },
              },
              required: ['scene', 'rig', 'load_kg', 'safety_sign_off'],
              additionalProperties: false,
            },
          },
        },
        required: ['rigs'],
        additionalProperties: false,
      },
    },
  ],
});
