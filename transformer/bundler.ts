/**
 * `role-registry/bundler`: one unplugin plugin for esbuild, Vite, Rollup, webpack and Rspack.
 * It serves `role-registry/provenance` as a virtual module holding the provenance value of the
 * lockfile, and watches the lockfile: a watch rebuild after `role-registry lock` carries the new hash.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUnplugin, type UnpluginInstance } from 'unplugin';
import { PROVENANCE_SPECIFIER } from '../src/provenance/docs.js';
import { provenanceModuleJs } from '../src/provenance/module.js';
import { describeProblems, describeUnusable, ProvenanceReader } from '../src/provenance/source.js';

export interface BundlerPluginOptions {
  /** Where to look for role-registry.config.json (upward). Default: the working directory. */
  readonly cwd?: string;
  /** The config file, absolute or relative to `cwd`. */
  readonly configFile?: string;
  /**
   * What a registry problem (a law violation, or changes not yet recorded by `role-registry lock`)
   * does to the build: `"error"` (default) fails it; `"warning"` reports it and builds.
   */
  readonly registryProblems?: 'error' | 'warning';
}

/** The id of the virtual module. The `\0` prefix keeps other plugins (and the file system) away from it. */
export const VIRTUAL_PROVENANCE_ID = '\0role-registry-provenance.js';

/** The record kernel the served module imports, by absolute path (dependency-free: it runs in the app). */
const RECORD_KERNEL = fileURLToPath(new URL('../src/provenance/output-record.js', import.meta.url));

const DOWNGRADE_HINT =
  'To build anyway during local development, pass { registryProblems: "warning" } to the role-registry bundler plugin.';

export const roleRegistryPlugin: UnpluginInstance<BundlerPluginOptions | undefined, false> = createUnplugin<
  BundlerPluginOptions | undefined,
  false
>((options = {}) => {
  const registryProblems = options.registryProblems ?? 'error';
  if (registryProblems !== 'error' && registryProblems !== 'warning') {
    throw new TypeError(`role-registry/bundler: "registryProblems" must be "error" or "warning", not ${JSON.stringify(registryProblems)}.`);
  }
  const reader = new ProvenanceReader();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  return {
    name: 'role-registry',
    enforce: 'pre',
    resolveId: {
      filter: { id: /^role-registry\/provenance$/ },
      handler(id) {
        return id === PROVENANCE_SPECIFIER ? VIRTUAL_PROVENANCE_ID : null;
      },
    },
    load: {
      filter: { id: /role-registry-provenance/ },
      handler(id) {
        if (id !== VIRTUAL_PROVENANCE_ID) return null;
        const reading = reader.read({ cwd, configFile: options.configFile });
        // Watch the lockfile (and the config) even when they are broken: fixing them must rebuild.
        if (reading.lockfile) this.addWatchFile(reading.lockfile);
        if (reading.configFile) this.addWatchFile(reading.configFile);
        // Errors are thrown rather than passed to this.error(): every bundler fails the build on a
        // thrown error, while some of unplugin's adapters (esbuild) only collect this.error() calls.
        if (!reading.provenance) throw new Error(describeUnusable(reading));
        if (reading.problems.length > 0) {
          const message = describeProblems(reading, cwd, DOWNGRADE_HINT);
          if (registryProblems === 'error') throw new Error(message);
          this.warn(message);
        }
        return { code: provenanceModuleJs(reading.provenance, RECORD_KERNEL), map: null };
      },
    },
  };
});

export const esbuild = roleRegistryPlugin.esbuild;
export const vite = roleRegistryPlugin.vite;
export const rollup = roleRegistryPlugin.rollup;
export const webpack = roleRegistryPlugin.webpack;
export const rspack = roleRegistryPlugin.rspack;
export default roleRegistryPlugin;
