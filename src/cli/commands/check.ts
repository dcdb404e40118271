import { Option } from 'commander';
import type { CommandRegistration } from '../command.js';
import { Registry } from '../../registry.js';
import { registryHash } from '../../hashing.js';
import { InputError } from '../../input-error.js';
import { sourceSnapshot } from '../../snapshot.js';
import { formatGithub } from '../formats/github.js';
import { formatJson } from '../formats/json.js';
import { formatSarif } from '../formats/sarif.js';
import { formatText } from '../formats/text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { exitCodeFor } from '../outcome.js';

export interface CheckOptions extends GlobalOptions {
  readonly against: string | false | undefined;
  readonly format: 'text' | 'json' | 'sarif' | 'github';
}

/** The blocking validator: every law, every finding in one run. */
export function runCheck(options: CheckOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  // Without a lockfile nothing is published, so "the source agrees with the lockfile" would be a lie.
  if (!registry.lockfile()) {
    throw new InputError(
      'LOCKFILE_INVALID',
      registry.config.lockfile,
      `There is no lockfile at ${registry.config.lockfile}, so there is nothing to check the source against.`,
      'Run `role-registry init` to publish the registry and commit the lockfile; if it was deleted, restore it from git.',
    );
  }
  const against = options.against === false ? undefined : (options.against ?? registry.config.baseRef);
  const state = registry.inspect(against === undefined ? {} : { against });
  const findings = state.findings;
  const exitCode = exitCodeFor(findings);
  const report = { root: registry.config.root, cwd: options.cwd };
  const roles = state.source.roles.length;
  const contracts = state.source.roles.reduce((sum, role) => sum + role.contracts.length, 0);
  const hash = exitCode === 0 ? registryHash(sourceSnapshot(state.source.roles)) : undefined;
  switch (options.format) {
    case 'json':
      io.stdout(formatJson(findings, report, { registryHash: hash ?? null, roles, contracts, against: against ?? null }));
      break;
    case 'sarif':
      io.stdout(formatSarif(findings, report));
      break;
    case 'github':
      io.stdout(formatGithub(findings, report));
      break;
    case 'text': {
      const baseline = against === undefined ? '' : state.baseline?.lock ? ` and with the lockfile at ${against}` : ` (no lockfile at ${against}: nothing to compare there)`;
      io.stdout(formatText(findings, report, `${roles} roles, ${contracts} contracts: the source agrees with the lockfile${baseline}. Registry hash ${hash}.`));
    }
  }
  return exitCode;
}

export const registerCheck: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('check')
    .description('Validate the source against the lockfile (and, with --against, the lockfile against a base git ref). Exit 0 clean, 1 violations, 2 unusable input.')
    .option('--against <ref>', 'also compare with the lockfile at this git ref (default: baseRef from the config, if set)')
    .option('--no-against', 'do not compare with a base ref even if the config sets baseRef')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .action((options: { against?: string | false; format: 'text' | 'json' | 'sarif' | 'github' }) => {
      exit(runCheck({ ...global(), against: options.against, format: options.format }, io));
    });
};
