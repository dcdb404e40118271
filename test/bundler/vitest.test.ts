/** vitest with the Vite plugin in vitest.config.ts (docs/transformer.md#vitest): a real `vitest run` in a temp project. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeRecipe } from '../transformer/support/builds.js';
import { createProject, type Project } from '../transformer/support/project.js';
import { recipeCommands } from '../transformer/support/recipes.js';

let project: Project;

const PROVENANCE_TEST = `import { expect, it } from 'vitest';
import { REGISTRY_PROVENANCE } from 'role-registry/provenance';

it('reads the provenance of the lockfile', () => {
  expect(JSON.stringify(REGISTRY_PROVENANCE)).toBe(process.env.EXPECTED_PROVENANCE);
});
`;

beforeAll(async () => {
  project = await createProject({ installs: { vitest: { from: 'vitest' }, vite: { from: 'vite' } }, name: 'vitest' });
  project.write('src/provenance.test.ts', PROVENANCE_TEST);
});

afterAll(() => project?.dispose());

it('without the plugin, reading REGISTRY_PROVENANCE fails with the not-built error, which names vitest', async () => {
  const result = await project.sh('npx vitest run', { EXPECTED_PROVENANCE: JSON.stringify(project.expectedProvenance()) });
  expect(result.code).toBe(1);
  expect(result.stdout + result.stderr).toContain('REGISTRY_PROVENANCE was read, but no build step filled it in');
  expect(result.stdout + result.stderr).toContain('vitest through the Vite plugin in vitest.config.ts');
});

it('with the Vite plugin in vitest.config.ts, a test reads the value of the current lockfile', async () => {
  writeRecipe(project, 'vitest');
  const [command] = recipeCommands('vitest');
  const result = await project.sh(command!, { EXPECTED_PROVENANCE: JSON.stringify(project.expectedProvenance()) });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(/1 passed/);
});
