import { InvalidArgumentError } from 'commander';
import type { CommandRegistration } from '../command.js';
import { InputError } from '../../core/input-error.js';
import { blocksLocking } from '../../law/judge.js';
import { describeChange, nextLockfile } from '../../project/lock-update.js';
import { announcedWait, DEFAULT_LOCK_WAIT_SECONDS, withLockfileLock, type AcquireOptions } from '../../lockfile/advisory-lock.js';
import { assertLockfileWritable } from '../../lockfile/confined.js';
import { removeAbandonedTempFiles, writeLockfile } from '../../lockfile/io.js';
import { Registry } from '../../project/registry.js';
import { formatText } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { exitCodeFor } from '../outcome.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';

interface LockOptions extends GlobalOptions {
  /** How long to wait for another process writing the lockfile, in seconds. */
  readonly waitSeconds: number;
}

/** Records what the source adds. Writes nothing while any law is broken. */
function runLock(options: LockOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  assertLockfileWritable(registry.config.lockfile, registry.config.root);
  // Held from before the lockfile is read until after it is written: a second writer that read the
  // same lockfile meanwhile would drop what this one records.
  return withLockfileLock(registry.config.lockfile, lockWaitOptions(options.waitSeconds, io), () => {
    reportAbandonedTempFiles(registry.config.lockfile, io);
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
    const written = writeLockfile(registry.config.lockfile, lock, registry.config.root);
    if (!written) {
      io.stdout('✔ The lockfile is up to date: nothing to record.\n');
      return 0;
    }
    io.stdout(
      `Recorded in ${registry.context.relative(registry.config.lockfile)}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n`,
    );
    return 0;
  });
}

/** How `init`, `lock` and `waive` wait for another writer, telling the user once that they wait. */
export function lockWaitOptions(waitSeconds: number, io: CommandIo): AcquireOptions {
  return announcedWait(waitSeconds, (text) => io.stderr(text));
}

/** A SIGKILL mid-write can leave a temporary file (src/support/atomic-file.ts); the lockfile itself is intact. */
export function reportAbandonedTempFiles(lockfile: string, io: CommandIo): void {
  for (const name of removeAbandonedTempFiles(lockfile)) {
    io.stderr(`Removed ${name}, left by an interrupted write (the lockfile itself was not affected).\n`);
  }
}

/** `--wait <seconds>`: shared by the commands that write the lockfile. */
export function parseWaitSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new InvalidArgumentError('expected a number of seconds, e.g. 30');
  return seconds;
}

export const DEFAULT_WAIT_SECONDS = DEFAULT_LOCK_WAIT_SECONDS;

export const registerLock: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('lock')
    .description(
      'Record additions (roles, aliases, deprecations, contract versions) in the lockfile. Refuses, changing nothing, when a law is broken.',
    )
    .option(
      '--wait <seconds>',
      'how long to wait while another role-registry process writes the lockfile',
      parseWaitSeconds,
      DEFAULT_WAIT_SECONDS,
    )
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { wait: number; recursive?: boolean }) => {
      const lock = (selected: GlobalOptions, to: CommandIo): number => runLock({ ...selected, waitSeconds: options.wait }, to);
      exit(options.recursive ? forEachRegistry(global(), io, 'sections', lock) : lock(global(), io));
    });
};
