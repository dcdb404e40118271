// Measures the plugin on a generated registry (not a test: timings depend on the machine).
//   npm run build && node test/eslint/measure-lint.mjs [roleFiles=1000] [recommended]
// (`recommended` adds typescript-eslint's recommended rules to both runs, a more realistic baseline)
// Prints extractions and file-system checks of one `eslint` run (counted through the engine probe),
// ESLint's per-rule timings (TIMING), and the time of a warm re-lint of one edited buffer.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const n = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(path.join(tmpdir(), 'rr-measure-'));
const write = (relative, text) => {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), text);
};
const roleFile = (i, extra = '') => {
  const id = `role_${String(i).padStart(5, '0')}`;
  return `import { defineRole } from 'role-registry';\nimport { BRIEF } from '../schemas.js';\n\nexport const ${id} = defineRole({\n  role_id: '${id}',\n  aliases: ['old_${id}'],\n  extract_contracts: [{ contract_id: 'ROLE:${id}:X:1', schema_json: BRIEF }],\n  produce_contracts: [{ contract_id: 'ROLE:${id}:C:1', schema_json: { type: 'object', required: ['${id}'${extra}] } }],\n});\n`;
};
try {
  for (const [name, target] of [
    ['role-registry', repo],
    ['eslint', 'node_modules/eslint'],
    ['typescript-eslint', 'node_modules/typescript-eslint'],
    ['typescript', 'node_modules/typescript'],
  ]) {
    mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    symlinkSync(path.resolve(repo, target), path.join(dir, 'node_modules', name), 'dir');
  }
  write('package.json', '{ "type": "module" }\n');
  write('role-registry.config.json', '{ "include": ["src/roles/**/*.ts"] }\n');
  write('src/schemas.ts', "export const BRIEF = { type: 'object', required: ['brief'] } as const;\n");
  for (let i = 0; i < n; i++) write(`src/roles/r${i}.ts`, roleFile(i));
  const { Registry } = await import(path.join(repo, 'dist/src/project/registry.js'));
  const { nextLockfile } = await import(path.join(repo, 'dist/src/project/lock-update.js'));
  const { writeLockfile } = await import(path.join(repo, 'dist/src/lockfile/io.js'));
  const registry = Registry.open({ cwd: dir });
  const state = registry.inspect();
  writeLockfile(registry.config.lockfile, nextLockfile(state.source.roles, undefined, registry.context).lock);
  // A project saved a while ago: files saved within the last 2 s are racy and re-read at every sweep (src/support/file-stamp.ts).
  const past = new Date(Date.now() - 3_600_000);
  for (const relative of [
    'role-registry.config.json',
    'role-registry.lock.json',
    'src/schemas.ts',
    ...Array.from({ length: n }, (_, i) => `src/roles/r${i}.ts`),
  ]) {
    utimesSync(path.join(dir, relative), past, past);
  }

  const { installEngineProbe } = await import(path.join(repo, 'dist/src/support/probe.js'));
  const counts = { extraction: 0, sweep: 0, stat: 0, read: 0, glob: 0, realpath: 0, exists: 0 };
  installEngineProbe({ extraction: () => counts.extraction++, fileSystem: (kind) => counts[kind]++, sweep: () => counts.sweep++ });
  const { ESLint } = await import(path.join(repo, 'node_modules/eslint/lib/api.js'));
  const baseline = process.argv[3] === 'recommended' ? '...tseslint.configs.recommended, ' : '';
  const config = (plugin) =>
    `import tseslint from 'typescript-eslint';\n${plugin ? "import roleRegistry from 'role-registry/eslint';\n" : ''}export default [${baseline}{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }${plugin ? ', roleRegistry.configs.recommended' : ''}];\n`;

  write('without.config.js', config(false));
  // The first run loads ESLint, the parser and TypeScript; the second is the baseline.
  await new ESLint({ cwd: dir, overrideConfigFile: path.join(dir, 'without.config.js') }).lintFiles(['src']);
  let started = performance.now();
  await new ESLint({ cwd: dir, overrideConfigFile: path.join(dir, 'without.config.js') }).lintFiles(['src']);
  const without = performance.now() - started;

  write('eslint.config.js', config(true));
  const eslint = new ESLint({ cwd: dir, stats: true });
  started = performance.now();
  const results = await eslint.lintFiles(['src']);
  const withPlugin = performance.now() - started;
  const ruleTime = {};
  for (const result of results)
    for (const pass of result.stats?.times.passes ?? [])
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) ruleTime[rule] = (ruleTime[rule] ?? 0) + total;
  const ours = Object.entries(ruleTime)
    .filter(([rule]) => rule.startsWith('role-registry/'))
    .reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`${n} role files (+ 1 shared schema), one eslint run:`);
  console.log(`  counts: ${JSON.stringify(counts)}`);
  console.log(
    `  wall: ${without.toFixed(0)} ms without the plugin, ${withPlugin.toFixed(0)} ms with it (same process, ESLint and the parser already loaded); rule time of role-registry/*: ${ours.toFixed(0)} ms`,
  );

  const file = path.join(dir, 'src/roles/r7.ts');
  const times = [];
  for (let k = 0; k < 5; k++) {
    const text = roleFile(7, `, 'extra${k}'`);
    started = performance.now();
    await eslint.lintText(text, { filePath: file });
    times.push(performance.now() - started);
  }
  Object.keys(counts).forEach((key) => (counts[key] = 0));
  const text = roleFile(7, ", 'last'");
  const before = performance.now();
  const [last] = await eslint.lintText(text, { filePath: file });
  const lastMs = performance.now() - before;
  const lastRules = Object.entries(last.stats?.times.passes[0]?.rules ?? {})
    .filter(([rule]) => rule.startsWith('role-registry/'))
    .reduce((sum, [, v]) => sum + v.total, 0);
  console.log(
    `  warm re-lint of one edited buffer (lintText, ESLint included): ${times.map((t) => t.toFixed(1)).join(', ')}, ${lastMs.toFixed(1)} ms; role-registry rule time ${lastRules.toFixed(1)} ms; counts ${JSON.stringify(counts)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
