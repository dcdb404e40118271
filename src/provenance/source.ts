import path from 'node:path';
import { CONFIG_FILE_NAME, findConfigFile } from '../source/config.js';
import { findingText } from '../report/finding-text.js';
import type { Finding } from '../core/findings.js';
import { InputError } from '../core/input-error.js';
import { provenanceOf, type RegistryProvenance } from './value.js';
import { Registry } from '../project/registry.js';

/** What a build path learns about a project's registry before it embeds the provenance value. */
export interface ProvenanceReading {
  /** The config file that located the registry (absent when none was found). */
  readonly configFile: string | undefined;
  /** The lockfile the value comes from: build tools watch it. */
  readonly lockfile: string | undefined;
  /** The value, from the lockfile. Absent when there is no usable lockfile or config. */
  readonly provenance: RegistryProvenance | undefined;
  /** Why there is no value: no config, no lockfile, an unreadable lockfile. */
  readonly unusable: Finding | undefined;
  /**
   * Every finding of the source against the lockfile (law violations and unlocked changes,
   * `LOCK_OUTDATED`): while any stands, the lockfile's hash may not describe the source being built.
   */
  readonly problems: readonly Finding[];
  readonly root: string | undefined;
  /**
   * What a watching build tool watches: the config, the lockfile and every file the registry
   * analysis read (registry files and the modules they import), so that any change rebuilds.
   */
  readonly watchFiles: readonly string[];
}

export interface ProvenanceLocation {
  /** Where to start looking for role-registry.config.json (upward). */
  readonly cwd: string;
  /** An explicit config file, relative to `cwd`. */
  readonly configFile?: string | undefined;
}

/**
 * Reads provenance for build tools. Keeps one Registry per config file, so a long-lived process
 * (watch mode, a dev server) re-reads only the lockfile and the role files that changed.
 */
export class ProvenanceReader {
  private readonly registries = new Map<string, Registry>();

  read(location: ProvenanceLocation): ProvenanceReading {
    const configFile = location.configFile ? path.resolve(location.cwd, location.configFile) : findConfigFile(location.cwd);
    if (configFile === undefined) {
      const error = new InputError(
        'CONFIG_INVALID',
        path.join(location.cwd, CONFIG_FILE_NAME),
        `No ${CONFIG_FILE_NAME} in ${location.cwd} or any parent directory, so there is no registry to take the provenance from.`,
        'Run `role-registry init` at the project root, or point the build plugin at the config with its `configFile` option.',
      );
      return {
        configFile,
        lockfile: undefined,
        provenance: undefined,
        unusable: error.finding,
        problems: [],
        root: undefined,
        watchFiles: [],
      };
    }
    let registry: Registry | undefined;
    try {
      registry = this.registries.get(configFile) ?? Registry.forTool(configFile);
      this.registries.set(configFile, registry);
      const state = registry.inspect();
      const lockfile = registry.config.lockfile;
      const watchFiles = [configFile, lockfile, ...registry.workspace.filesRead()];
      if (!state.lock) {
        const error = new InputError(
          'LOCKFILE_INVALID',
          lockfile,
          `There is no lockfile at ${lockfile}, so there is no registry hash to embed.`,
          'Run `role-registry init` to publish the registry, and commit the lockfile.',
        );
        return {
          configFile,
          lockfile,
          provenance: undefined,
          unusable: error.finding,
          problems: state.findings,
          root: registry.config.root,
          watchFiles,
        };
      }
      return {
        configFile,
        lockfile,
        provenance: provenanceOf(state.lock),
        unusable: undefined,
        problems: state.findings,
        root: registry.config.root,
        watchFiles,
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.registries.delete(configFile);
      return {
        configFile,
        lockfile: registry?.config.lockfile,
        provenance: undefined,
        unusable: error.finding,
        problems: [],
        root: registry?.config.root,
        watchFiles: registry ? [configFile, registry.config.lockfile, ...registry.workspace.filesRead()] : [configFile],
      };
    }
  }
}

/** The findings as `check` prints them (place, severity, code, message, next step), for a build tool's diagnostic. */
export function describeFindings(findings: readonly Finding[], reading: ProvenanceReading, cwd: string): string {
  return findings.map((f) => findingText(f, { root: reading.root ?? cwd, cwd }, '  ')).join('\n');
}

/** Why a build cannot embed the provenance value, as one message. */
export function describeUnusable(reading: ProvenanceReading): string {
  const unusable = reading.unusable;
  if (!unusable) return '';
  return `role-registry: cannot fill in REGISTRY_PROVENANCE: ${unusable.message}\n    → ${unusable.hint}`;
}

/**
 * The message a build tool shows when the source has problems: the lockfile's hash may not
 * describe what is being built. `optionHint` names the tool's option that downgrades it.
 */
export function describeProblems(reading: ProvenanceReading, cwd: string, optionHint: string): string {
  const count = reading.problems.length;
  return [
    `role-registry: the registry source has ${count} problem${count === 1 ? '' : 's'} against ${reading.lockfile ? path.relative(cwd, reading.lockfile) || reading.lockfile : 'its lockfile'}, so the embedded registry hash (from the lockfile) may not describe this build:`,
    describeFindings(reading.problems, reading, cwd),
    `Fix them or run \`role-registry lock\` to record additions, then rebuild. ${optionHint}`,
  ].join('\n');
}
