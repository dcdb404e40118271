import type { CommandRegistration } from '../command.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFilesAtomically, type FileWrite } from '../../support/atomic-file.js';
import { CONFIG_FILE_NAME, DEFAULT_LOCKFILE_NAME, findConfigFile, parseConfig } from '../../source/config.js';
import { InputError } from '../../core/input-error.js';
import { blocksLocking } from '../../law/judge.js';
import { describeChange, nextLockfile } from '../../project/lock-update.js';
import { withLockfileLock } from '../../lockfile/advisory-lock.js';
import { assertInsideProject } from '../../support/confinement.js';
import { assertLockfileWritable } from '../../lockfile/confined.js';
import { lockfileWrite } from '../../lockfile/io.js';
import { DEFAULT_WAIT_SECONDS, lockWaitOptions, parseWaitSeconds, reportAbandonedTempFiles } from './lock.js';
import { Registry } from '../../project/registry.js';
import { formatText } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { exitCodeFor } from '../outcome.js';

interface InitOptions extends GlobalOptions {
  readonly include: readonly string[];
  /** How long to wait for another process writing the lockfile, in seconds. */
  readonly waitSeconds: number;
}

/**
 * The first publish. Creates a config when there is none (in the working directory), then writes
 * the lockfile; writes nothing at all when the source breaks a law or a lockfile already exists.
 */
function runInit(options: InitOptions, io: CommandIo): number {
  const cwd = path.resolve(options.cwd);
  const existingConfig = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(cwd);
  const configFile = existingConfig ?? path.join(cwd, CONFIG_FILE_NAME);
  const configText = existingConfig
    ? undefined
    : `${JSON.stringify({ include: options.include, lockfile: DEFAULT_LOCKFILE_NAME }, null, 2)}\n`;
  const registry = existingConfig ? Registry.open({ cwd, configFile: existingConfig }) : new Registry(parseConfig(configFile, configText!));
  if (configText !== undefined) assertInsideProject(configFile, registry.config.root, 'The config file');
  assertLockfileWritable(registry.config.lockfile, registry.config.root);
  return withLockfileLock(registry.config.lockfile, lockWaitOptions(options.waitSeconds, io), () => {
    reportAbandonedTempFiles(registry.config.lockfile, io);
    if (existsSync(registry.config.lockfile)) {
      throw new InputError(
        'LOCKFILE_INVALID',
        registry.config.lockfile,
        `A lockfile already exists at ${registry.config.lockfile}; init is for the first publish only.`,
        'Run `role-registry lock` to record changes, or `role-registry status` to see them.',
      );
    }
    const state = registry.inspect();
    const blocking = state.findings.filter(blocksLocking);
    if (blocking.length > 0) {
      io.stderr(formatText(blocking, { root: registry.config.root, cwd }, ''));
      io.stderr('Nothing was written.\n');
      return Math.max(exitCodeFor(blocking), 1);
    }
    const { lock, changes } = nextLockfile(state.source.roles, undefined, registry.context);
    // The config and the lockfile as one change: a full disk leaves neither behind.
    const writes: FileWrite[] = [];
    if (configText !== undefined) writes.push({ file: configFile, bytes: configText, mode: 'create' });
    writes.push(lockfileWrite(registry.config.lockfile, lock, registry.config.root, 'create')!);
    writeFilesAtomically(writes);
    if (configText !== undefined) io.stdout(`Created ${path.relative(cwd, configFile) || CONFIG_FILE_NAME}.\n`);
    io.stdout(
      `Published ${lock.roles.size} roles to ${registry.context.relative(registry.config.lockfile)}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n`,
    );
    return 0;
  });
}

export const registerInit: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('init')
    .description('First publish: write the lockfile (and a default config if there is none). Refuses if a lockfile exists.')
    .option('--include <glob...>', 'registry file globs for a new config', ['src/roles/**/*.ts'])
    .option(
      '--wait <seconds>',
      'how long to wait while another role-registry process writes the lockfile',
      parseWaitSeconds,
      DEFAULT_WAIT_SECONDS,
    )
    .action((options: { include: string[]; wait: number }) => {
      exit(runInit({ ...global(), include: options.include, waitSeconds: options.wait }, io));
    });
};
