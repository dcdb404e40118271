import { ProvenanceReader } from '../src/provenance-source.js';

/** One reader per process, shared by every transformer instance: a watch build re-reads only what changed. */
export const provenanceReader = new ProvenanceReader();
