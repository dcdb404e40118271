/**
 * Camera: the director of photography's plan, the crew that shoots it and the technician who
 * makes sure the footage exists twice before a card is wiped.
 */
import { defineRole } from 'role-registry';
import { CAMERA_PLAN_V1, CAMERA_REPORT_V1, MEDIA_MANIFEST_V1, SHOT_LIST_V1 } from './schemas.js';

const DEPARTMENT = 'camera';

const DIRECTOR_OF_PHOTOGRAPHY_ID = 'director_of_photography';

/** What the camera crew works from and hands back, under short names. */
const CREW_CONTRACTS = { plan: CAMERA_PLAN_V1, report: CAMERA_REPORT_V1 } as const;

export const directorOfPhotography = defineRole({
  role_id: DIRECTOR_OF_PHOTOGRAPHY_ID,
  department_id: DEPARTMENT,
  display_name: 'Director of Photography',
  // The role was `cinematographer`, then `dop`, before it got its full title; both still resolve here.
  aliases: ['cinematographer', 'dop'],
  seniority: 'head_of_department',
  tools: ['light_meter', 'lens_charts', 'viewfinder_app'],
  extract_contracts: [{ contract_id: `ROLE:${DIRECTOR_OF_PHOTOGRAPHY_ID}:X:1`, schema_json: SHOT_LIST_V1 }],
  produce_contracts: [{ contract_id: `ROLE:${DIRECTOR_OF_PHOTOGRAPHY_ID}:C:1`, schema_json: CAMERA_PLAN_V1 }],
});

export const cameraOperator = defineRole({
  role_id: 'camera_operator',
  department_id: DEPARTMENT,
  display_name: 'Camera Operator',
  seniority: 'crew',
  tools: ['fluid_head', 'gimbal'],
  extract_contracts: [{ contract_id: 'ROLE:camera_operator:X:1', schema_json: CREW_CONTRACTS.plan }],
  produce_contracts: [{ contract_id: 'ROLE:camera_operator:C:1', schema_json: CREW_CONTRACTS.report }],
});

export const firstAssistantCamera = defineRole({
  role_id: 'first_assistant_camera',
  department_id: DEPARTMENT,
  display_name: 'First Assistant Camera',
  aliases: ['focus_puller'],
  seniority: 'crew',
  tools: ['wireless_follow_focus', 'distance_sensor'],
  extract_contracts: [{ contract_id: 'ROLE:first_assistant_camera:X:1', schema_json: CREW_CONTRACTS.plan }],
  produce_contracts: [{ contract_id: 'ROLE:first_assistant_camera:C:1', schema_json: CREW_CONTRACTS.report }],
});

export const digitalImagingTechnician = defineRole({
  role_id: 'digital_imaging_technician',
  department_id: DEPARTMENT,
  display_name: 'Digital Imaging Technician',
  seniority: 'crew',
  tools: ['offload_station', 'checksum_verifier', 'on_set_grading'],
  extract_contracts: [{ contract_id: 'ROLE:digital_imaging_technician:X:1', schema_json: CREW_CONTRACTS.report }],
  produce_contracts: [{ contract_id: 'ROLE:digital_imaging_technician:C:1', schema_json: MEDIA_MANIFEST_V1 }],
});

export const clapperLoader = defineRole({
  role_id: 'clapper_loader',
  department_id: DEPARTMENT,
  display_name: 'Clapper Loader',
  // Retired, never removed: stored camera reports still name it, and its id stays reserved.
  deprecated: {
    reason: 'The studio shoots digitally: there are no magazines to load, and card offloads belong to the DIT.',
    replaced_by: 'digital_imaging_technician',
  },
  seniority: 'assistant',
  tools: ['slate', 'changing_bag'],
  extract_contracts: [{ contract_id: 'ROLE:clapper_loader:X:1', schema_json: CREW_CONTRACTS.plan }],
  produce_contracts: [{ contract_id: 'ROLE:clapper_loader:C:1', schema_json: CREW_CONTRACTS.report }],
});
