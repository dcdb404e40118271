import { existsSync } from 'node:fs';
import type { CommandRegistration } from '../command.js';
import { compareCodeUnits } from '../../canonical/hashing.js';
import { Registry } from '../../project/registry.js';
import { portableRelative } from '../../support/portable-path.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';

/**
 * Every file a check of the registry reads, one per line, relative to the working directory: the
 * config, the lockfile, the tsconfig chain, the package.json files imports resolve through, the
 * registry files and every source their imports reach (shared schemas in other packages included).
 * What a build system (Nx, Turborepo) keys a cached `check` on.
 */
function runInputs(options: GlobalOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  registry.workspace.analyze();
  const lockfile = existsSync(registry.config.lockfile) ? [registry.config.lockfile] : [];
  const files = new Set([registry.config.configFile, ...lockfile, ...registry.workspace.filesRead()]);
  const lines = [...files].map((file) => portableRelative(options.cwd, file)).sort(compareCodeUnits);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export const registerInputs: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('inputs')
    .description(
      'Print every file a check of the registry reads (config, lockfile, tsconfig chain, sources, shared schemas), one per line.',
    )
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { recursive?: boolean }) => {
      exit(options.recursive ? forEachRegistry(global(), io, 'concatenated', runInputs) : runInputs(global(), io));
    });
};
