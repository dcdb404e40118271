/**
 * The figures. Each suite spawns the real tools on a generated project, asserts on every run that
 * the tool did the expected work (exit code, the findings it names, the bytes it built), and
 * returns figures: medians with min and max, and ratios taken pairwise within a round.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { interleave, peakMemory, runOnce } from './measure.js';
import { BUF, CLI, REPO, runChecked } from './projects.js';

const NODE = process.execPath;
const FLOOR = path.join(REPO, 'bench', 'parse-floor.js');
const ESBUILD_APP = path.join(REPO, 'bench', 'esbuild-app.js');
const MAX_RSS_PRELOAD = path.join(REPO, 'bench', 'max-rss.cjs');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const TSPC = path.join(REPO, 'node_modules', 'ts-patch', 'bin', 'tspc.js');

function assert(condition, message) {
  if (!condition) throw new Error(`benchmark sanity check failed: ${message}`);
}

function jsonFindings(stdout) {
  const report = JSON.parse(stdout);
  return report.findings.map((f) => ({ code: f.code, roleId: f.subject.roleId, contractId: f.subject.contractId }));
}

/** `check` on the mutated registry must report exactly the removed role and the drifted contract. */
function checkCommand(registry, name = 'check') {
  const { removed, drifted } = registry.targets;
  return {
    name,
    file: NODE,
    args: [CLI, 'check', '--format', 'json'],
    cwd: registry.mutated,
    expectExit: 1,
    verify: ({ stdout }) => {
      const findings = jsonFindings(stdout);
      const described = JSON.stringify(findings);
      assert(findings.length === 2, `check found ${described}, expected one ROLE_REMOVED and one CONTRACT_DRIFT`);
      assert(
        findings.some((f) => f.code === 'ROLE_REMOVED' && f.roleId === removed.role),
        `no ROLE_REMOVED for ${removed.role} in ${described}`,
      );
      assert(
        findings.some((f) => f.code === 'CONTRACT_DRIFT' && f.contractId === drifted.contractId),
        `no CONTRACT_DRIFT for ${drifted.contractId} in ${described}`,
      );
    },
  };
}

function cleanCheckCommand(registry) {
  return {
    name: 'check (clean)',
    file: NODE,
    args: [CLI, 'check', '--format', 'json'],
    cwd: registry.clean,
    expectExit: 0,
    verify: ({ stdout }) => {
      const report = JSON.parse(stdout);
      assert(report.ok && report.findings.length === 0 && report.roles === registry.roles, `clean check: ${stdout.slice(0, 500)}`);
    },
  };
}

function floorCommand(registry) {
  const expected = registry.registryFiles;
  return {
    name: 'parse floor',
    file: NODE,
    args: [FLOOR, registry.mutated],
    cwd: registry.mutated,
    expectExit: 0,
    verify: ({ stdout }) =>
      assert(stdout.startsWith(`${expected} files,`), `the parse floor read ${stdout.trim()}, expected ${expected} files`),
  };
}

/** `role-registry check` (mutated and clean) against the parse floor, at one size. */
export function checkVsFloor(registry, { warmup, runs }) {
  const check = checkCommand(registry);
  const clean = cleanCheckCommand(registry);
  const floor = floorCommand(registry);
  const result = interleave([check, clean, floor], {
    warmup,
    runs,
    ratios: [
      [check.name, floor.name],
      [clean.name, floor.name],
    ],
  });
  return {
    roles: registry.roles,
    check: result.times[check.name],
    cleanCheck: result.times[clean.name],
    floor: result.times[floor.name],
    ratio: result.ratios[`${check.name} / ${floor.name}`],
    cleanRatio: result.ratios[`${clean.name} / ${floor.name}`],
  };
}

/** Peak resident memory of `check` on the mutated registry (median of `runs`). */
export function checkMemory(registry, { runs }) {
  const samples = [];
  let via;
  for (let i = 0; i < runs; i++) {
    const measured = peakMemory(checkCommand(registry), MAX_RSS_PRELOAD);
    samples.push(measured.bytes);
    via = measured.via;
  }
  samples.sort((a, b) => a - b);
  return {
    roles: registry.roles,
    medianBytes: samples[Math.floor(samples.length / 2)],
    minBytes: samples[0],
    maxBytes: samples[samples.length - 1],
    via,
  };
}

/**
 * `tspc` with the transformer vs plain `tsc` on the same project and tsconfig (plain tsc ignores
 * `plugins`), and `tspc` without the transformer, which separates ts-patch's own cost from ours.
 */
export function builds(registry, { warmup, runs }) {
  const dir = registry.clean;
  const provenance = JSON.parse(runChecked(NODE, [CLI, 'provenance'], dir, 'role-registry provenance'));
  const built = () => readFileSync(path.join(dir, 'dist', 'app', 'health.js'), 'utf8');
  const tsc = {
    name: 'tsc',
    file: NODE,
    args: [TSC, '-p', '.'],
    cwd: dir,
    expectExit: 0,
    verify: () => assert(built().includes("from 'role-registry/provenance'"), 'plain tsc output should keep the provenance import'),
  };
  const tspc = {
    name: 'tspc + transformer',
    file: NODE,
    args: [TSPC, '-p', '.'],
    cwd: dir,
    expectExit: 0,
    verify: () => {
      const output = built();
      assert(
        output.includes(provenance.registryHash) && !output.includes('role-registry/provenance'),
        'tspc output should embed the registry hash',
      );
    },
  };
  const bare = {
    name: 'tspc (no transformer)',
    file: NODE,
    args: [TSPC, '-p', 'tsconfig.no-transform.json'],
    cwd: dir,
    expectExit: 0,
    verify: () => assert(built().includes("from 'role-registry/provenance'"), 'tspc without the transformer should keep the import'),
  };
  const result = interleave([tsc, tspc, bare], {
    warmup,
    runs,
    ratios: [
      [tspc.name, tsc.name],
      [tspc.name, bare.name],
      [bare.name, tsc.name],
    ],
  });
  return { roles: registry.roles, times: result.times, ratios: result.ratios };
}

/** esbuild bundling the app (and the whole catalogue) with and without the bundler plugin. */
export function bundler(registry, { warmup, runs }) {
  const dir = registry.clean;
  const provenance = JSON.parse(runChecked(NODE, [CLI, 'provenance'], dir, 'role-registry provenance'));
  const bundle = (mode) => readFileSync(path.join(dir, 'dist-bundle', `main-${mode}.js`), 'utf8');
  const plugin = {
    name: 'esbuild + plugin',
    file: NODE,
    args: [ESBUILD_APP, dir, 'plugin'],
    cwd: dir,
    expectExit: 0,
    verify: () => assert(bundle('plugin').includes(provenance.registryHash), 'the plugin bundle should embed the registry hash'),
  };
  const plain = {
    name: 'esbuild',
    file: NODE,
    args: [ESBUILD_APP, dir, 'plain'],
    cwd: dir,
    expectExit: 0,
    verify: () => assert(!bundle('plain').includes(provenance.registryHash), 'the plain bundle cannot know the hash'),
  };
  const result = interleave([plugin, plain], { warmup, runs, ratios: [[plugin.name, plain.name]] });
  return { roles: registry.roles, times: result.times, ratios: result.ratios };
}

/**
 * The peer: `buf breaking` against a baseline (a prebuilt image of the base, its fastest form, and
 * the base git tag, what CI usually writes) vs `role-registry check --against base`, on registries
 * of the same size whose head commit deletes the same role. Both must fail and name it.
 */
export function peer(registry, repos, { warmup, runs }) {
  const { removedRole, removedEnumValue } = repos;
  const messagePrefix = removedRole.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());
  const verifyBuf = ({ stdout, stderr }) => {
    const text = stdout + stderr;
    assert(
      /ENUM_VALUE_NO_DELETE|enum value/i.test(text) && text.includes(`${messagePrefix}ExtractV`),
      `buf breaking did not report the deleted role ${removedEnumValue}:\n${text.slice(0, 2000)}`,
    );
  };
  const roleRegistry = {
    name: 'role-registry check --against',
    file: NODE,
    args: [CLI, 'check', '--against', 'base', '--format', 'json'],
    cwd: repos.tsRepo,
    expectExit: 1,
    verify: ({ stdout }) => {
      const findings = jsonFindings(stdout);
      assert(
        findings.length === 1 && findings[0].code === 'BASELINE_REGRESSION' && findings[0].roleId === removedRole,
        `check --against found ${JSON.stringify(findings)}`,
      );
    },
  };
  const bufImage = {
    name: 'buf breaking (image baseline)',
    file: BUF,
    args: ['breaking', '--against', repos.baseImage],
    cwd: repos.protoRepo,
    expectExit: 100,
    verify: verifyBuf,
  };
  const bufGit = {
    name: 'buf breaking (git baseline)',
    file: BUF,
    args: ['breaking', '--against', '.git#tag=base'],
    cwd: repos.protoRepo,
    expectExit: 100,
    verify: verifyBuf,
  };
  const result = interleave([roleRegistry, bufImage, bufGit], {
    warmup,
    runs,
    ratios: [
      [roleRegistry.name, bufImage.name],
      [roleRegistry.name, bufGit.name],
    ],
  });
  const sample = runOnce(bufImage);
  return {
    roles: registry.roles,
    removedRole,
    times: result.times,
    ratios: result.ratios,
    bufOutput: (sample.stdout + sample.stderr).trim().split('\n').slice(0, 3),
  };
}
