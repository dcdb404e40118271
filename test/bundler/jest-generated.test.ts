/**
 * Jest with its default transform (babel-jest) and the generated module (docs/transformer.md#jest-with-babel-jest-or-swcjest):
 * `role-registry/provenance` mapped to the module `role-registry provenance --out` writes. The
 * project is JavaScript: @babel/preset-typescript and @swc/jest are not development dependencies here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, type Project } from '../transformer/support/project.js';

let project: Project;

const PROVENANCE_TEST = `import { REGISTRY_PROVENANCE } from 'role-registry/provenance';

test('reads the provenance of the lockfile', () => {
  expect(JSON.stringify(REGISTRY_PROVENANCE)).toBe(process.env.EXPECTED_PROVENANCE);
});
`;

beforeAll(async () => {
  project = await createProject({ installs: { jest: { from: 'jest' }, 'babel-jest': { from: 'babel-jest' } }, name: 'jest-generated' });
  project.write('test/provenance.test.js', PROVENANCE_TEST);
  project.write(
    'jest.config.json',
    `${JSON.stringify({
      transform: { '\\\\.js$': 'babel-jest' },
      moduleNameMapper: { '^role-registry/provenance$': '<rootDir>/src/generated/registry-provenance.js' },
      testMatch: ['<rootDir>/test/**/*.test.js'],
    })}\n`,
  );
});

afterAll(() => project?.dispose());

it('a Jest test reads the value of the current lockfile through the generated module', async () => {
  const generated = await project.installedCli('provenance', '--out', 'src/generated/registry-provenance.js');
  expect(generated.code, generated.stderr).toBe(0);
  const result = await project.sh('node --experimental-vm-modules node_modules/jest/bin/jest.js', {
    EXPECTED_PROVENANCE: JSON.stringify(project.expectedProvenance()),
  });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stderr).toMatch(/1 passed/);
});
