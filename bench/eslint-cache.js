/**
 * What `eslint --cache` costs and saves with the plugin: whole-process times of `eslint` on an
 * unchanged, locked registry of N roles, cached (every file a cache hit) and uncached, with the
 * plugin's recommended config and with the parser alone.
 * Usage: node bench/eslint-cache.js [roles=1000] [runs=5] [warmup=1]
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { interleave } from './lib/measure.js';
import { prepareWorkDirectory, REPO, registryProjects } from './lib/projects.js';
import { DEFAULT_SEED } from './lib/registry-model.js';

const roles = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const warmup = Number(process.argv[4] ?? 1);
const ESLINT = path.join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');

prepareWorkDirectory();
const { clean: dir, registryFiles } = registryProjects(roles, DEFAULT_SEED);
const parserBlock = "{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }";
writeFileSync(
  path.join(dir, 'eslint.config.plugin.js'),
  `import tseslint from 'typescript-eslint';\nimport roleRegistry from 'role-registry/eslint';\n\nexport default [${parserBlock}, roleRegistry.configs.recommended];\n`,
);
writeFileSync(path.join(dir, 'eslint.config.parser.js'), `import tseslint from 'typescript-eslint';\n\nexport default [${parserBlock}];\n`);

const commands = [];
for (const config of ['plugin', 'parser']) {
  const base = [ESLINT, '--config', `eslint.config.${config}.js`, 'src/roles'];
  const cacheArgs = ['--cache', '--cache-location', `.eslintcache-${config}`];
  // Fill the cache once: the timed cached runs are all hits.
  rmSync(path.join(dir, `.eslintcache-${config}`), { force: true });
  spawnSync(process.execPath, [...base, ...cacheArgs], { cwd: dir });
  commands.push({ name: `${config} uncached`, file: process.execPath, args: base, cwd: dir, expectExit: 0 });
  commands.push({ name: `${config} cached`, file: process.execPath, args: [...base, ...cacheArgs], cwd: dir, expectExit: 0 });
}
const { times } = interleave(commands, { warmup, runs });
console.log(`${roles} roles in ${registryFiles} files, ${runs} runs, medians (min–max) in ms:`);
for (const [name, s] of Object.entries(times))
  console.log(`  ${name.padEnd(18)} ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`);
