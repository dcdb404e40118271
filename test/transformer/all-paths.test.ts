/**
 * Every build path, one project, built in parallel: each output is asserted on its text (no
 * unreplaced import, the lockfile's hash inlined) and run, and every run prints exactly the value
 * the one provenance function computes from the lockfile.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWithEsbuild,
  buildWithRollupPlugin,
  buildWithRollupTypescript,
  buildWithRspack,
  buildWithTranspileModule,
  buildWithTs7GeneratedModule,
  buildWithTsLoader,
  buildWithTspc,
  buildWithVite,
  buildWithWebpackPlugin,
  type Build,
} from './support/builds.js';
import { BUILD_TOOLS, createProject, expectSuccess, printedProvenance, TS59, TSC7, type Project } from './support/project.js';

const PATHS: Record<string, (project: Project) => Promise<Build>> = {
  'tspc (ts-patch 4, TypeScript 6)': (p) => buildWithTspc(p),
  'transpileModule (no type information)': (p) => buildWithTranspileModule(p),
  'ts-loader + webpack': (p) => buildWithTsLoader(p),
  'ts-loader transpileOnly + webpack': (p) => buildWithTsLoader(p, { transpileOnly: true }),
  'Rollup + @rollup/plugin-typescript': (p) => buildWithRollupTypescript(p),
  'esbuild + bundler plugin': (p) => buildWithEsbuild(p),
  'Vite + bundler plugin': (p) => buildWithVite(p),
  'Rollup + bundler plugin': (p) => buildWithRollupPlugin(p),
  'webpack + bundler plugin': (p) => buildWithWebpackPlugin(p),
  'Rspack + bundler plugin': (p) => buildWithRspack(p),
  'TypeScript 7 tsc + generated module': (p) => buildWithTs7GeneratedModule(p, TSC7),
};

let project: Project;
let project59: Project;
const builds = new Map<string, Promise<Build>>();

beforeAll(async () => {
  [project, project59] = await Promise.all([createProject({ links: BUILD_TOOLS, name: 'all-paths' }), createProject({ links: TS59, name: 'tspc-ts59' })]);
  for (const [name, build] of Object.entries(PATHS)) builds.set(name, build(project));
  builds.set('tspc (ts-patch 3.3, TypeScript 5.9)', buildWithTspc(project59));
  // Settle them all here so that one failing path does not leave others running unobserved.
  await Promise.allSettled(builds.values());
});

afterAll(() => {
  project?.remove();
  project59?.remove();
});

describe('every build path embeds the same provenance value', () => {
  const names = [...Object.keys(PATHS), 'tspc (ts-patch 3.3, TypeScript 5.9)'];

  it.each(names)('%s: the output inlines the value and runs', async (name) => {
    const build = await builds.get(name)!;
    const owner = name.includes('5.9') ? project59 : project;
    const expected = owner.expectedProvenance();
    const emitted = readFileSync(build.emitted, 'utf8');
    expect(emitted).not.toContain("'role-registry/provenance'");
    expect(emitted).not.toContain('"role-registry/provenance"');
    expect(emitted).toContain(expected.registryHash);
    expect(emitted).toMatch(/Object\.freeze\(/);
    const run = expectSuccess(await owner.node([build.entry]), `running the ${name} output`);
    expect(run.stdout).toContain(`built against ${expected.roles} roles`);
    expect(printedProvenance(run)).toEqual(expected);
  });

  it('all paths print byte-identical values, and role-registry verify accepts every output', async () => {
    const printed = new Map<string, string>();
    for (const name of names) {
      const build = await builds.get(name)!;
      const owner = name.includes('5.9') ? project59 : project;
      const run = expectSuccess(await owner.node([build.entry]), name);
      printed.set(name, JSON.stringify(printedProvenance(run)));
    }
    expect(new Set(printed.values()).size).toBe(1);
    expect(project59.expectedProvenance()).toEqual(project.expectedProvenance());
    const outputs = await Promise.all(Object.keys(PATHS).map(async (name) => (await builds.get(name)!).emitted));
    const verify = await project.cli('verify', ...outputs);
    expect(verify.stdout).not.toContain('✖');
    expect(verify.code).toBe(0);
  });
});
