import { Command, CommanderError, Option } from 'commander';
import { PACKAGE_VERSION } from '../version.js';
import { InputError } from '../input-error.js';
import { runCheck } from './commands/check.js';
import { runHash } from './commands/hash.js';
import { runInit } from './commands/init.js';
import { runLock } from './commands/lock.js';
import { runStatus } from './commands/status.js';
import { runProvenance } from './commands/provenance.js';
import { runAttest } from './commands/attest.js';
import { runVerify } from './commands/verify.js';
import { formatText } from './formats/text.js';
import type { CommandIo } from './io.js';

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_UNUSABLE = 2;

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

  const global = (): { cwd: string; configFile: string | undefined } => {
    const options = program.opts<{ cwd?: string; config?: string }>();
    return { cwd: options.cwd ?? io.cwd, configFile: options.config };
  };

  program
    .command('check')
    .description('Validate the source against the lockfile (and, with --against, the lockfile against a base git ref). Exit 0 clean, 1 violations, 2 unusable input.')
    .option('--against <ref>', 'also compare with the lockfile at this git ref (default: baseRef from the config, if set)')
    .option('--no-against', 'do not compare with a base ref even if the config sets baseRef')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .action((options: { against?: string | false; format: 'text' | 'json' | 'sarif' | 'github' }) => {
      exitCode = runCheck({ ...global(), against: options.against, format: options.format }, io);
    });

  program
    .command('lock')
    .description('Record additions (roles, aliases, deprecations, contract versions) in the lockfile. Refuses, changing nothing, when a law is broken.')
    .action(() => {
      exitCode = runLock(global(), io);
    });

  program
    .command('init')
    .description('First publish: write the lockfile (and a default config if there is none). Refuses if a lockfile exists.')
    .option('--include <glob...>', 'registry file globs for a new config', ['src/roles/**/*.ts'])
    .action((options: { include: string[] }) => {
      exitCode = runInit({ ...global(), include: options.include }, io);
    });

  program
    .command('hash')
    .description('Print the registry hash (sha256 of the canonical snapshot) of the source.')
    .option('--lockfile', 'hash the snapshot recorded in the lockfile instead of the source')
    .option('--snapshot', 'print the canonical snapshot JSON instead of its hash')
    .action((options: { lockfile?: boolean; snapshot?: boolean }) => {
      exitCode = runHash({ ...global(), fromLockfile: options.lockfile ?? false, printSnapshot: options.snapshot ?? false }, io);
    });

  program
    .command('status')
    .description('Show what `lock` would record, and what blocks it.')
    .action(() => {
      exitCode = runStatus(global(), io);
    });

  const registryProblemsOption = (): Option =>
    new Option('--registry-problems <mode>', 'what registry problems (violations, unlocked changes) do: error stops, warning reports and goes on').choices(['error', 'warning']).default('error');

  program
    .command('provenance')
    .description('Print the provenance value of the lockfile, or (--out) write it as a TypeScript module for toolchains without transformers (TypeScript 7 tsc, swc, tsx). Rewrites the file only when its content changes.')
    .option('--out <file>', 'write the generated module to <file>')
    .option('--check', 'do not write: exit 1 when the module at --out is missing or stale (for CI)')
    .addOption(registryProblemsOption())
    .action((options: { out?: string; check?: boolean; registryProblems: 'error' | 'warning' }) => {
      exitCode = runProvenance({ ...global(), out: options.out, check: options.check ?? false, registryProblems: options.registryProblems }, io);
    });

  program
    .command('attest')
    .description('Write an in-toto Statement v1 binding built files (by sha256) to the registry hash of the lockfile.')
    .argument('<files...>', 'built artifacts')
    .option('--out <file>', 'write the statement to <file> instead of stdout')
    .addOption(registryProblemsOption())
    .action((files: string[], options: { out?: string; registryProblems: 'error' | 'warning' }) => {
      exitCode = runAttest({ ...global(), files, out: options.out, registryProblems: options.registryProblems }, io);
    });

  program
    .command('verify')
    .description('Check that built artifacts carry the registry hash of the current lockfile. Exit 1 when one carries none or another.')
    .argument('<files...>', 'built artifacts')
    .action((files: string[]) => {
      exitCode = runVerify({ ...global(), files }, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CLEAN : EXIT_UNUSABLE;
    }
    if (error instanceof InputError) {
      io.stderr(formatText([error.finding], { root: io.cwd, cwd: io.cwd }, ''));
      return EXIT_UNUSABLE;
    }
    throw error;
  }
  return exitCode;
}
