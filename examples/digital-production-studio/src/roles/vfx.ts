/**
 * Visual effects: which shots need work, and the frames that come back.
 */
import { defineRole } from 'role-registry';
import { COLOR_SPACE, CUT_V1, JSON_SCHEMA_DIALECT, NOTE, SCHEMA_URN, TIMECODE } from './schemas.js';

const DEPARTMENT = 'vfx';

const VFX_SHOT_CODE = { type: 'string', pattern: '^[A-Z]{3}_[0-9]{4}$' } as const;

/** The shots turned over to the effects team, with handles. */
const VFX_TURNOVER_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:vfx_turnover:1`,
  title: 'VFX turnover',
  type: 'object',
  properties: {
    shots: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          code: VFX_SHOT_CODE,
          cut_in: TIMECODE,
          cut_out: TIMECODE,
          handle_frames: { type: 'integer', minimum: 0, maximum: 48 },
          work: { type: 'array', items: { enum: ['cleanup', 'roto', 'keying', 'tracking', 'cg_element', 'set_extension', 'matte_painting'] }, minItems: 1 },
          complexity: { enum: ['simple', 'moderate', 'complex', 'hero'] },
          brief: NOTE,
        },
        required: ['code', 'cut_in', 'cut_out', 'handle_frames', 'work', 'complexity'],
        additionalProperties: false,
      },
    },
  },
  required: ['shots'],
  additionalProperties: false,
} as const;

export const vfxSupervisor = defineRole({
  role_id: 'vfx_supervisor',
  department_id: DEPARTMENT,
  display_name: 'VFX Supervisor',
  seniority: 'head_of_department',
  tools: ['review_player', 'shot_tracker'],
  extract_contracts: [{ contract_id: 'ROLE:vfx_supervisor:X:1', schema_json: CUT_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:vfx_supervisor:C:1', schema_json: VFX_TURNOVER_V1 }],
});

export const compositor = defineRole({
  role_id: 'compositor',
  department_id: DEPARTMENT,
  display_name: 'Compositor',
  seniority: 'crew',
  tools: ['node_compositor', 'review_player'],
  extract_contracts: [{ contract_id: 'ROLE:compositor:X:1', schema_json: VFX_TURNOVER_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:compositor:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:shot_delivery:1`,
        title: 'Shot delivery',
        type: 'object',
        properties: {
          code: VFX_SHOT_CODE,
          version: { type: 'integer', minimum: 1 },
          first_frame: { type: 'integer', minimum: 0 },
          last_frame: { type: 'integer', minimum: 0 },
          file_format: { enum: ['openexr', 'dpx', 'prores_4444'] },
          color_space: COLOR_SPACE,
          status: { enum: ['work_in_progress', 'for_review', 'final'] },
        },
        required: ['code', 'version', 'first_frame', 'last_frame', 'file_format', 'color_space', 'status'],
        additionalProperties: false,
      },
    },
  ],
});
