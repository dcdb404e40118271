import type { CommandRegistration } from '../command.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../input-error.js';
import { registryHashesIn } from '../../provenance-attestation.js';
import { provenanceOf } from '../../provenance.js';
import { Registry } from '../../registry.js';
import type { CommandIo, GlobalOptions } from '../io.js';

export interface VerifyOptions extends GlobalOptions {
  readonly files: readonly string[];
}

/**
 * `role-registry verify <files…>`: every artifact must carry the registry hash of the current
 * lockfile. Exit 0 when all do, 1 when one carries none or another, 2 when input is unusable.
 */
export function runVerify(options: VerifyOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  const lock = registry.lockfile();
  if (!lock) throw new InputError('LOCKFILE_INVALID', registry.config.lockfile, `There is no lockfile at ${registry.config.lockfile} to verify against.`, 'Run `role-registry init` first.');
  const expected = provenanceOf(lock).registryHash;
  let failed = 0;
  for (const file of options.files) {
    let text: string;
    try {
      text = readFileSync(path.resolve(options.cwd, file), 'latin1');
    } catch (error) {
      io.stderr(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const hashes = registryHashesIn(text);
    if (hashes.length === 0) {
      failed += 1;
      io.stdout(`✖ ${file}: carries no registry hash (was it built without the role-registry transformer or bundler plugin?).\n`);
    } else if (hashes.some((hash) => hash !== expected)) {
      failed += 1;
      io.stdout(`✖ ${file}: built against registry ${hashes.filter((hash) => hash !== expected).join(', ')}, but the lockfile is at ${expected}. Rebuild it.\n`);
    } else {
      io.stdout(`✔ ${file}: registry ${expected}.\n`);
    }
  }
  if (failed > 0) io.stdout(`\n${failed} of ${options.files.length} artifact${options.files.length === 1 ? '' : 's'} do not carry the current registry hash.\n`);
  return failed > 0 ? 1 : 0;
}

export const registerVerify: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('verify')
    .description('Check that built artifacts carry the registry hash of the current lockfile. Exit 1 when one carries none or another.')
    .argument('<files...>', 'built artifacts')
    .action((files: string[]) => {
      exit(runVerify({ ...global(), files }, io));
    });
};
