#!/usr/bin/env node
/**
 * One esbuild bundle of a generated project's app (src/app/main.ts, which imports the whole role
 * catalogue and `role-registry/provenance`), with or without the role-registry bundler plugin.
 * Spawned once per timed run, so both sides pay the same process start.
 *
 * Usage: node bench/esbuild-app.js <project dir> plugin|plain
 */
import path from 'node:path';
import { build } from 'esbuild';

const [dir = '.', mode = 'plain'] = process.argv.slice(2);
if (mode !== 'plugin' && mode !== 'plain') throw new Error(`mode must be plugin or plain, not ${mode}`);
const root = path.resolve(dir);
const plugins = [];
if (mode === 'plugin') {
  // Resolved as a user's build script resolves it: the package, from the project.
  const { esbuild: roleRegistry } = await import('role-registry/bundler');
  plugins.push(roleRegistry({ cwd: root }));
}
await build({
  absWorkingDir: root,
  entryPoints: ['src/app/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: `dist-bundle/main-${mode}.js`,
  logLevel: 'error',
  plugins,
});
