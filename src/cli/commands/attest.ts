import type { CommandRegistration } from '../command.js';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../support/atomic-file.js';
import { isUnusable, locateArtifact } from '../../provenance/attested-artifact.js';
import { inTotoStatement, registryHashProblem, sha256OfBytes, type AttestationSubject } from '../../provenance/attestation.js';
import { Registry } from '../../project/registry.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { assertOutInsideProject, provenanceForCommand, registryProblemsOption, type RegistryProblemsMode } from './provenance.js';

interface AttestOptions extends GlobalOptions {
  readonly files: readonly string[];
  /** Write the statement here; without it, print it. */
  readonly out: string | undefined;
  readonly registryProblems: RegistryProblemsMode;
}

/**
 * `role-registry attest <files…>`: an in-toto Statement v1 binding the files to the registry hash.
 * It certifies only what `verify` accepts: each file inside the project (by real path), once, and
 * carrying the registry hash of the current lockfile. Any other subject refuses the whole statement.
 */
function runAttest(options: AttestOptions, io: CommandIo): number {
  const provenance = provenanceForCommand(options, io);
  if (typeof provenance === 'number') return provenance;
  const realRoot = realpathSync.native(Registry.open(options).config.root);
  if (options.out !== undefined) assertOutInsideProject(options, path.resolve(options.cwd, options.out));
  const subjects: AttestationSubject[] = [];
  const givenAs = new Map<string, string>();
  const refused: string[] = [];
  for (const file of options.files) {
    const artifact = locateArtifact(realRoot, path.resolve(options.cwd, file));
    if (isUnusable(artifact)) {
      refused.push(`✖ ${file}: ${artifact.problem}.`);
      continue;
    }
    const earlier = givenAs.get(artifact.name);
    if (earlier !== undefined) {
      io.stderr(`note: ${file} is the same file as ${earlier}; it is attested once, as ${artifact.name}.\n`);
      continue;
    }
    givenAs.set(artifact.name, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(artifact.file);
    } catch (error) {
      refused.push(`✖ ${file}: cannot be read (${(error as Error).message}).`);
      continue;
    }
    const problem = registryHashProblem(bytes.toString('latin1'), provenance.registryHash);
    if (problem !== undefined) {
      refused.push(`✖ ${file}: ${problem}.`);
      continue;
    }
    subjects.push({ name: artifact.name, digest: { sha256: sha256OfBytes(bytes) } });
  }
  if (refused.length > 0) {
    io.stderr(
      `${refused.join('\n')}\nNothing attested: a statement binds only files of the project that carry the registry hash of the current lockfile (${provenance.registryHash}).\n` +
        '    → Rebuild those files against the current lockfile, or leave them out, and run attest again.\n',
    );
    return 2;
  }
  const text = `${JSON.stringify(inTotoStatement(subjects, provenance), null, 2)}\n`;
  if (options.out === undefined) {
    io.stdout(text);
    return 0;
  }
  writeFileAtomically(path.resolve(options.cwd, options.out), text);
  io.stdout(
    `Wrote ${options.out}: ${subjects.length} subject${subjects.length === 1 ? '' : 's'} bound to registry hash ${provenance.registryHash}.\n`,
  );
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
