/**
 * Music: the score that is written for the picture, and the songs that are licensed for it.
 */
import { defineRole } from 'role-registry';
import { AUDIO_STEMS_V1, JSON_SCHEMA_DIALECT, NAME, NAMES, SCHEMA_URN, SPOTTING_NOTES_V1 } from './schemas.js';

const DEPARTMENT = 'music';

export const composer = defineRole({
  role_id: 'composer',
  department_id: DEPARTMENT,
  display_name: 'Composer',
  seniority: 'head_of_department',
  tools: ['digital_audio_workstation', 'notation_software'],
  extract_contracts: [{ contract_id: 'ROLE:composer:X:1', schema_json: SPOTTING_NOTES_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:composer:C:1', schema_json: AUDIO_STEMS_V1 }],
});

export const musicSupervisor = defineRole({
  role_id: 'music_supervisor',
  department_id: DEPARTMENT,
  display_name: 'Music Supervisor',
  seniority: 'key',
  tools: ['rights_database'],
  extract_contracts: [{ contract_id: 'ROLE:music_supervisor:X:1', schema_json: SPOTTING_NOTES_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:music_supervisor:C:1',
      // The music cue sheet: what plays, for how long, how it is used and whether it is cleared.
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:music_cue_sheet:1`,
        title: 'Music cue sheet',
        type: 'object',
        properties: {
          cues: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                cue: { type: 'string', pattern: '^[0-9]{1,2}M[0-9]{2}$' },
                title: NAME,
                writers: NAMES,
                publisher: NAME,
                usage: { enum: ['background_instrumental', 'background_vocal', 'visual_vocal', 'main_title', 'end_title'] },
                duration_seconds: { type: 'number', exclusiveMinimum: 0 },
                clearance: { enum: ['requested', 'quoted', 'cleared', 'denied'] },
              },
              required: ['cue', 'title', 'usage', 'duration_seconds', 'clearance'],
              additionalProperties: false,
            },
          },
        },
        required: ['cues'],
        additionalProperties: false,
      },
    },
  ],
});
