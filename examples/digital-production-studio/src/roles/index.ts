/**
 * The whole catalog, in pack order, and a run-time index that resolves former names (aliases).
 */
import { createRoleIndex } from 'role-registry';
import * as art from './art.js';
import * as camera from './camera.js';
import * as color from './color.js';
import * as direction from './direction.js';
import * as distribution from './distribution.js';
import * as editorial from './editorial.js';
import * as executive from './executive.js';
import * as lighting from './lighting.js';
import * as music from './music.js';
import * as sound from './sound.js';
import * as story from './story.js';
import * as vfx from './vfx.js';
import * as wardrobe from './wardrobe.js';

export const STUDIO_ROLES = [
  executive.executiveProducer,
  executive.producer,
  executive.productionManager,
  story.screenwriter,
  story.scriptEditor,
  direction.director,
  direction.firstAssistantDirector,
  direction.scriptSupervisor,
  direction.castingDirector,
  camera.directorOfPhotography,
  camera.cameraOperator,
  camera.firstAssistantCamera,
  camera.digitalImagingTechnician,
  camera.clapperLoader,
  lighting.gaffer,
  lighting.keyGrip,
  art.productionDesigner,
  art.artDirector,
  art.setDecorator,
  art.propMaster,
  art.storyboardArtist,
  wardrobe.costumeDesigner,
  wardrobe.makeupArtist,
  wardrobe.hairStylist,
  sound.productionSoundMixer,
  sound.soundDesigner,
  sound.foleyArtist,
  sound.reRecordingMixer,
  editorial.editor,
  editorial.assistantEditor,
  vfx.vfxSupervisor,
  vfx.compositor,
  color.colorist,
  color.telecineOperator,
  music.composer,
  music.musicSupervisor,
  distribution.localizationSpecialist,
  distribution.deliveryManager,
] as const;

export const studioRoles = createRoleIndex(STUDIO_ROLES);
