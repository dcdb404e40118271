/**
 * The ESLint figures: `eslint` on the registry files with the plugin's recommended config vs the
 * same run (same parser, same files) without the plugin's rules, and the editor latency of one
 * warm re-lint through the Node API vs a cold first lint. They need the plugin (`rules/plugin.ts`,
 * built to dist/rules/plugin.js); without it they are reported as missing, never guessed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { interleave, stats } from './measure.js';
import { REPO } from './projects.js';

const NODE = process.execPath;
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const EDITOR = path.join(REPO, 'bench', 'editor-latency.js');
const PLUGIN_SOURCE = path.join(REPO, 'rules', 'plugin.ts');
const PLUGIN_BUILT = path.join(REPO, 'dist', 'rules', 'plugin.js');

const WITH_PLUGIN_CONFIG = 'eslint.config.with-plugin.js';
const PARSER_ONLY_CONFIG = 'eslint.config.parser-only.js';

export function eslintAvailable() {
  if (!existsSync(PLUGIN_SOURCE)) return { ok: false, reason: 'the ESLint plugin (rules/plugin.ts) is not on this branch yet' };
  if (!existsSync(PLUGIN_BUILT)) return { ok: false, reason: 'dist/rules/plugin.js is missing: run `npm run build`' };
  return { ok: true };
}

/** The two flat configs, as users write them: the TypeScript parser block, then (or not) the plugin's recommended config. */
function writeEslintConfigs(dir) {
  const parserBlock = "{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }";
  writeFileSync(
    path.join(dir, WITH_PLUGIN_CONFIG),
    `import tseslint from 'typescript-eslint';\nimport roleRegistry from 'role-registry/eslint';\n\nexport default [${parserBlock}, roleRegistry.configs.recommended];\n`,
  );
  writeFileSync(path.join(dir, PARSER_ONLY_CONFIG), `import tseslint from 'typescript-eslint';\n\nexport default [${parserBlock}];\n`);
}

function eslintMessages(stdout) {
  return JSON.parse(stdout).flatMap((result) =>
    result.messages.map((m) => ({ file: result.filePath, ruleId: m.ruleId, message: m.message })),
  );
}

/** `eslint` over the mutated registry's files with and without the plugin's rules. */
export function eslintFigures(registry, { warmup, runs }) {
  const dir = registry.mutated;
  writeEslintConfigs(dir);
  const { removed, drifted } = registry.targets;
  const files = ['src/roles/**/*.ts'];
  const withPlugin = {
    name: 'eslint + role-registry',
    file: NODE,
    args: [ESLINT, '--config', WITH_PLUGIN_CONFIG, '--format', 'json', ...files],
    cwd: dir,
    expectExit: 1,
    verify: ({ stdout }) => {
      const messages = eslintMessages(stdout);
      const text = JSON.stringify(messages);
      const ours = messages.filter((m) => m.ruleId?.startsWith('role-registry/'));
      if (!ours.some((m) => m.message.includes(removed.role)))
        throw new Error(`eslint did not report the removed role ${removed.role}: ${text.slice(0, 2000)}`);
      if (!ours.some((m) => m.message.includes(drifted.contractId)))
        throw new Error(`eslint did not report the drifted ${drifted.contractId}: ${text.slice(0, 2000)}`);
      if (ours.length !== 2) throw new Error(`eslint reported ${ours.length} role-registry problems, expected 2: ${text.slice(0, 2000)}`);
    },
  };
  const parserOnly = {
    name: 'eslint (parser only)',
    file: NODE,
    args: [ESLINT, '--config', PARSER_ONLY_CONFIG, '--format', 'json', ...files],
    cwd: dir,
    expectExit: 0,
    verify: ({ stdout }) => {
      const results = JSON.parse(stdout);
      if (results.length !== registry.registryFiles)
        throw new Error(`eslint (parser only) linted ${results.length} files, expected ${registry.registryFiles}`);
    },
  };
  const result = interleave([withPlugin, parserOnly], { warmup, runs, ratios: [[withPlugin.name, parserOnly.name]] });
  return { roles: registry.roles, times: result.times, ratios: result.ratios };
}

function editorRun(dir, mode, edits) {
  const result = spawnSync(NODE, [EDITOR, dir, mode, String(edits)], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`editor-latency ${mode} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * Warm: in one process that has linted the project, each edit of one role file's buffer is linted
 * with `lintText` (unsaved text, every other file on disk) and timed in-process. Cold: the first
 * `lintText` of the same edit in a fresh process (ESLint, parser, plugin and engine load, the whole
 * registry is read), timed from before `new ESLint()`.
 */
export function editorLatency(registry, { edits }) {
  const dir = registry.clean;
  writeEslintConfigs(dir);
  const warm = editorRun(dir, 'warm', edits);
  const coldRuns = [];
  for (let i = 0; i < 3; i++) coldRuns.push(editorRun(dir, 'cold', 1).samples[0]);
  const warmStats = stats(warm.samples);
  const coldStats = stats(coldRuns);
  return {
    roles: registry.roles,
    file: warm.file,
    projectLintMs: warm.projectLintMs,
    warm: warmStats,
    cold: coldStats,
    ratio: warmStats.median / coldStats.median,
  };
}
