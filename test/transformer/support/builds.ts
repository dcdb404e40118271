/**
 * The build paths, each as its recipe in docs/transformer.md: the recipe's files are written into
 * the project unchanged and its commands run with the real tools. Where the docs name a variant
 * ("add transpileOnly: true"), the variant is made from the recipe's text here, visibly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expectSuccess, PROVENANCE_IMPORT, type Installs, type Project, type RunResult } from './project.js';
import { recipe, recipeCommands, recipeFile } from './recipes.js';

export interface BuildPath {
  /** What the test reports. */
  readonly name: string;
  /** The recipes the build reads (the docs test checks every recipe is read by some test). */
  readonly recipes: readonly string[];
  /** Which base project it builds in. */
  readonly base: 'ts6' | 'ts59';
  /** Writes the recipe into the project and runs the build; fails with the tool's output. */
  build(project: Project): Promise<RunResult>;
  /** Runs the built app; its stdout has the provenance JSON line. */
  run(project: Project): Promise<RunResult>;
  /** The file that must hold the value (the one the build path wrote). */
  emitted(project: Project): string;
  /** Source map of the emitted app, when the recipe writes one; `transformed`: the TS transformer rewrote main.ts there. */
  readonly sourceMap?: { readonly file: string; readonly transformed: boolean };
  /** The version the compiler reports (`-v`), checked before trusting the build. */
  readonly compilerVersion?: { readonly command: string; readonly version: string };
}

/** Every package the paths below need, linked from this repository's node_modules. */
export const BUILD_TOOLS: Installs = {
  ...Object.fromEntries(
    [
      'tslib',
      'webpack',
      'ts-loader',
      'rollup',
      '@rollup/plugin-typescript',
      'esbuild',
      'vite',
      '@rspack/core',
      'jest',
      '@jest/globals',
      'tsx',
      'typescript-7',
      '@swc/cli',
      '@swc/core',
    ].map((name) => [name, { from: name }]),
  ),
  // ts-jest resolves `astTransformers` entries from its own real path: a real directory, as npm installs it.
  'ts-jest': { from: 'ts-jest', copy: true },
};

/** Writes every file of a recipe except its `run` block. */
export function writeRecipe(project: Project, id: string, edit: (file: string, text: string) => string = (_file, text) => text): void {
  for (const [file, text] of recipe(id)) if (file !== 'run' && file !== 'import') project.write(file, edit(file, text));
}

/** Runs a recipe's commands in order, stopping at the first failure (its result is returned). */
export async function runRecipe(project: Project, id: string, extraArgs: Record<string, string> = {}): Promise<RunResult> {
  let last: RunResult = { code: 0, stdout: '', stderr: '' };
  for (const command of recipeCommands(id)) {
    const bin = command.replace(/^npx /, '').split(' ')[0]!;
    last = await project.sh(extraArgs[bin] ? `${command} ${extraArgs[bin]}` : command);
    if (last.code !== 0) return { ...last, stderr: `$ ${command}\n${last.stderr}` };
  }
  return last;
}

/** Builds a webpack or Rspack config file through the tool's Node API (webpack-cli and @rspack/cli are not installed here). */
async function buildWithNodeApi(project: Project, tool: 'webpack' | 'rspack', configFile: string): Promise<RunResult> {
  project.write(
    'build-with-node-api.cjs',
    `const path = require('node:path');
const [tool, configFile] = process.argv.slice(2);
const compile = tool === 'rspack' ? require('@rspack/core').rspack : require('webpack');
compile(require(path.resolve(configFile)), (error, stats) => {
  if (error) { console.error(error); process.exitCode = 1; return; }
  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exitCode = 1; }
  else if (stats.hasWarnings()) console.error(stats.toString('errors-warnings'));
});
`,
  );
  return project.node(['build-with-node-api.cjs', tool, configFile]);
}

const runNode = (entry: string) => (project: Project) => project.node([entry]);

/** main.ts importing the generated module instead of `role-registry/provenance`, as the docs say. */
function importGeneratedModule(project: Project): void {
  const main = project.read('src/main.ts');
  if (!main.includes(PROVENANCE_IMPORT)) throw new Error('src/main.ts does not import role-registry/provenance');
  project.write('src/main.ts', main.replace(PROVENANCE_IMPORT, recipeFile('generated-module', 'import').trim()));
}

/** The jest test a ts-jest user would write; it writes the value it sees to a file the test reads. */
export const JEST_TEST = `import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@jest/globals';
import { REGISTRY_PROVENANCE } from 'role-registry/provenance';
import { greet } from './greet.js';

test('the build says which registry it was made against', () => {
  expect(greet(REGISTRY_PROVENANCE.roles)).toBe(\`built against \${REGISTRY_PROVENANCE.roles} roles\`);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/jest-provenance.json', JSON.stringify(REGISTRY_PROVENANCE));
});
`;

const JEST_ARGS = { jest: '--cacheDirectory .jest-cache --ci' };

/** What jest ran: the transformed test file in its transform cache. */
export function jestTransformedTest(project: Project): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.startsWith('provenancetest_')) found.push(full);
    }
  };
  walk(project.path('.jest-cache'));
  if (found.length === 0) throw new Error('jest cached no transformed provenance.test.ts');
  // The newest entry is the last run's.
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

function tsJestPath(name: string, isolatedModules: boolean): BuildPath {
  return {
    name,
    recipes: ['ts-jest', 'bundler-tsconfig'],
    base: 'ts6',
    async build(project) {
      writeRecipe(project, 'bundler-tsconfig', (_file, text) => {
        if (!isolatedModules) return text;
        const tsconfig = JSON.parse(text) as { compilerOptions: Record<string, unknown> };
        tsconfig.compilerOptions['isolatedModules'] = true;
        return JSON.stringify(tsconfig, null, 2);
      });
      writeRecipe(project, 'ts-jest');
      project.write('src/provenance.test.ts', JEST_TEST);
      return runRecipe(project, 'ts-jest', JEST_ARGS);
    },
    // jest ran the transformed code; what it saw is in the file its test wrote.
    run: async (project) => ({ code: 0, stdout: `${project.read('dist/jest-provenance.json')}\n`, stderr: '' }),
    emitted: (project) => jestTransformedTest(project),
  };
}

export const BUILD_PATHS: readonly BuildPath[] = [
  {
    name: 'tspc (ts-patch 4, TypeScript 6)',
    recipes: ['tspc'],
    base: 'ts6',
    compilerVersion: { command: 'tspc -v', version: 'Version 6.0.3' },
    build: async (project) => (writeRecipe(project, 'tspc'), runRecipe(project, 'tspc')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: true },
  },
  {
    name: 'tspc (ts-patch 3.3, TypeScript 5.9)',
    recipes: ['tspc'],
    base: 'ts59',
    compilerVersion: { command: 'tspc -v', version: 'Version 5.9.3' },
    build: async (project) => (writeRecipe(project, 'tspc'), runRecipe(project, 'tspc')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: true },
  },
  {
    name: 'webpack + ts-loader',
    recipes: ['ts-loader', 'bundler-tsconfig'],
    base: 'ts6',
    build: async (project) => (
      writeRecipe(project, 'bundler-tsconfig'),
      writeRecipe(project, 'ts-loader'),
      buildWithNodeApi(project, 'webpack', 'webpack.config.cjs')
    ),
    run: runNode('dist/main.cjs'),
    emitted: (project) => project.path('dist/main.cjs'),
    sourceMap: { file: 'dist/main.cjs.map', transformed: true },
  },
  {
    name: 'webpack + ts-loader transpileOnly (no type information)',
    recipes: ['ts-loader', 'bundler-tsconfig'],
    base: 'ts6',
    async build(project) {
      writeRecipe(project, 'bundler-tsconfig');
      writeRecipe(project, 'ts-loader', (_file, text) => {
        const edited = text.replace('options: { getCustomTransformers:', 'options: { transpileOnly: true, getCustomTransformers:');
        if (edited === text) throw new Error('the ts-loader recipe no longer has the options this variant edits');
        return edited;
      });
      return buildWithNodeApi(project, 'webpack', 'webpack.config.cjs');
    },
    run: runNode('dist/main.cjs'),
    emitted: (project) => project.path('dist/main.cjs'),
    sourceMap: { file: 'dist/main.cjs.map', transformed: true },
  },
  {
    name: 'Rollup + @rollup/plugin-typescript',
    recipes: ['rollup-typescript', 'bundler-tsconfig'],
    base: 'ts6',
    build: async (project) => (
      writeRecipe(project, 'bundler-tsconfig'),
      writeRecipe(project, 'rollup-typescript'),
      runRecipe(project, 'rollup-typescript')
    ),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: true },
  },
  {
    name: 'transpileModule (no type information)',
    recipes: ['transpile-module'],
    base: 'ts6',
    build: async (project) => (writeRecipe(project, 'transpile-module'), runRecipe(project, 'transpile-module')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: true },
  },
  tsJestPath('ts-jest (language service, CommonJS)', false),
  tsJestPath('ts-jest with isolatedModules (no type information)', true),
  {
    name: 'esbuild + bundler plugin (minified)',
    recipes: ['esbuild'],
    base: 'ts6',
    build: async (project) => (writeRecipe(project, 'esbuild'), runRecipe(project, 'esbuild')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: false },
  },
  {
    name: 'Vite + bundler plugin',
    recipes: ['vite'],
    base: 'ts6',
    build: async (project) => (writeRecipe(project, 'vite'), runRecipe(project, 'vite')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: false },
  },
  {
    name: 'Rollup + bundler plugin',
    recipes: ['rollup', 'bundler-tsconfig'],
    base: 'ts6',
    build: async (project) => (writeRecipe(project, 'bundler-tsconfig'), writeRecipe(project, 'rollup'), runRecipe(project, 'rollup')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/main.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: false },
  },
  {
    name: 'webpack + bundler plugin (production, minified)',
    recipes: ['webpack', 'bundler-tsconfig'],
    base: 'ts6',
    build: async (project) => (
      writeRecipe(project, 'bundler-tsconfig'),
      writeRecipe(project, 'webpack'),
      buildWithNodeApi(project, 'webpack', 'webpack.config.cjs')
    ),
    run: runNode('dist/main.cjs'),
    emitted: (project) => project.path('dist/main.cjs'),
    sourceMap: { file: 'dist/main.cjs.map', transformed: false },
  },
  {
    name: 'webpack + bundler plugin (development: modules in eval strings)',
    recipes: ['webpack', 'bundler-tsconfig'],
    base: 'ts6',
    async build(project) {
      writeRecipe(project, 'bundler-tsconfig');
      writeRecipe(project, 'webpack', (_file, text) => {
        const edited = text.replace("mode: 'production'", "mode: 'development'").replace("  devtool: 'source-map',\n", '');
        if (!edited.includes("mode: 'development'") || edited.includes('devtool'))
          throw new Error('the webpack recipe no longer has the lines this variant edits');
        return edited;
      });
      return buildWithNodeApi(project, 'webpack', 'webpack.config.cjs');
    },
    run: runNode('dist/main.cjs'),
    emitted: (project) => project.path('dist/main.cjs'),
  },
  {
    name: 'Rspack + bundler plugin (production, minified)',
    recipes: ['rspack'],
    base: 'ts6',
    build: async (project) => (writeRecipe(project, 'rspack'), buildWithNodeApi(project, 'rspack', 'rspack.config.cjs')),
    run: runNode('dist/main.cjs'),
    emitted: (project) => project.path('dist/main.cjs'),
    sourceMap: { file: 'dist/main.cjs.map', transformed: false },
  },
  {
    name: 'TypeScript 7 native tsc + generated module',
    recipes: ['ts7', 'generated-module'],
    base: 'ts6',
    compilerVersion: { command: 'node node_modules/typescript-7/bin/tsc -v', version: 'Version 7.0.2' },
    build: async (project) => (writeRecipe(project, 'ts7'), importGeneratedModule(project), runRecipe(project, 'ts7')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/generated/registry-provenance.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: false },
  },
  {
    name: 'tsx + generated module',
    recipes: ['tsx', 'generated-module'],
    base: 'ts6',
    async build(project) {
      importGeneratedModule(project);
      // The recipe's last command runs the app: build = every command but that one.
      const commands = recipeCommands('tsx');
      for (const command of commands.slice(0, -1)) expectSuccess(await project.sh(command), command);
      return { code: 0, stdout: '', stderr: '' };
    },
    run: (project) => project.sh(recipeCommands('tsx').at(-1)!),
    emitted: (project) => project.path('src/generated/registry-provenance.ts'),
  },
  {
    name: 'swc + generated module',
    recipes: ['swc', 'generated-module'],
    base: 'ts6',
    compilerVersion: { command: 'npx swc --version', version: '@swc/cli: 0.8.1\n@swc/core: 1.16.22' },
    build: async (project) => (writeRecipe(project, 'swc'), importGeneratedModule(project), runRecipe(project, 'swc')),
    run: runNode('dist/main.js'),
    emitted: (project) => project.path('dist/generated/registry-provenance.js'),
    sourceMap: { file: 'dist/main.js.map', transformed: false },
  },
];

export function readEmitted(file: string): string {
  return readFileSync(file, 'utf8');
}
