/**
 * Where `check`'s time goes: one run under `node --cpu-prof`, each sample attributed to the first
 * recognised phase on its stack, walking from the leaf up (a hash computed while evaluating counts
 * as hashing; TypeScript's scanner under the engine's parse counts as parsing). The page prints the
 * shares next to the parse floor, so the distance to the floor is explained by data, not prose.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI } from './projects.js';

/**
 * Phases, tried in this order on each frame from the leaf up; the first match wins.
 * @type {[string, (frame: { functionName: string, url: string }) => boolean][]}
 */
const PHASES = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  [
    "TypeScript parse (the floor's work)",
    (f) => f.url.endsWith('typescript.js') && (f.functionName === 'createSourceFile' || f.functionName === 'parseSourceFile'),
  ],
  ['module resolution', (f) => f.url.includes('module-resolver.js')],
  ['surface canonicalisation and hashing', (f) => f.url.includes('extract/surface.js') || f.url.includes('src/canonical/hashing.js')],
  [
    'extraction (syntax tree → static expressions)',
    (f) => f.url.includes('extract/file-facts.js') || f.url.includes('extract/static-expr.js'),
  ],
  ['evaluation across files', (f) => f.url.includes('extract/evaluate.js') || f.url.includes('extract/roles.js')],
  ['lockfile read and validation', (f) => f.url.includes('lockfile/') || f.url.includes('src/support/json-text.js')],
  ['laws (judging)', (f) => f.url.includes('/src/law/')],
  [
    'files and globs',
    (f) =>
      f.url.includes('src/source/workspace.js') || f.url.includes('tinyglobby') || f.url.includes('fdir') || f.url.includes('picomatch'),
  ],
  ['report', (f) => f.url.includes('/cli/formats/')],
  [
    'loading modules (TypeScript, the CLI)',
    (f) =>
      ['Module._load', 'wrapSafe', 'loadAndTranslate', 'getModuleJobForImport', '_link', 'link', 'compileSourceTextModule'].includes(
        f.functionName,
      ),
  ],
  ['other engine and CLI code', (f) => f.url.includes('/dist/src/') || f.url.includes('/commander/')],
];

/** @returns {{ totalMs: number, phases: { phase: string, ms: number, share: number }[] }} */
export function profileCheck(dir) {
  const out = mkdtempSync(path.join(tmpdir(), 'rr-profile-'));
  try {
    const run = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', out, '--cpu-prof-interval', '200', CLI, 'check', '--format', 'json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (run.status !== 1) throw new Error(`profiled check exited ${run.status}:\n${run.stderr}`);
    const file = readdirSync(out).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`profiled check wrote no .cpuprofile in ${out}`);
    return attribute(JSON.parse(readFileSync(path.join(out, file), 'utf8')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function attribute(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOf = new Map();
  const resolve = (id) => {
    if (phaseOf.has(id)) return phaseOf.get(id);
    const frame = nodes.get(id).callFrame;
    const own = PHASES.find(([, matches]) => matches(frame))?.[0];
    const parentId = parent.get(id);
    const phase = own ?? (parentId === undefined ? 'other (start-up, command line, idle)' : resolve(parentId));
    phaseOf.set(id, phase);
    return phase;
  };
  const totals = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    total += delta;
    const phase = resolve(id);
    totals.set(phase, (totals.get(phase) ?? 0) + delta);
  });
  const phases = [...totals].map(([phase, ms]) => ({ phase, ms, share: ms / total })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total, phases };
}
