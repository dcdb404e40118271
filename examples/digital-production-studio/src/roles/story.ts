/**
 * Story: the screenplay and the notes that shape its next draft.
 */
import { defineRole } from 'role-registry';
import { JSON_SCHEMA_DIALECT, NOTE, PROJECT_BRIEF_V1, SCENE_NUMBER, SCHEMA_URN, SCREENPLAY_DRAFT_V1 } from './schemas.js';

const DEPARTMENT = 'story';

export const screenwriter = defineRole({
  role_id: 'screenwriter',
  department_id: DEPARTMENT,
  display_name: 'Screenwriter',
  // Called `writer` until the studio hired script editors; stored jobs that say `writer` still mean this role.
  aliases: ['writer'],
  seniority: 'head_of_department',
  tools: ['screenwriting_app'],
  extract_contracts: [{ contract_id: 'ROLE:screenwriter:X:1', schema_json: PROJECT_BRIEF_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:screenwriter:C:1', schema_json: SCREENPLAY_DRAFT_V1 }],
});

export const scriptEditor = defineRole({
  role_id: 'script_editor',
  department_id: DEPARTMENT,
  display_name: 'Script Editor',
  seniority: 'key',
  tools: ['screenwriting_app', 'annotation_tool'],
  extract_contracts: [{ contract_id: 'ROLE:script_editor:X:1', schema_json: SCREENPLAY_DRAFT_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:script_editor:C:1',
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:script_notes:1`,
        title: 'Script notes',
        type: 'object',
        properties: {
          revision: { type: 'integer', minimum: 0 },
          notes: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                scene: SCENE_NUMBER,
                page: { type: 'number', minimum: 1 },
                category: { enum: ['structure', 'character', 'dialogue', 'pacing', 'continuity', 'feasibility'] },
                priority: { enum: ['must', 'should', 'consider'] },
                note: { ...NOTE, minLength: 1 },
              },
              required: ['category', 'priority', 'note'],
              additionalProperties: false,
            },
          },
        },
        required: ['revision', 'notes'],
        additionalProperties: false,
      },
    },
  ],
});
