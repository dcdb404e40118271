import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../core/version.js';
import { InputError } from '../core/input-error.js';
import type { CommandRegistration } from './command.js';
import { registerAlias } from './commands/alias.js';
import { registerAttest } from './commands/attest.js';
import { registerAudit } from './commands/audit.js';
import { registerBump } from './commands/bump.js';
import { registerCheck } from './commands/check.js';
import { registerDeprecate } from './commands/deprecate.js';
import { registerHash } from './commands/hash.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerInputs } from './commands/inputs.js';
import { registerLock } from './commands/lock.js';
import { registerLog } from './commands/log.js';
import { registerMergeDriver } from './commands/merge-driver.js';
import { registerProvenance } from './commands/provenance.js';
import { registerStatus } from './commands/status.js';
import { registerVerify } from './commands/verify.js';
import { registerVerifyRecords } from './commands/verify-records.js';
import { registerWaive } from './commands/waive.js';
import { formatText } from '../report/finding-text.js';
import type { CommandIo, GlobalOptions } from './io.js';
import { EXIT_CLEAN, EXIT_UNUSABLE } from './outcome.js';

/** Every command, in the order `--help` lists them. Each module registers its own options. */
const COMMANDS: readonly CommandRegistration[] = [
  registerInit,
  registerStatus,
  registerLock,
  registerCheck,
  registerHash,
  registerInputs,
  registerProvenance,
  registerAttest,
  registerVerify,
  registerVerifyRecords,
  registerDeprecate,
  registerAlias,
  registerBump,
  registerImport,
  registerWaive,
  registerAudit,
  registerLog,
  registerMergeDriver,
];

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  let exitCode = EXIT_CLEAN;
  const program = new Command('role-registry')
    .description('Keep a catalog of roles append-only: lock, check and hash a role registry.')
    .version(PACKAGE_VERSION)
    .option('--cwd <dir>', 'run as if started in <dir>')
    .option('--config <file>', 'use this config file instead of searching for role-registry.config.json')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) });

  const global = (): GlobalOptions => {
    const options = program.opts<{ cwd?: string; config?: string }>();
    // "Run as if started in <dir>": a relative --cwd is relative to where the process started.
    return { cwd: options.cwd === undefined ? io.cwd : path.resolve(io.cwd, options.cwd), configFile: options.config };
  };
  for (const register of COMMANDS) {
    register({ program, io, global, exit: (code) => (exitCode = code) });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CLEAN : EXIT_UNUSABLE;
    }
    if (error instanceof InputError) {
      const { cwd } = global();
      io.stderr(formatText([error.finding], { root: cwd, cwd }, ''));
      return EXIT_UNUSABLE;
    }
    throw error;
  }
  return exitCode;
}
