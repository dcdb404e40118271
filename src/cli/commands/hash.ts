import type { CommandRegistration } from '../command.js';
import { canonicalSnapshot, registryHash } from '../../canonical/hashing.js';
import { lockfileSnapshot } from '../../lockfile/format.js';
import { VIOLATIONS } from '../../core/findings.js';
import { InputError } from '../../core/input-error.js';
import { Registry } from '../../project/registry.js';
import { sourceSnapshot } from '../../canonical/snapshot.js';
import { formatText } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';
import { exitCodeFor } from '../outcome.js';

interface HashOptions extends GlobalOptions {
  readonly fromLockfile: boolean;
  readonly printSnapshot: boolean;
}

/** Prints the registry hash. A source hash needs every declaration resolved and unambiguous. */
function runHash(options: HashOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  let snapshot;
  if (options.fromLockfile) {
    const lock = registry.lockfile();
    if (!lock)
      throw new InputError(
        'LOCKFILE_INVALID',
        registry.config.lockfile,
        `There is no lockfile at ${registry.config.lockfile}.`,
        'Run `role-registry init` first.',
      );
    snapshot = lockfileSnapshot(lock);
  } else {
    const state = registry.inspect();
    // Lockfile findings do not make the source's hash ambiguous; declaration problems do.
    const ambiguous = state.findings.filter((f) => VIOLATIONS[f.code].kind === 'source' || VIOLATIONS[f.code].kind === 'input');
    if (ambiguous.length > 0) {
      io.stderr(formatText(ambiguous, { root: registry.config.root, cwd: options.cwd }, ''));
      io.stderr('No registry hash: the declarations above are not all resolved and unambiguous.\n');
      return Math.max(exitCodeFor(ambiguous), 1);
    }
    snapshot = sourceSnapshot(state.source.roles);
  }
  io.stdout(options.printSnapshot ? `${canonicalSnapshot(snapshot)}\n` : `${registryHash(snapshot)}\n`);
  return 0;
}

export const registerHash: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('hash')
    .description('Print the registry hash (sha256 of the canonical snapshot) of the source.')
    .option('--lockfile', 'hash the snapshot recorded in the lockfile instead of the source')
    .option('--snapshot', 'print the canonical snapshot JSON instead of its hash')
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { lockfile?: boolean; snapshot?: boolean; recursive?: boolean }) => {
      const hash = (selected: GlobalOptions, to: CommandIo): number =>
        runHash({ ...selected, fromLockfile: options.lockfile ?? false, printSnapshot: options.snapshot ?? false }, to);
      exit(options.recursive ? forEachRegistry(global(), io, options.snapshot ? 'sections' : 'lines', hash) : hash(global(), io));
    });
};
