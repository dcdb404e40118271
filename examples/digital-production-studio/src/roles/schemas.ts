/**
 * The contract schemas that roles of several departments share (JSON Schema, draft 2020-12), and
 * the field types they are built from. A schema that one department alone uses lives in that
 * department's file.
 *
 * A published schema is frozen: every role that points at a constant below has its surface hash
 * locked. A change of shape is a new constant (`…_V2`) under a new contract version
 * (`ROLE:<role_id>:C:2`), never an edit here.
 */
import type { JsonValue } from 'role-registry';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_URN = 'urn:studio:schema';

// Field types.

export const NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;
export const NAMES = { type: 'array', items: NAME, uniqueItems: true } as const;
export const NOTE = { type: 'string', maxLength: 2000 } as const;
export const DATE = { type: 'string', format: 'date' } as const;
export const PROJECT_CODE = { type: 'string', pattern: '^[A-Z]{2,4}-[0-9]{3}$' } as const;
export const CUT_ID = { type: 'string', pattern: '^[A-Z]{2,4}-[0-9]{3}_cut_[0-9]{2}$' } as const;
/** SMPTE timecode; `;` before the frames marks drop-frame. */
export const TIMECODE = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][:;][0-9]{2}$' } as const;
export const SCENE_NUMBER = { type: 'string', pattern: '^[0-9]{1,3}[A-Z]{0,2}$' } as const;
export const SCENE_LIST = { type: 'array', items: SCENE_NUMBER, minItems: 1, uniqueItems: true } as const;
/** Scene number, a dash, the setup: `42A-3`. */
export const SHOT_ID = { type: 'string', pattern: '^[0-9]{1,3}[A-Z]{0,2}-[0-9]{1,2}[A-Z]?$' } as const;
export const TAKE = { type: 'integer', minimum: 1 } as const;
export const SHOOT_DAY = { type: 'integer', minimum: 1 } as const;
export const CAMERA_UNIT = { enum: ['A', 'B', 'C', 'D'] } as const;
export const LENS_MM = { type: 'number', minimum: 8, maximum: 1200 } as const;
export const T_STOP = { type: 'number', minimum: 0.7, maximum: 32 } as const;
export const FRAME_RATE = { enum: [23.976, 24, 25, 29.97, 30, 48, 50, 59.94] } as const;
export const COLOR_SPACE = { enum: ['rec709', 'p3_d65', 'rec2020_pq', 'aces_ap0', 'aces_cct'] } as const;
export const INT_EXT = { enum: ['INT', 'EXT', 'INT/EXT'] } as const;
export const TIME_OF_DAY = { enum: ['DAY', 'NIGHT', 'DAWN', 'DUSK', 'CONTINUOUS'] } as const;

export const MONEY = {
  type: 'object',
  properties: {
    amount: { type: 'number', minimum: 0 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
  required: ['amount', 'currency'],
  additionalProperties: false,
} as const;

/** A file the studio stores: where it is and, once delivered, its checksum. */
export const ASSET = {
  type: 'object',
  properties: {
    uri: { type: 'string', format: 'uri' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  required: ['uri'],
  additionalProperties: false,
} as const;

export const PRODUCTION_FORMATS = ['feature', 'series_episode', 'short', 'commercial', 'music_video', 'documentary'] as const;
export const SHOT_SIZES = ['extreme_close_up', 'close_up', 'medium_close_up', 'medium', 'cowboy', 'wide', 'extreme_wide'] as const;

// Contract schemas shared across departments.

/** The producer's brief: what every department head starts from. */
export const PROJECT_BRIEF_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:project_brief:1`,
  title: 'Project brief',
  type: 'object',
  properties: {
    project_code: PROJECT_CODE,
    working_title: NAME,
    logline: { type: 'string', minLength: 10, maxLength: 300 },
    format: { enum: [...PRODUCTION_FORMATS] },
    tone: {
      type: 'array',
      items: { enum: ['comedic', 'dramatic', 'suspenseful', 'whimsical', 'lyrical', 'observational'] },
      minItems: 1,
      uniqueItems: true,
    },
    budget_cap: MONEY,
    delivery_date: DATE,
    references: { type: 'array', items: ASSET },
  },
  required: ['project_code', 'working_title', 'logline', 'format', 'budget_cap', 'delivery_date'],
  additionalProperties: false,
} as const satisfies JsonValue;

export const SCREENPLAY_DRAFT_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:screenplay_draft:1`,
  title: 'Screenplay draft',
  type: 'object',
  properties: {
    project_code: PROJECT_CODE,
    revision: { type: 'integer', minimum: 0 },
    revision_color: { enum: ['white', 'blue', 'pink', 'yellow', 'green', 'goldenrod', 'buff', 'salmon', 'cherry'] },
    page_count: { type: 'number', exclusiveMinimum: 0 },
    scenes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          number: SCENE_NUMBER,
          int_ext: INT_EXT,
          location: NAME,
          time_of_day: TIME_OF_DAY,
          characters: NAMES,
        },
        required: ['number', 'int_ext', 'location', 'time_of_day'],
        additionalProperties: false,
      },
    },
    document: ASSET,
  },
  required: ['project_code', 'revision', 'scenes', 'document'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** The director's coverage plan, scene by scene. */
export const SHOT_LIST_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:shot_list:1`,
  title: 'Shot list',
  type: 'object',
  properties: {
    script_revision: { type: 'integer', minimum: 0 },
    shots: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          shot: SHOT_ID,
          scene: SCENE_NUMBER,
          size: { enum: [...SHOT_SIZES] },
          movement: { enum: ['static', 'pan', 'tilt', 'dolly', 'crane', 'handheld', 'gimbal', 'drone'] },
          subject: NAME,
          lens_mm: LENS_MM,
          notes: NOTE,
        },
        required: ['shot', 'scene', 'size', 'movement', 'subject'],
        additionalProperties: false,
      },
    },
  },
  required: ['script_revision', 'shots'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** The assistant director's breakdown: what each scene needs from each department. */
export const SCENE_BREAKDOWN_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:scene_breakdown:1`,
  title: 'Scene breakdown',
  type: 'object',
  properties: {
    script_revision: { type: 'integer', minimum: 0 },
    scenes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          number: SCENE_NUMBER,
          int_ext: INT_EXT,
          time_of_day: TIME_OF_DAY,
          location: NAME,
          page_eighths: { type: 'integer', minimum: 1 },
          cast: NAMES,
          elements: {
            type: 'object',
            properties: {
              props: NAMES,
              set_dressing: NAMES,
              wardrobe: NAMES,
              makeup_hair: NAMES,
              vehicles: NAMES,
              special_effects: NAMES,
              sound: NAMES,
            },
            additionalProperties: false,
          },
          planned_shoot_day: SHOOT_DAY,
        },
        required: ['number', 'int_ext', 'time_of_day', 'location', 'page_eighths', 'cast', 'elements'],
        additionalProperties: false,
      },
    },
  },
  required: ['script_revision', 'scenes'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** The camera package and the setup of every shot. */
export const CAMERA_PLAN_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:camera_plan:1`,
  title: 'Camera plan',
  type: 'object',
  properties: {
    sensor_format: { enum: ['super16', 'super35', 'full_frame', 'large_format'] },
    codec: { enum: ['arriraw', 'redcode', 'prores_4444_xq', 'prores_422_hq', 'xavc'] },
    frame_rate: FRAME_RATE,
    aspect_ratio: { enum: ['1.33:1', '1.78:1', '1.85:1', '2.00:1', '2.39:1'] },
    monitoring_lut: ASSET,
    setups: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          shot: SHOT_ID,
          camera: CAMERA_UNIT,
          lens_mm: LENS_MM,
          t_stop: T_STOP,
          shutter_angle: { type: 'number', exclusiveMinimum: 0, maximum: 360 },
          filters: NAMES,
        },
        required: ['shot', 'camera', 'lens_mm', 't_stop'],
        additionalProperties: false,
      },
    },
  },
  required: ['sensor_format', 'codec', 'frame_rate', 'aspect_ratio', 'setups'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** What the camera crew hands over at wrap: every clip of a roll, circled takes marked. */
export const CAMERA_REPORT_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:camera_report:1`,
  title: 'Camera report',
  type: 'object',
  properties: {
    shoot_day: SHOOT_DAY,
    camera: CAMERA_UNIT,
    roll: { type: 'string', pattern: '^[A-D][0-9]{3}$' },
    clips: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          clip: { type: 'string', pattern: '^[A-D][0-9]{3}C[0-9]{3}$' },
          scene: SCENE_NUMBER,
          shot: SHOT_ID,
          take: TAKE,
          lens_mm: LENS_MM,
          t_stop: T_STOP,
          circled: { type: 'boolean' },
          notes: NOTE,
        },
        required: ['clip', 'scene', 'take', 'circled'],
        additionalProperties: false,
      },
    },
  },
  required: ['shoot_day', 'camera', 'roll', 'clips'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** The DIT's offload record: which clips are on which verified volume. */
export const MEDIA_MANIFEST_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:media_manifest:1`,
  title: 'Media manifest',
  type: 'object',
  properties: {
    shoot_day: SHOOT_DAY,
    volumes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          label: NAME,
          copies: { type: 'integer', minimum: 2 },
          verified: { type: 'boolean' },
          clips: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                clip: NAME,
                bytes: { type: 'integer', minimum: 0 },
                checksum: { type: 'string', pattern: '^(xxh64|md5|sha256):[0-9a-f]{16,64}$' },
              },
              required: ['clip', 'bytes', 'checksum'],
              additionalProperties: false,
            },
          },
        },
        required: ['label', 'copies', 'verified', 'clips'],
        additionalProperties: false,
      },
    },
    look: ASSET,
  },
  required: ['shoot_day', 'volumes'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** Drawings, renders, boards and swatches, as a department head submits them for approval. */
export const DESIGN_PACKAGE_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:design_package:1`,
  title: 'Design package',
  type: 'object',
  properties: {
    package_title: NAME,
    status: { enum: ['draft', 'for_approval', 'approved', 'superseded'] },
    palette: { type: 'array', items: { type: 'string', pattern: '^#[0-9A-F]{6}$' }, maxItems: 12 },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          title: NAME,
          kind: { enum: ['sketch', 'concept_render', 'floor_plan', 'elevation', 'storyboard_panel', 'material_swatch', 'reference'] },
          scenes: SCENE_LIST,
          asset: ASSET,
        },
        required: ['title', 'kind', 'asset'],
        additionalProperties: false,
      },
    },
  },
  required: ['package_title', 'status', 'items'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** Everything a set needs that is not built into it: props and dressing, sourced and costed. */
export const DRESSING_LIST_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:dressing_list:1`,
  title: 'Dressing and props list',
  type: 'object',
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          scene: SCENE_NUMBER,
          item: NAME,
          category: { enum: ['hand_prop', 'set_dressing', 'greens', 'vehicle', 'replica_weapon', 'food'] },
          source: { enum: ['buy', 'rent', 'build', 'stock'] },
          quantity: { type: 'integer', minimum: 1 },
          hero: { type: 'boolean' },
          cost: MONEY,
        },
        required: ['scene', 'item', 'category', 'source', 'quantity'],
        additionalProperties: false,
      },
    },
  },
  required: ['items'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** Makeup and hair looks per character, with the scenes each look covers. */
export const LOOK_BOOK_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:look_book:1`,
  title: 'Look book',
  type: 'object',
  properties: {
    characters: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          character: NAME,
          performer: NAME,
          looks: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                look: { type: 'integer', minimum: 1 },
                scenes: SCENE_LIST,
                description: NOTE,
                products: NAMES,
                application_minutes: { type: 'integer', minimum: 0, maximum: 480 },
                reference: ASSET,
              },
              required: ['look', 'scenes', 'description'],
              additionalProperties: false,
            },
          },
        },
        required: ['character', 'looks'],
        additionalProperties: false,
      },
    },
  },
  required: ['characters'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** From the spotting session: where sound and music start and stop, and what they are for. */
export const SPOTTING_NOTES_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:spotting_notes:1`,
  title: 'Spotting notes',
  type: 'object',
  properties: {
    cut_id: CUT_ID,
    cues: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          cue: { type: 'string', pattern: '^[0-9]{1,2}[MSF][0-9]{2}$' },
          kind: { enum: ['score', 'source_music', 'sound_effect', 'foley', 'ambience', 'silence'] },
          start: TIMECODE,
          end: TIMECODE,
          intent: NOTE,
        },
        required: ['cue', 'kind', 'start', 'end'],
        additionalProperties: false,
      },
    },
  },
  required: ['cut_id', 'cues'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** Audio delivered against a cut, split into stems the mix can balance. */
export const AUDIO_STEMS_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:audio_stems:1`,
  title: 'Audio stems',
  type: 'object',
  properties: {
    cut_id: CUT_ID,
    sample_rate: { enum: [48000, 96000] },
    bit_depth: { enum: [24, 32] },
    start: TIMECODE,
    stems: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          name: NAME,
          kind: { enum: ['dialogue', 'music', 'effects', 'foley', 'ambience'] },
          channel_layout: { enum: ['mono', 'stereo', '5.1', '7.1', '7.1.4'] },
          file: ASSET,
        },
        required: ['name', 'kind', 'channel_layout', 'file'],
        additionalProperties: false,
      },
    },
  },
  required: ['cut_id', 'sample_rate', 'bit_depth', 'start', 'stems'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** A version of the edit, as an edit decision list. */
export const CUT_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:cut:1`,
  title: 'Cut',
  type: 'object',
  properties: {
    cut_id: CUT_ID,
    stage: { enum: ['assembly', 'rough_cut', 'fine_cut', 'picture_lock'] },
    frame_rate: FRAME_RATE,
    duration: TIMECODE,
    edl: ASSET,
    events: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          event: { type: 'integer', minimum: 1 },
          reel: { type: 'string', pattern: '^[A-Z0-9_]{1,32}$' },
          source_in: TIMECODE,
          source_out: TIMECODE,
          record_in: TIMECODE,
          record_out: TIMECODE,
        },
        required: ['event', 'reel', 'source_in', 'source_out', 'record_in', 'record_out'],
        additionalProperties: false,
      },
    },
  },
  required: ['cut_id', 'stage', 'frame_rate', 'duration', 'edl', 'events'],
  additionalProperties: false,
} as const satisfies JsonValue;

/** What the grade starts from: the locked cut's reels, the target and the reference looks. */
export const GRADE_REQUEST_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:grade_request:1`,
  title: 'Grade request',
  type: 'object',
  properties: {
    cut_id: CUT_ID,
    source_color_space: COLOR_SPACE,
    target_color_space: COLOR_SPACE,
    signal_range: { enum: ['full', 'legal'] },
    reels: { type: 'array', items: ASSET, minItems: 1 },
    reference_looks: { type: 'array', items: ASSET },
    notes: NOTE,
  },
  required: ['cut_id', 'target_color_space', 'signal_range', 'reels'],
  additionalProperties: false,
} as const satisfies JsonValue;

const RGB = { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 } as const;

/** The grade as ASC CDL values (slope, offset, power per channel, then saturation), per edit event. */
export const COLOR_DECISION_LIST_V1 = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_URN}:color_decision_list:1`,
  title: 'Color decision list',
  type: 'object',
  properties: {
    cut_id: CUT_ID,
    working_color_space: COLOR_SPACE,
    decisions: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          event: { type: 'integer', minimum: 1 },
          slope: RGB,
          offset: RGB,
          power: RGB,
          saturation: { type: 'number', minimum: 0 },
        },
        required: ['event', 'slope', 'offset', 'power', 'saturation'],
        additionalProperties: false,
      },
    },
  },
  required: ['cut_id', 'working_color_space', 'decisions'],
  additionalProperties: false,
} as const satisfies JsonValue;
