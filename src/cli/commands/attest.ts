import type { CommandRegistration } from '../command.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { portableRelative } from '../../portable-path.js';
import { inTotoStatement, sha256OfBytes, type AttestationSubject } from '../../provenance-attestation.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { assertOutInsideProject, provenanceForCommand, registryProblemsOption, type RegistryProblemsMode } from './provenance.js';

export interface AttestOptions extends GlobalOptions {
  readonly files: readonly string[];
  /** Write the statement here; without it, print it. */
  readonly out: string | undefined;
  readonly registryProblems: RegistryProblemsMode;
}

/** `role-registry attest <files…>`: an in-toto Statement v1 binding the files to the registry hash. */
export function runAttest(options: AttestOptions, io: CommandIo): number {
  const provenance = provenanceForCommand(options, io);
  if (typeof provenance === 'number') return provenance;
  if (options.out !== undefined) assertOutInsideProject(options, path.resolve(options.cwd, options.out));
  const subjects: AttestationSubject[] = [];
  for (const file of options.files) {
    const absolute = path.resolve(options.cwd, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(absolute);
    } catch (error) {
      io.stderr(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    subjects.push({ name: portableRelative(options.cwd, absolute), digest: { sha256: sha256OfBytes(bytes) } });
  }
  const text = `${JSON.stringify(inTotoStatement(subjects, provenance), null, 2)}\n`;
  if (options.out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileAtomic.sync(path.resolve(options.cwd, options.out), text, { encoding: 'utf8' });
  } catch (error) {
    io.stderr(`Cannot write ${options.out}: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout(`Wrote ${options.out}: ${subjects.length} subject${subjects.length === 1 ? '' : 's'} bound to registry hash ${provenance.registryHash}.\n`);
  return 0;
}

export const registerAttest: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('attest')
    .description('Write an in-toto Statement v1 binding built files (by sha256) to the registry hash of the lockfile.')
    .argument('<files...>', 'built artifacts')
    .option('--out <file>', 'write the statement to <file> instead of stdout')
    .addOption(registryProblemsOption())
    .action((files: string[], options: { out?: string; registryProblems: RegistryProblemsMode }) => {
      exit(runAttest({ ...global(), files, out: options.out, registryProblems: options.registryProblems }, io));
    });
};
