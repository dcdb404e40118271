import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The benchmark's CI smoke: `npm run bench -- --quick` must keep working (generator, lockfile
 * written by the engine, every suite, every tool it spawns, the report), so that a full run is
 * always possible. Every timed run inside it checks the tool's exit code and findings; this test
 * checks what the run wrote. It asserts nothing about time.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'rr-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

const isStats = (value: Stats, runs: number): void => {
  expect(value.runs).toHaveLength(runs);
  expect(value.min).toBeLessThanOrEqual(value.median);
  expect(value.median).toBeLessThanOrEqual(value.max);
};

describe('npm run bench -- --quick', () => {
  it('generates, measures every figure with its checks, and writes the report', () => {
    const run = spawnSync(process.execPath, [path.join(REPO, 'bench', 'run.js'), '--quick', '--out', out], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).not.toContain('benchmark sanity check failed');
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const runs: number = results.plan.runs;
    expect(results.mode).toBe('quick');
    expect(results.sizes.map((s: { roles: number }) => s.roles)).toEqual(results.plan.sizes);
    for (const size of results.sizes) {
      // The generator's mutations: one role removed, one contract drifted, named in the report.
      expect(size.removed).toMatch(/^[a-z]+_[a-z]+_\d+$/);
      expect(size.drifted).toMatch(/^ROLE:[a-z]+_[a-z]+_\d+:[XC]:[12]$/);
      expect(size.registryFiles).toBeGreaterThan(Math.ceil(size.roles / 50));
    }
    expect(results.check.map((c: { roles: number }) => c.roles)).toEqual(results.plan.sizes);
    for (const c of results.check) for (const figure of [c.check, c.cleanCheck, c.floor, c.ratio, c.cleanRatio]) isStats(figure, runs);
    expect(results.memory).toHaveLength(results.plan.sizes.length);
    expect(Object.keys(results.builds.ratios)).toEqual([
      'tspc + transformer / tsc',
      'tspc + transformer / tspc (no transformer)',
      'tspc (no transformer) / tsc',
    ]);
    expect(Object.keys(results.bundler.ratios)).toEqual(['esbuild + plugin / esbuild']);
    expect(results.peer.removedRole).toBe(results.sizes.at(-1).removed);
    expect(results.peer.bufOutput.join('\n')).toContain('was deleted');
    expect(results.eslint.sizes.map((e: { roles: number }) => e.roles)).toEqual(results.plan.sizes);
    isStats(results.editor.warm, results.plan.editorEdits);
    isStats(results.editor.cold, 3);

    const page = readFileSync(path.join(out, 'benchmarks.md'), 'utf8');
    for (const heading of [
      '## Targets',
      '## `role-registry check` vs the parse floor',
      '### Scaling',
      '### Peak memory of `check`',
      '## ESLint',
      '### Editor latency',
      '## Builds',
      '### Bundler plugin',
      '## The peer: `buf breaking`',
    ]) {
      expect(page).toContain(heading);
    }
    expect(page).not.toContain('Not measured');
  }, 600_000);
});
