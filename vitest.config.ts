import { defineConfig } from 'vitest/config';

/**
 * The fast tier (`npm run test:fast`): engine and rule tests that import src/ and rules/ and need no
 * build. Everything else runs the built package (the bin, the ESLint CLI, tspc, bundlers) and needs
 * `npm run build` first, which `npm test` does. `npm test` runs both projects, each file once.
 */
const FAST = [
  'test/canonical/*.test.ts',
  'test/extract/*.test.ts',
  'test/source/*.test.ts',
  'test/audit/*.test.ts',
  // law-model and ruleset also spawn the CLI (test/core/types.test.ts runs tsc on the built package).
  'test/law/!(law-model|ruleset).test.ts',
  'test/eslint/rules/*.test.ts',
  'test/eslint/lint-engine.test.ts',
  'test/docs/violations.test.ts',
];

export default defineConfig({
  test: {
    // Tests drive real tools (tsc, eslint, git, bundlers) in temp directories.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores (one, here); most tests wait on the
    // processes they spawn, so two workers use both cores.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'fast', include: FAST } },
      { extends: true, test: { name: 'build', include: ['test/**/*.test.ts'], exclude: [...FAST, '**/node_modules/**'] } },
    ],
  },
});
