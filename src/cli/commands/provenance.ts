import { Option } from 'commander';
import type { CommandRegistration } from '../command.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../support/atomic-file.js';
import { CONFIG_FILE_NAME, findConfigFile } from '../../source/config.js';
import { assertInsideProject } from '../../support/confinement.js';
import { provenanceModulePlainJs, provenanceModuleTs } from '../../provenance/module.js';
import { describeFindings, ProvenanceReader, type ProvenanceReading } from '../../provenance/source.js';
import type { RegistryProvenance } from '../../provenance/value.js';
import type { CommandIo, GlobalOptions } from '../io.js';

export type RegistryProblemsMode = 'error' | 'warning';

interface ProvenanceOptions extends GlobalOptions {
  /** Write the TypeScript module here (relative to cwd). Without it, print the value as JSON. */
  readonly out: string | undefined;
  /** Compare instead of writing: exit 1 when the module is missing or stale. */
  readonly check: boolean;
  readonly registryProblems: RegistryProblemsMode;
}

/**
 * Reads the provenance value for a command, printing what stands in the way. Returns the value,
 * or the exit code to stop with: 2 when there is no usable lockfile or config, 1 when the source
 * has problems and `registryProblems` is "error".
 */
export function provenanceForCommand(
  options: GlobalOptions & { registryProblems: RegistryProblemsMode },
  io: CommandIo,
): RegistryProvenance | 1 | 2 {
  const reading: ProvenanceReading = new ProvenanceReader().read({ cwd: options.cwd, configFile: options.configFile });
  if (!reading.provenance) {
    const unusable = reading.unusable!;
    io.stderr(`${unusable.message}\n    → ${unusable.hint}\n`);
    return 2;
  }
  if (reading.problems.length > 0) {
    const severity = options.registryProblems;
    io.stderr(
      `${severity === 'error' ? 'error' : 'warning'}: the registry source has ${reading.problems.length} problem(s) against the lockfile, so its hash may not describe what you build:\n` +
        `${describeFindings(reading.problems, reading, options.cwd)}\n` +
        (severity === 'error'
          ? 'Nothing written. Fix them (or `role-registry lock`), or pass --registry-problems warning to go on during local development.\n'
          : ''),
    );
    if (severity === 'error') return 1;
  }
  return reading.provenance;
}

/** `role-registry provenance`: the value as JSON, or a generated TS module for toolchains without transformers. */
function runProvenance(options: ProvenanceOptions, io: CommandIo): number {
  const provenance = provenanceForCommand(options, io);
  if (typeof provenance === 'number') return provenance;
  if (options.out === undefined) {
    if (options.check) {
      io.stderr('--check compares a generated module: pass --out <file>.\n');
      return 2;
    }
    io.stdout(`${JSON.stringify(provenance, null, 2)}\n`);
    return 0;
  }
  const file = path.resolve(options.cwd, options.out);
  assertOutInsideProject(options, file);
  const shown = path.relative(options.cwd, file) || file;
  // A .js/.mjs/.cjs target gets JavaScript, anything else TypeScript.
  const text = /\.[cm]?js$/.test(file) ? provenanceModulePlainJs(provenance) : provenanceModuleTs(provenance);
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (options.check) {
    if (current === text) {
      io.stdout(`✔ ${shown} is up to date (registry hash ${provenance.registryHash}).\n`);
      return 0;
    }
    io.stderr(
      `✖ ${shown} ${current === undefined ? 'does not exist' : 'is stale: it does not hold the provenance of the current lockfile'}.\n    → Run \`role-registry provenance --out ${shown}\` and commit the result.\n`,
    );
    return 1;
  }
  if (current === text) {
    io.stdout(`${shown} is up to date (registry hash ${provenance.registryHash}).\n`);
    return 0;
  }
  writeFileAtomically(file, text, { createDirectory: true });
  io.stdout(`Wrote ${shown} (registry hash ${provenance.registryHash}).\n`);
  return 0;
}

/**
 * `--out` of `provenance` and `attest` is read and written only inside the project of the config
 * the command reads (real paths: a linked folder pointing elsewhere is outside).
 */
export function assertOutInsideProject(options: GlobalOptions, file: string): void {
  const configFile = options.configFile ? path.resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  assertInsideProject(file, path.dirname(configFile ?? path.join(options.cwd, CONFIG_FILE_NAME)), '--out');
}

/** The option every command that reads provenance for a build shares. */
export function registryProblemsOption(): Option {
  return new Option(
    '--registry-problems <mode>',
    'what registry problems (violations, unlocked changes) do: error stops, warning reports and goes on',
  )
    .choices(['error', 'warning'])
    .default('error');
}

export const registerProvenance: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('provenance')
    .description(
      'Print the provenance value of the lockfile, or (--out) write it as a TypeScript module for toolchains without transformers (TypeScript 7 tsc, swc, tsx). Rewrites the file only when its content changes.',
    )
    .option('--out <file>', 'write the generated module to <file>')
    .option('--check', 'do not write: exit 1 when the module at --out is missing or stale (for CI)')
    .addOption(registryProblemsOption())
    .action((options: { out?: string; check?: boolean; registryProblems: RegistryProblemsMode }) => {
      exit(runProvenance({ ...global(), out: options.out, check: options.check ?? false, registryProblems: options.registryProblems }, io));
    });
};
