/** The bundler plugin refuses to embed a hash that may not describe the source, unless told to warn. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWithEsbuild } from '../transformer/support/builds.js';
import { createProject, printedProvenance, ROLE_ADDED, type Project } from '../transformer/support/project.js';

let project: Project;

beforeAll(async () => {
  project = await createProject({ links: { esbuild: 'esbuild' }, name: 'bundler-problems' });
  project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
});

afterAll(() => project?.remove());

it('fails an esbuild build while the source has unlocked changes, naming them', async () => {
  await expect(buildWithEsbuild(project)).rejects.toThrow(/LOCK_OUTDATED[\s\S]*colorist[\s\S]*registryProblems: "warning"/);
});

it('with { registryProblems: "warning" } warns and embeds the lockfile value', async () => {
  const build = await buildWithEsbuild(project, "{ registryProblems: 'warning' }");
  expect(build.result.stderr).toContain('LOCK_OUTDATED');
  expect(printedProvenance(await project.node([build.entry]))).toEqual(project.expectedProvenance());
});
