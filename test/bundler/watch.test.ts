/**
 * Watch builds with the bundler plugin, each from its recipe: the plugin watches the lockfile and
 * every file the registry analysis read, so the rebuild that follows `role-registry lock` carries
 * the new registry hash, and deleting a role from a registry file fails the rebuild. The role files are
 * not part of the bundle (the app does not import them), so for esbuild and Vite the lockfile is
 * the only change the bundler can react to.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeRecipe } from '../transformer/support/builds.js';
import { createProject, expectSuccess, printedProvenance, ROLE_ADDED, waitUntil, type Project } from '../transformer/support/project.js';
import { recipeCommands } from '../transformer/support/recipes.js';

let base: Project;
const clones: Project[] = [];

beforeAll(async () => {
  base = await createProject({
    installs: {
      rollup: { from: 'rollup' },
      '@rollup/plugin-typescript': { from: '@rollup/plugin-typescript' },
      tslib: { from: 'tslib' },
      esbuild: { from: 'esbuild' },
      vite: { from: 'vite' },
    },
    name: 'watch',
  });
});

afterAll(() => {
  for (const project of [base, ...clones]) project?.dispose();
});

const WATCHES = [
  { name: 'rollup -c --watch', write: ['bundler-tsconfig', 'rollup'], run: 'rollup-watch' },
  { name: 'esbuild context().watch()', write: ['esbuild-watch'], run: 'esbuild-watch' },
  { name: 'vite build --watch', write: ['vite'], run: 'vite-watch' },
] as const;

it.concurrent.each(WATCHES)('$name: the rebuild after `role-registry lock` carries the new hash', async ({ name, write, run }) => {
  const project = base.clone(name.replace(/\W+/g, '-'));
  clones.push(project);
  for (const id of write) writeRecipe(project, id);
  const [command] = recipeCommands(run);
  // `exec`: the tool replaces the shell, so killing the child stops the watcher.
  const child = spawn('sh', ['-c', `exec ${command!.replace(/^npx /, '')}`], { cwd: project.dir, env: project.env() });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const holds = (hash: string) => (): boolean => project.exists('dist/main.js') && project.read('dist/main.js').includes(hash);
  try {
    const before = project.expectedProvenance();
    await waitUntil(holds(before.registryHash), () => `the first build of ${name}; output so far:\n${output}`);
    expect(printedProvenance(expectSuccess(await project.node(['dist/main.js']), 'first build'))).toEqual(before);

    project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
    expectSuccess(await project.installedCli('lock'), 'role-registry lock');
    const after = project.expectedProvenance();
    expect(after.registryHash).not.toBe(before.registryHash);
    await waitUntil(holds(after.registryHash), () => `the rebuild of ${name} after lock; output so far:\n${output}`);
    expect(printedProvenance(expectSuccess(await project.node(['dist/main.js']), 'rebuild'))).toEqual(after);
    expect(project.read('dist/main.js')).not.toContain(before.registryHash);
  } finally {
    child.kill();
  }
});

it.concurrent.each(WATCHES)(
  '$name: deleting a role from a registry file fails the rebuild, restoring it rebuilds',
  async ({ name, write, run }) => {
    const project = base.clone(`${name.replace(/\W+/g, '-')}-delete`);
    clones.push(project);
    for (const id of write) writeRecipe(project, id);
    const [command] = recipeCommands(run);
    const child = spawn('sh', ['-c', `exec ${command!.replace(/^npx /, '')}`], { cwd: project.dir, env: project.env() });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const hash = project.expectedProvenance().registryHash;
      await waitUntil(
        () => project.exists('dist/main.js') && project.read('dist/main.js').includes(hash),
        () => `the first build of ${name}; output so far:\n${output}`,
      );
      const catalog = project.read('src/roles/catalog.ts');
      // The app does not import the role files: only the plugin's watch on them can trigger this rebuild.
      project.write('src/roles/catalog.ts', catalog.replace(/export const editor = [^;]*;\n/, ''));
      await waitUntil(
        () => /ROLE_REMOVED {2}Role `editor` is in the lockfile but no longer declared/.test(output),
        () => `the rebuild of ${name} after deleting a role; output so far:\n${output}`,
      );
      rmSync(project.path('dist/main.js'), { force: true });
      project.write('src/roles/catalog.ts', catalog);
      await waitUntil(
        () => project.exists('dist/main.js') && project.read('dist/main.js').includes(hash),
        () => `the rebuild of ${name} after restoring the role; output so far:\n${output}`,
      );
    } finally {
      child.kill();
    }
  },
);
