#!/usr/bin/env node
/**
 * Before/after for engine changes: times two built checkouts of role-registry (each with `bin/` and
 * `dist/`) on the same generated registry, interleaved round by round: `check` on the mutated
 * registry, `eslint` with each checkout's plugin, a `tspc` build with each checkout's transformer,
 * and the warm editor re-lint. Both must report the same findings.
 *
 *   node bench/compare-checkouts.js <before checkout> <after checkout> [--roles 10000] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { interleave, stats } from './lib/measure.js';
import { prepareWorkDirectory, REPO, registryProjects } from './lib/projects.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    roles: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    edits: { type: 'string', default: '20' },
  },
});
const [beforeDir, afterDir] = positionals.map((p) => path.resolve(p));
if (!beforeDir || !afterDir)
  throw new Error('usage: node bench/compare-checkouts.js <before checkout> <after checkout> [--roles N] [--runs N]');
const roles = Number(values.roles);
const runs = Number(values.runs);
const NODE = process.execPath;
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const TSPC = path.join(REPO, 'node_modules', 'ts-patch', 'bin', 'tspc.js');
const EDITOR = path.join(REPO, 'bench', 'editor-latency.js');
const sides = { before: beforeDir, after: afterDir };

prepareWorkDirectory();
const registry = registryProjects(roles);
for (const [side, dir] of Object.entries(sides)) {
  const plugin = path.join(dir, 'dist', 'rules', 'plugin.js');
  const config = `import tseslint from 'typescript-eslint';\nimport roleRegistry from ${JSON.stringify(plugin)};\n\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, roleRegistry.configs.recommended];\n`;
  for (const project of [registry.mutated, registry.clean]) writeFileSync(path.join(project, `eslint.config.${side}.js`), config);
  const transformer = path.join(dir, 'dist', 'transformer', 'index.js');
  writeFileSync(
    path.join(registry.clean, `tsconfig.${side}.json`),
    `${JSON.stringify({ extends: './tsconfig.json', compilerOptions: { plugins: [{ transform: transformer }] } }, null, 2)}\n`,
  );
}

let expectedFindings;
const sameFindings = ({ stdout }) => {
  const found = JSON.stringify(JSON.parse(stdout).findings.map((f) => [f.code, f.subject]));
  expectedFindings ??= found;
  if (found !== expectedFindings) throw new Error(`the checkouts disagree: ${found} vs ${expectedFindings}`);
};
const commands = (make) => Object.entries(sides).map(([side, dir]) => ({ name: side, ...make(side, dir) }));
const figures = {
  'check (mutated registry)': commands((side, dir) => ({
    file: NODE,
    args: [path.join(dir, 'bin', 'role-registry.js'), 'check', '--format', 'json'],
    cwd: registry.mutated,
    expectExit: 1,
    verify: sameFindings,
  })),
  'eslint with the plugin': commands((side) => ({
    file: NODE,
    args: [ESLINT, '--config', `eslint.config.${side}.js`, 'src/roles/**/*.ts'],
    cwd: registry.mutated,
    expectExit: 1,
  })),
  'tspc with the transformer': commands((side) => ({
    file: NODE,
    args: [TSPC, '-p', `tsconfig.${side}.json`],
    cwd: registry.clean,
    expectExit: 0,
  })),
};
const lines = [
  `${roles} roles, ${runs} rounds; median (min–max), after/before per round`,
  '',
  '| figure | before | after | after / before |',
  '|---|---:|---:|---:|',
];
const format = (s) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
for (const [name, pair] of Object.entries(figures)) {
  process.stderr.write(`${name}\n`);
  const result = interleave(pair, { warmup: 1, runs, ratios: [['after', 'before']] });
  const ratio = result.ratios['after / before'];
  lines.push(
    `| ${name} | ${format(result.times.before)} | ${format(result.times.after)} | ${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}) |`,
  );
}
process.stderr.write('editor warm re-lint\n');
const editor = {};
for (let round = 0; round < 2; round++) {
  for (const side of round % 2 === 0 ? ['before', 'after'] : ['after', 'before']) {
    const result = spawnSync(NODE, [EDITOR, registry.clean, 'warm', values.edits, `eslint.config.${side}.js`], {
      cwd: registry.clean,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`editor latency (${side}) failed:\n${result.stderr}`);
    (editor[side] ??= []).push(...JSON.parse(result.stdout).samples);
  }
}
const [before, after] = [stats(editor.before), stats(editor.after)];
lines.push(
  `| editor warm re-lint (${editor.before.length} edits each) | ${before.median.toFixed(1)} ms | ${after.median.toFixed(1)} ms | ${(after.median / before.median).toFixed(2)}× |`,
);
process.stdout.write(`${lines.join('\n')}\n`);
