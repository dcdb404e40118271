/**
 * Every build path, each from its recipe in docs/transformer.md, in a clone of one locked project,
 * built in parallel. Each output is asserted on its text (no unreplaced import, the lockfile's hash
 * inlined), on its source map, and run; every run prints exactly the JSON of `provenanceOf(lockfile)`
 * and of `role-registry provenance`, byte for byte; `role-registry verify` accepts every output.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_PATHS, BUILD_TOOLS, jestTransformedTest, JEST_TEST, readEmitted, type BuildPath } from './support/builds.js';
import {
  createProject,
  expectSuccess,
  limitConcurrency,
  printedProvenanceLine,
  ROLE_ADDED,
  TS59,
  type Project,
  type RunResult,
} from './support/project.js';
import { recipeCommands } from './support/recipes.js';
import { parseSourceMap, sourceMapProblems } from './support/source-map.js';

interface Built {
  readonly project: Project;
  readonly build: RunResult;
  readonly version: RunResult | undefined;
}

const bases: Partial<Record<BuildPath['base'], Project>> = {};
const clones: Project[] = [];
const built = new Map<string, Promise<Built>>();

/** The form an unreplaced import or require of the module takes in any output, escaped or not. */
const UNREPLACED = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)\\*["'`]role-registry\/provenance\\*["'`]/;
/**
 * The one import of the package a generated module keeps: the record kernel (`recordFrom`, and
 * types), which reads no value and never throws for want of a build step. Left out before UNREPLACED.
 */
const KERNEL_IMPORT = /import\s*\{\s*recordFrom\s*(?:,[^}]*)?\}\s*from\s*["']role-registry\/provenance\/record["'];?/g;

beforeAll(async () => {
  const [ts6, ts59] = await Promise.all([
    createProject({ installs: BUILD_TOOLS, name: 'all-paths' }),
    createProject({ installs: TS59, name: 'all-paths-ts59' }),
  ]);
  bases.ts6 = ts6;
  bases.ts59 = ts59;
  const limit = limitConcurrency(3);
  for (const path of BUILD_PATHS) {
    const project = bases[path.base]!.clone(path.name.replace(/\W+/g, '-'));
    clones.push(project);
    built.set(
      path.name,
      limit(async () => ({
        project,
        version: path.compilerVersion ? await project.sh(path.compilerVersion.command) : undefined,
        build: await path.build(project),
      })),
    );
  }
  // Settle them all here so that one failing path does not leave others running unobserved.
  await Promise.allSettled(built.values());
});

afterAll(() => {
  for (const project of [...clones, ...Object.values(bases)]) project?.dispose();
});

async function builtPath(path: BuildPath): Promise<Project> {
  const { project, build, version } = await built.get(path.name)!;
  if (path.compilerVersion)
    expect(version?.stdout.trim(), `${path.compilerVersion.command} in ${path.name}`).toBe(path.compilerVersion.version);
  expectSuccess(build, path.name);
  return project;
}

describe('every build path embeds the value of the lockfile', () => {
  it.each(BUILD_PATHS.map((path) => [path.name, path] as const))(
    '%s: the output inlines the value, maps back to the source, and runs',
    async (_name, path) => {
      const project = await builtPath(path);
      const expected = project.expectedProvenance();
      const emitted = readEmitted(path.emitted(project));
      expect(emitted.replace(KERNEL_IMPORT, '')).not.toMatch(UNREPLACED);
      expect(emitted).toContain(expected.registryHash);
      expect(emitted).toMatch(/Object\.freeze\(/);

      if (path.sourceMap) {
        const mapFile = project.path(path.sourceMap.file);
        expect(existsSync(mapFile), `${path.sourceMap.file} written`).toBe(true);
        const generatedFile = mapFile.replace(/\.map$/, '');
        const anchors = [
          { line: 7, token: 'console' },
          { line: 8, token: 'console' },
          ...(path.sourceMap.transformed && !generatedFile.endsWith('.cjs') ? [{ line: 6, token: 'const provenance' }] : []),
        ];
        expect(
          sourceMapProblems(
            parseSourceMap(project.read(path.sourceMap.file)),
            readEmitted(generatedFile),
            'main.ts',
            project.read('src/main.ts'),
            anchors,
          ),
        ).toEqual([]);
      }

      const run = expectSuccess(await path.run(project), `running the ${path.name} output`);
      if (!path.name.startsWith('ts-jest')) expect(run.stdout).toContain(`built against ${expected.roles} roles`);
      expect(printedProvenanceLine(run)).toBe(JSON.stringify(expected));
    },
  );

  it('all paths print byte-identical JSON: the JSON of provenanceOf(lockfile) and of `role-registry provenance`', async () => {
    const base = bases.ts6!;
    const expected = base.expectedProvenance();
    const cli = expectSuccess(await base.installedCli('provenance'), 'role-registry provenance');
    expect(cli.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const printed = new Map<string, string>();
    for (const path of BUILD_PATHS) {
      const project = await builtPath(path);
      printed.set(path.name, printedProvenanceLine(expectSuccess(await path.run(project), path.name)));
    }
    expect(Object.fromEntries(printed)).toEqual(
      Object.fromEntries(BUILD_PATHS.map((path) => [path.name, JSON.stringify(JSON.parse(cli.stdout))])),
    );
    expect(bases.ts59!.expectedProvenance()).toEqual(expected);
  });

  it('`role-registry verify` finds the current hash in every output at once, minified and eval-wrapped ones included', async () => {
    const outputs: string[] = [];
    for (const path of BUILD_PATHS) outputs.push(path.emitted(await builtPath(path)));
    const verify = await bases.ts6!.installedCli('verify', ...outputs);
    expect(verify.stderr).toBe('');
    expect(verify.stdout.match(/^✔ /gm)).toHaveLength(outputs.length);
    expect(verify.code).toBe(0);
  });

  it('ts-jest: jest re-transforms after `role-registry lock` (the transformer version carries the registry hash), and the cache keeps no stale value', async () => {
    const path = BUILD_PATHS.find((p) => p.name.startsWith('ts-jest (language service'))!;
    const project = await builtPath(path);
    const first = jestTransformedTest(project);
    const before = project.expectedProvenance();
    expect(readEmitted(first)).toContain(before.registryHash);

    project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
    expectSuccess(await project.installedCli('lock'), 'role-registry lock');
    const after = project.expectedProvenance();
    expect(after.registryHash).not.toBe(before.registryHash);
    // Same jest cache, same test file: only the lockfile changed.
    expect(project.read('src/provenance.test.ts')).toBe(JEST_TEST);
    expectSuccess(await project.sh(`${recipeCommands('ts-jest')[0]} --cacheDirectory .jest-cache --ci`), 'jest after lock');
    expect(project.read('dist/jest-provenance.json')).toBe(JSON.stringify(after));
    expect(readEmitted(jestTransformedTest(project))).toContain(after.registryHash);
  });
});
