import path from 'node:path';
import { ProvenanceReader, type ProvenanceReading } from '../src/provenance/source.js';

/** One reader per process, shared by every transformer instance: a watch build re-reads only what changed. */
const provenanceReader = new ProvenanceReader();

/**
 * The provenance reading for one source file: from the configured config file (relative to the
 * working directory), or from the config found upward from the file.
 */
export function readingFor(fileName: string, configFile: string | undefined): ProvenanceReading {
  const cwd = process.cwd();
  return provenanceReader.read(configFile ? { cwd, configFile } : { cwd: path.dirname(path.resolve(cwd, fileName)) });
}
