/**
 * Fuzz budgets. `npm test` runs a bounded smoke; `FUZZ_RUNS=100000 npx vitest run test/fuzz` runs
 * longer (docs/errors.md#fuzzing). `FUZZ_SEED` replays a run fast-check reported.
 */
function fuzzRuns(smoke: number): number {
  const asked = Number(process.env['FUZZ_RUNS']);
  return Number.isInteger(asked) && asked > 0 ? asked : smoke;
}

export function fuzzParameters(smoke: number): { numRuns: number; seed?: number } {
  const seed = Number(process.env['FUZZ_SEED']);
  return { numRuns: fuzzRuns(smoke), ...(Number.isInteger(seed) ? { seed } : {}) };
}

/** Long runs need more than the default test timeout; a hang is still a failure. */
export function fuzzTimeout(smokeMs: number): number {
  return process.env['FUZZ_RUNS'] ? 24 * 60 * 60 * 1000 : smokeMs;
}
