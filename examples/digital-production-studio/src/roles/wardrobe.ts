/**
 * Wardrobe, makeup and hair: what each character wears and looks like, scene by scene.
 */
import { defineRole } from 'role-registry';
import { ASSET, DATE, JSON_SCHEMA_DIALECT, LOOK_BOOK_V1, NAME, NOTE, SCENE_BREAKDOWN_V1, SCENE_LIST, SCHEMA_URN } from './schemas.js';

const DEPARTMENT = 'wardrobe';

export const costumeDesigner = defineRole({
  role_id: 'costume_designer',
  department_id: DEPARTMENT,
  display_name: 'Costume Designer',
  seniority: 'head_of_department',
  tools: ['fitting_tracker', 'mood_board'],
  extract_contracts: [{ contract_id: 'ROLE:costume_designer:X:1', schema_json: SCENE_BREAKDOWN_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:costume_designer:C:1',
      // The costume plot: every change of every character, and the scenes it is worn in.
      schema_json: {
        $schema: JSON_SCHEMA_DIALECT,
        $id: `${SCHEMA_URN}:costume_plot:1`,
        title: 'Costume plot',
        type: 'object',
        properties: {
          characters: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                character: NAME,
                changes: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    properties: {
                      change: { type: 'integer', minimum: 1 },
                      scenes: SCENE_LIST,
                      description: NOTE,
                      multiples: { type: 'integer', minimum: 1, maximum: 12 },
                      fitting_on: DATE,
                      sketch: ASSET,
                    },
                    required: ['change', 'scenes', 'description'],
                    additionalProperties: false,
                  },
                },
              },
              required: ['character', 'changes'],
              additionalProperties: false,
            },
          },
        },
        required: ['characters'],
        additionalProperties: false,
      },
    },
  ],
});

export const makeupArtist = defineRole({
  role_id: 'makeup_artist',
  department_id: DEPARTMENT,
  display_name: 'Makeup Artist',
  seniority: 'key',
  tools: ['continuity_app', 'airbrush_kit'],
  extract_contracts: [{ contract_id: 'ROLE:makeup_artist:X:1', schema_json: SCENE_BREAKDOWN_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:makeup_artist:C:1', schema_json: LOOK_BOOK_V1 }],
});

export const hairStylist = defineRole({
  role_id: 'hair_stylist',
  department_id: DEPARTMENT,
  display_name: 'Hair Stylist',
  seniority: 'key',
  tools: ['continuity_app'],
  extract_contracts: [{ contract_id: 'ROLE:hair_stylist:X:1', schema_json: SCENE_BREAKDOWN_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:hair_stylist:C:1', schema_json: LOOK_BOOK_V1 }],
});
