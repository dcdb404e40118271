/**
 * Distribution: the versions a distributor receives, and the checks they pass first.
 */
import { defineRole } from 'role-registry';
import { ASSET, DATE, JSON_SCHEMA_DIALECT, NAME, NOTE, SCHEMA_URN, TIMECODE } from './schemas.js';

const DEPARTMENT = 'distribution';

export const localizationSpecialist = defineRole({
  role_id: 'localization_specialist',
  department_id: DEPARTMENT,
  display_name: 'Localization Specialist',
  // Was `subtitler` until dubbing scripts joined subtitles in the same role.
  aliases: ['subtitler'],
  seniority: 'crew',
  tools: ['subtitle_editor', 'translation_memory'],
  extract_contracts: [
    {
      contract_id: 'ROLE:localization_specialist:X:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:dialogue_list:1`,
        title: 'Dialogue list',
        type: 'object',
        properties: {
          lines: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                timecode_in: TIMECODE,
                timecode_out: TIMECODE,
                speaker: NAME,
                text: { type: 'string', minLength: 1 },
                on_screen_text: { type: 'boolean' },
              },
              required: ['timecode_in', 'timecode_out', 'text'],
              additionalProperties: false,
            },
          },
        },
        required: ['lines'],
        additionalProperties: false,
      },
    },
  ],
  produce_contracts: [
    {
      contract_id: 'ROLE:localization_specialist:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:subtitle_track:1`,
        title: 'Subtitle track',
        type: 'object',
        properties: {
          language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$' },
          kind: { enum: ['subtitles', 'sdh', 'forced_narrative'] },
          file_format: { enum: ['ttml', 'webvtt', 'srt'] },
          reading_speed_cps: { type: 'number', minimum: 10, maximum: 25 },
          file: ASSET,
        },
        required: ['language', 'kind', 'file_format', 'file'],
        additionalProperties: false,
      },
    },
  ],
});

export const deliveryManager = defineRole({
  role_id: 'delivery_manager',
  department_id: DEPARTMENT,
  display_name: 'Delivery Manager',
  seniority: 'key',
  tools: ['qc_station', 'delivery_tracker'],
  extract_contracts: [
    {
      contract_id: 'ROLE:delivery_manager:X:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:delivery_spec:1`,
        title: 'Delivery specification',
        type: 'object',
        properties: {
          distributor: NAME,
          due_on: DATE,
          items: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                item: NAME,
                format: NAME,
                mandatory: { type: 'boolean' },
              },
              required: ['item', 'format', 'mandatory'],
              additionalProperties: false,
            },
          },
        },
        required: ['distributor', 'due_on', 'items'],
        additionalProperties: false,
      },
    },
  ],
  produce_contracts: [
    {
      contract_id: 'ROLE:delivery_manager:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:qc_report:1`,
        title: 'Quality control report',
        type: 'object',
        properties: {
          checked_on: DATE,
          items: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                item: NAME,
                result: { enum: ['pass', 'fail', 'waived'] },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      at: TIMECODE,
                      severity: { enum: ['note', 'minor', 'major', 'critical'] },
                      description: NOTE,
                    },
                    required: ['at', 'severity', 'description'],
                    additionalProperties: false,
                  },
                },
              },
              required: ['item', 'result', 'issues'],
              additionalProperties: false,
            },
          },
        },
        required: ['checked_on', 'items'],
        additionalProperties: false,
      },
    },
  ],
});
