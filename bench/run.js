#!/usr/bin/env node
/**
 * `npm run bench`: generates registries of 1k, 10k and 50k roles under bench/.work/, times the real
 * tools on them and writes docs/benchmarks.md and bench/results.json.
 *
 *   node bench/run.js            full run (writes docs/benchmarks.md and bench/results.json)
 *   node bench/run.js --quick    small sizes, few runs (CI smoke; writes under bench/.work/ only)
 *   --only check,memory,build,bundler,peer,eslint,editor   run some suites only (development)
 *   --sizes 1000,10000           override the sizes;  --runs N   override the timed runs
 *   --seed N                     another registry (default: a fixed seed)
 *   --out <dir>                  where to write benchmarks.md and results.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo, waitForQuiet } from './lib/machine.js';
import { scalingExponent } from './lib/measure.js';
import { peerProjects, prepareWorkDirectory, registryProjects, REPO, WORK } from './lib/projects.js';
import { DEFAULT_SEED } from './lib/registry-model.js';
import { renderConsole, renderMarkdown } from './lib/report.js';
import { profileCheck } from './lib/profile.js';
import { builds, bundler, checkMemory, checkVsFloor, peer } from './lib/suites.js';
import { eslintAvailable, eslintFigures, editorLatency } from './lib/eslint-suites.js';

const ALL_SUITES = ['check', 'memory', 'build', 'bundler', 'peer', 'eslint', 'editor'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});

const quick = values.quick;
const plan = quick
  ? { sizes: [250, 500, 1000], targetSize: 1000, warmup: 1, runs: 2, memoryRuns: 1, buildRuns: 1, buildWarmup: 0, editorEdits: 5 }
  : { sizes: [1000, 10000, 50000], targetSize: 10000, warmup: 1, runs: 7, memoryRuns: 3, buildRuns: 5, buildWarmup: 1, editorEdits: 25 };
if (values.sizes) {
  plan.sizes = values.sizes.split(',').map(Number);
  plan.targetSize = plan.sizes.includes(10000) ? 10000 : plan.sizes[plan.sizes.length - 1];
}
if (values.runs) plan.runs = plan.buildRuns = Number(values.runs);
const suites = new Set(values.only ? values.only.split(',') : ALL_SUITES);
for (const suite of suites) if (!ALL_SUITES.includes(suite)) throw new Error(`unknown suite ${suite}; known: ${ALL_SUITES.join(', ')}`);
const seed = values.seed ? Number(values.seed) : DEFAULT_SEED;
const outDir = values.out ? path.resolve(values.out) : quick || values.only || values.sizes || values.runs ? WORK : undefined;

/** Fewer rounds at the largest sizes: each one is long, and their spread is small. */
const runsAt = (n) => (quick || values.runs ? plan.runs : n >= 50000 ? 5 : plan.runs);

const log = (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
const started = Date.now();
const waitedForQuietSeconds = quick ? 0 : await waitForQuiet();
const machine = { ...machineInfo(), waitedForQuietSeconds };
log(
  `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}; sizes ${plan.sizes.join(', ')}${quick ? ' (quick)' : ''}`,
);
prepareWorkDirectory();

/** @type {Record<string, any>} */
const results = {
  machine,
  mode: quick ? 'quick' : 'full',
  seed,
  plan,
  sizes: [],
  check: [],
  memory: [],
  builds: undefined,
  bundler: undefined,
  peer: undefined,
  eslint: undefined,
  editor: undefined,
};

const registries = new Map();
for (const n of plan.sizes) {
  log(`generating ${n} roles`);
  const registry = registryProjects(n, seed);
  registries.set(n, registry);
  results.sizes.push({
    roles: n,
    registryFiles: registry.registryFiles,
    sourceBytes: registry.bytes,
    lockfileBytes: registry.lockfileBytes,
    removed: registry.targets.removed.role,
    drifted: registry.targets.drifted.contractId,
  });
}
const target = registries.get(plan.targetSize);

if (suites.has('check')) {
  for (const [n, registry] of registries) {
    log(`check vs parse floor at ${n} roles (${runsAt(n)} runs)`);
    results.check.push(checkVsFloor(registry, { warmup: plan.warmup, runs: runsAt(n) }));
  }
  log(`profile of check at ${plan.targetSize} roles`);
  results.checkProfile = { roles: plan.targetSize, ...profileCheck(target.mutated) };
  if (results.check.length > 1) {
    results.checkScaling = scalingExponent(results.check.map((c) => ({ n: c.roles, ms: c.check.median })));
    results.floorScaling = scalingExponent(results.check.map((c) => ({ n: c.roles, ms: c.floor.median })));
  }
}
if (suites.has('memory')) {
  for (const [n, registry] of registries) {
    log(`peak memory of check at ${n} roles`);
    results.memory.push(checkMemory(registry, { runs: plan.memoryRuns }));
  }
}
if (suites.has('build')) {
  log(`tsc vs tspc at ${plan.targetSize} roles (${plan.buildRuns} runs)`);
  results.builds = builds(target, { warmup: plan.buildWarmup, runs: plan.buildRuns });
}
if (suites.has('bundler')) {
  log(`esbuild with and without the plugin at ${plan.targetSize} roles`);
  results.bundler = bundler(target, { warmup: plan.warmup, runs: plan.runs });
}
if (suites.has('peer')) {
  log(`buf breaking vs check --against at ${plan.targetSize} roles`);
  const repos = await peerProjects(target);
  results.peer = peer(target, repos, { warmup: plan.warmup, runs: plan.runs });
}
if (suites.has('eslint') || suites.has('editor')) {
  const available = eslintAvailable();
  if (!available.ok) {
    log(`eslint figures skipped: ${available.reason}`);
    results.eslint = { skipped: available.reason };
    results.editor = { skipped: available.reason };
  } else {
    if (suites.has('eslint')) {
      results.eslint = { sizes: [] };
      for (const [n, registry] of registries) {
        log(`eslint with and without the plugin at ${n} roles`);
        results.eslint.sizes.push(eslintFigures(registry, { warmup: plan.warmup, runs: runsAt(n) }));
      }
      if (results.eslint.sizes.length > 1)
        results.eslint.scaling = scalingExponent(
          results.eslint.sizes.map((e) => ({ n: e.roles, ms: e.times['eslint + role-registry'].median })),
        );
    }
    if (suites.has('editor')) {
      log(`editor latency at ${plan.targetSize} roles`);
      results.editor = editorLatency(target, { edits: plan.editorEdits });
    }
  }
}
results.wallSeconds = Math.round((Date.now() - started) / 1000);

process.stdout.write(renderConsole(results));
const resultsFile = outDir ? path.join(outDir, 'results.json') : path.join(REPO, 'bench', 'results.json');
const docFile = outDir ? path.join(outDir, 'benchmarks.md') : path.join(REPO, 'docs', 'benchmarks.md');
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, roundNumbers, 2)}\n`);
writeFileSync(docFile, renderMarkdown(results));
log(`wrote ${path.relative(REPO, docFile)} and ${path.relative(REPO, resultsFile)} in ${results.wallSeconds} s`);

function roundNumbers(_key, value) {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}
