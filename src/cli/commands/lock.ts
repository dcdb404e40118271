import type { CommandRegistration } from '../command.js';
import { InputError } from '../../input-error.js';
import { blocksLocking } from '../../law/judge.js';
import { describeChange, nextLockfile } from '../../lock-update.js';
import { writeLockfile } from '../../lockfile/io.js';
import { Registry } from '../../registry.js';
import { formatText } from '../formats/text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { exitCodeFor } from '../outcome.js';

/** Records what the source adds. Writes nothing while any law is broken. */
export function runLock(options: GlobalOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  const state = registry.inspect();
  if (!state.lock) {
    throw new InputError(
      'LOCKFILE_INVALID',
      registry.config.lockfile,
      `There is no lockfile at ${registry.config.lockfile}.`,
      'Run `role-registry init` for the first publish. If the lockfile was deleted, restore it from git: re-creating it would forget retired contracts.',
    );
  }
  const blocking = state.findings.filter(blocksLocking);
  if (blocking.length > 0) {
    io.stderr(formatText(blocking, { root: registry.config.root, cwd: options.cwd }, ''));
    io.stderr('The lockfile was not changed.\n');
    return Math.max(exitCodeFor(blocking), 1);
  }
  const { lock, changes } = nextLockfile(state.source.roles, state.lock, registry.context);
  const written = writeLockfile(registry.config.lockfile, lock);
  if (!written) {
    io.stdout('✔ The lockfile is up to date: nothing to record.\n');
    return 0;
  }
  io.stdout(`Recorded in ${registry.context.relative(registry.config.lockfile)}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n`);
  return 0;
}

export const registerLock: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('lock')
    .description('Record additions (roles, aliases, deprecations, contract versions) in the lockfile. Refuses, changing nothing, when a law is broken.')
    .action(() => {
      exit(runLock(global(), io));
    });
};
