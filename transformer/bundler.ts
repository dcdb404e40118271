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

const DOWNGRADE_HINT = {
  error: 'To build anyway during local development, pass { registryProblems: "warning" } to the role-registry bundler plugin.',
  warning:
    'The build goes on because the role-registry bundler plugin has { registryProblems: "warning" }; `role-registry check` still fails in CI.',
};

/**
 * A refused build, as the bundler shows it: the message alone. Our stack frames say nothing the
 * message does not (the place is the user's source, named in it); webpack keeps the stack out of
 * its message when `hideStack` is set, and the other bundlers print `stack` when it has frames.
 */
function refusal(message: string): Error {
  const error = new Error(message);
  error.stack = `${error.name}: ${message}`;
  return Object.assign(error, { hideStack: true });
}

export const roleRegistryPlugin: UnpluginInstance<BundlerPluginOptions | undefined, false> = createUnplugin<
  BundlerPluginOptions | undefined,
  false
>((options = {}, meta) => {
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
        // Watch the lockfile, the config and every file the analysis read, even when they are
        // broken: fixing them, or deleting a role from a registry file, must rebuild.
        for (const file of reading.watchFiles) this.addWatchFile(file);
        const refuse = (message: string): { code: string; map: null } => {
          // esbuild fails the build on errors returned with the module, and keeps watching the files
          // returned with them; a thrown error would lose the watch list, so a fix would not rebuild.
          // The other bundlers fail the build on a thrown error.
          if (meta.framework !== 'esbuild') throw refusal(message);
          this.error(message);
          return { code: 'export {};', map: null };
        };
        if (!reading.provenance) return refuse(describeUnusable(reading));
        if (reading.problems.length > 0) {
          const message = describeProblems(reading, cwd, DOWNGRADE_HINT[registryProblems]);
          if (registryProblems === 'error') return refuse(message);
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
