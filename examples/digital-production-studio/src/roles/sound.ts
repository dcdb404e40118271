/**
 * Sound: recorded on set, designed and performed in post, mixed into the final soundtrack.
 */
import { defineRole } from 'role-registry';
import * as schemas from './schemas.js';

const DEPARTMENT = 'sound';

/** The production sound report: every take's file and what is on each of its tracks. */
const SOUND_REPORT_V1 = {
  $schema: schemas.JSON_SCHEMA_DIALECT,
  $id: `${schemas.SCHEMA_URN}:sound_report:1`,
  title: 'Sound report',
  type: 'object',
  properties: {
    shoot_day: schemas.SHOOT_DAY,
    sample_rate: { enum: [48000, 96000] },
    bit_depth: { enum: [24, 32] },
    timecode_rate: schemas.FRAME_RATE,
    takes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          scene: schemas.SCENE_NUMBER,
          shot: schemas.SHOT_ID,
          take: schemas.TAKE,
          file: schemas.NAME,
          tracks: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                channel: { type: 'integer', minimum: 1, maximum: 32 },
                source: { enum: ['boom', 'lavalier', 'plant', 'mix', 'timecode'] },
                label: schemas.NAME,
              },
              required: ['channel', 'source'],
              additionalProperties: false,
            },
          },
          notes: schemas.NOTE,
        },
        required: ['scene', 'take', 'file', 'tracks'],
        additionalProperties: false,
      },
    },
  },
  required: ['shoot_day', 'sample_rate', 'bit_depth', 'timecode_rate', 'takes'],
  additionalProperties: false,
} as const;

/**
 * Version 2 says where the timecode came from, so editorial can tell a jammed recorder from a
 * free-running one. Everything else is version 1, spread in.
 */
const SOUND_REPORT_V2 = {
  ...SOUND_REPORT_V1,
  $id: `${schemas.SCHEMA_URN}:sound_report:2`,
  properties: {
    ...SOUND_REPORT_V1.properties,
    timecode_source: { enum: ['jam_synced', 'genlock', 'free_run', 'record_run'] },
  },
  required: [...SOUND_REPORT_V1.required, 'timecode_source'],
} as const;

export const productionSoundMixer = defineRole({
  role_id: 'production_sound_mixer',
  department_id: DEPARTMENT,
  display_name: 'Production Sound Mixer',
  // Was `sound_recordist` until the role took over the on-set mix.
  aliases: ['sound_recordist'],
  seniority: 'head_of_department',
  tools: ['field_recorder', 'wireless_receivers', 'timecode_box'],
  extract_contracts: [{ contract_id: 'ROLE:production_sound_mixer:X:1', schema_json: schemas.SCENE_BREAKDOWN_V1 }],
  produce_contracts: [
    { contract_id: 'ROLE:production_sound_mixer:C:1', schema_json: SOUND_REPORT_V1 },
    { contract_id: 'ROLE:production_sound_mixer:C:2', schema_json: SOUND_REPORT_V2 },
  ],
});

export const soundDesigner = defineRole({
  role_id: 'sound_designer',
  department_id: DEPARTMENT,
  display_name: 'Sound Designer',
  seniority: 'head_of_department',
  tools: ['digital_audio_workstation', 'sample_library'],
  extract_contracts: [{ contract_id: 'ROLE:sound_designer:X:1', schema_json: schemas.SPOTTING_NOTES_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:sound_designer:C:1', schema_json: schemas.AUDIO_STEMS_V1 }],
});

export const foleyArtist = defineRole({
  role_id: 'foley_artist',
  department_id: DEPARTMENT,
  display_name: 'Foley Artist',
  seniority: 'crew',
  tools: ['foley_stage', 'prop_surfaces'],
  extract_contracts: [{ contract_id: 'ROLE:foley_artist:X:1', schema_json: schemas.SPOTTING_NOTES_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:foley_artist:C:1', schema_json: schemas.AUDIO_STEMS_V1 }],
});

export const reRecordingMixer = defineRole({
  role_id: 're_recording_mixer',
  department_id: DEPARTMENT,
  display_name: 'Re-recording Mixer',
  seniority: 'key',
  tools: ['mixing_console', 'loudness_meter'],
  extract_contracts: [{ contract_id: 'ROLE:re_recording_mixer:X:1', schema_json: schemas.AUDIO_STEMS_V1 }],
  produce_contracts: [
    {
      contract_id: 'ROLE:re_recording_mixer:C:1',
      schema_json: {
        $schema: schemas.JSON_SCHEMA_DIALECT,
        $id: `${schemas.SCHEMA_URN}:mix_master:1`,
        title: 'Mix master',
        type: 'object',
        properties: {
          cut_id: schemas.CUT_ID,
          format: { enum: ['stereo', '5.1', '7.1', 'immersive'] },
          integrated_loudness_lufs: { type: 'number', minimum: -31, maximum: -14 },
          true_peak_dbtp: { type: 'number', maximum: -1 },
          printmaster: schemas.ASSET,
          stems: { type: 'array', items: schemas.ASSET, minItems: 1 },
        },
        required: ['cut_id', 'format', 'integrated_loudness_lufs', 'true_peak_dbtp', 'printmaster', 'stems'],
        additionalProperties: false,
      },
    },
  ],
});
