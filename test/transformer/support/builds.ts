/**
 * One function per build path. Each writes the build set-up a user would write (a tsconfig, a
 * bundler script) into the project, runs the real tool in a child process, and returns where the
 * runnable output is. Outputs go to `out/<path>/` so that paths can build one project in parallel.
 */
import path from 'node:path';
import { expectSuccess, type Project, type RunResult, tsc, tsconfig, tspc } from './project.js';

export interface Build {
  /** The file to run with node. */
  readonly entry: string;
  /** The emitted file that holds the provenance value. */
  readonly emitted: string;
  readonly result: RunResult;
}

const done = (project: Project, entry: string, result: RunResult, what: string, emitted = entry): Build => {
  expectSuccess(result, what);
  return { entry: project.file(entry), emitted: project.file(emitted), result };
};

/** ts-patch `tspc` with the transformer in tsconfig `plugins` (TS 6 + ts-patch 4, or TS 5.9 + ts-patch 3, by the project's links). */
export async function buildWithTspc(project: Project, options: { name?: string; compilerOptions?: Record<string, unknown>; pluginOptions?: Record<string, unknown> } = {}): Promise<Build> {
  const name = options.name ?? 'tspc';
  project.write(
    `tsconfig.${name}.json`,
    tsconfig({ outDir: `out/${name}`, sourceMap: true, plugins: [{ transform: 'role-registry/transformer', ...options.pluginOptions }], ...options.compilerOptions }),
  );
  return done(project, `out/${name}/main.js`, await tspc(project, ['-p', `tsconfig.${name}.json`]), 'tspc');
}

/** Plain `tsc` on the same tsconfig: it ignores `plugins`, so the import stays. */
export async function buildWithPlainTsc(project: Project): Promise<Build> {
  project.write('tsconfig.plain.json', tsconfig({ outDir: 'out/plain', plugins: [{ transform: 'role-registry/transformer' }] }));
  return done(project, 'out/plain/main.js', await tsc(project, ['-p', 'tsconfig.plain.json']), 'tsc');
}

/** `ts.transpileModule` per file (no program, no type information), as ts-jest isolatedModules and swc-like pipelines do. */
export async function buildWithTranspileModule(project: Project): Promise<Build> {
  project.write(
    'build-transpile.mjs',
    `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { roleRegistryTransformer } from 'role-registry/transformer';

mkdirSync('out/transpile', { recursive: true });
for (const name of ['main', 'greet']) {
  const output = ts.transpileModule(readFileSync(\`src/\${name}.ts\`, 'utf8'), {
    fileName: \`src/\${name}.ts\`,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    transformers: { before: [roleRegistryTransformer()] },
  });
  writeFileSync(\`out/transpile/\${name}.js\`, output.outputText);
}
`,
  );
  return done(project, 'out/transpile/main.js', await project.node(['build-transpile.mjs']), 'transpileModule');
}

const WEBPACK_RESOLVE = `resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }`;

/** webpack + ts-loader with the transformer in `getCustomTransformers` (`transpileOnly` too, when asked). */
export async function buildWithTsLoader(project: Project, options: { transpileOnly?: boolean; module?: string } = {}): Promise<Build> {
  const name = options.transpileOnly ? 'ts-loader-transpile-only' : 'ts-loader';
  project.write(`tsconfig.${name}.json`, tsconfig({ module: options.module ?? 'ES2022', moduleResolution: 'Bundler', sourceMap: true }));
  project.write(
    `build-${name}.cjs`,
    `const path = require('node:path');
const webpack = require('webpack');
const { roleRegistryTransformer } = require('role-registry/transformer');

webpack({
  mode: 'production',
  target: 'node',
  devtool: 'source-map',
  entry: './src/main.ts',
  output: { path: path.resolve('out/${name}'), filename: 'main.cjs' },
  ${WEBPACK_RESOLVE},
  optimization: { minimize: false },
  module: {
    rules: [{
      test: /\\.ts$/,
      loader: 'ts-loader',
      options: {
        configFile: 'tsconfig.${name}.json',
        transpileOnly: ${options.transpileOnly === true},
        getCustomTransformers: () => ({ before: [roleRegistryTransformer()] }),
      },
    }],
  },
}, (error, stats) => {
  if (error) throw error;
  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exitCode = 1; }
});
`,
  );
  return done(project, `out/${name}/main.cjs`, await project.node([`build-${name}.cjs`]), name);
}

/** Rollup + @rollup/plugin-typescript with the transformer in `transformers.before`. */
export async function buildWithRollupTypescript(project: Project): Promise<Build> {
  project.write('tsconfig.rollup.json', tsconfig({ module: 'ES2022', moduleResolution: 'Bundler', outDir: 'out/rollup-ts', sourceMap: true }));
  project.write(
    'build-rollup-ts.mjs',
    `import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import { roleRegistryTransformer } from 'role-registry/transformer';

const bundle = await rollup({
  input: 'src/main.ts',
  plugins: [typescript({
    tsconfig: './tsconfig.rollup.json',
    transformers: { before: [{ type: 'program', factory: () => roleRegistryTransformer() }] },
  })],
});
await bundle.write({ file: 'out/rollup-ts/main.js', format: 'es', sourcemap: true });
`,
  );
  return done(project, 'out/rollup-ts/main.js', await project.node(['build-rollup-ts.mjs']), 'rollup + @rollup/plugin-typescript');
}

/** esbuild with the bundler plugin. */
export async function buildWithEsbuild(project: Project, pluginOptions = '{}'): Promise<Build> {
  project.write(
    'build-esbuild.mjs',
    `import { build } from 'esbuild';
import { esbuild as registryProvenance } from 'role-registry/bundler';

await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  sourcemap: true,
  outfile: 'out/esbuild/main.js',
  logLevel: 'warning',
  plugins: [registryProvenance(${pluginOptions})],
});
`,
  );
  return done(project, 'out/esbuild/main.js', await project.node(['build-esbuild.mjs']), 'esbuild');
}

/** Vite (library mode, for Node) with the bundler plugin. */
export async function buildWithVite(project: Project): Promise<Build> {
  project.write(
    'build-vite.mjs',
    `import { build } from 'vite';
import { vite as registryProvenance } from 'role-registry/bundler';

await build({
  configFile: false,
  logLevel: 'warn',
  plugins: [registryProvenance()],
  build: {
    outDir: 'out/vite',
    minify: false,
    lib: { entry: 'src/main.ts', formats: ['es'], fileName: () => 'main.js' },
  },
});
`,
  );
  return done(project, 'out/vite/main.js', await project.node(['build-vite.mjs']), 'vite');
}

/** Rollup with the bundler plugin (TypeScript compiled by @rollup/plugin-typescript, no transformer). */
export async function buildWithRollupPlugin(project: Project): Promise<Build> {
  project.write('tsconfig.rollup-plugin.json', tsconfig({ module: 'ES2022', moduleResolution: 'Bundler', outDir: 'out/rollup', sourceMap: true }));
  project.write(
    'build-rollup.mjs',
    `import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import { rollup as registryProvenance } from 'role-registry/bundler';

const bundle = await rollup({ input: 'src/main.ts', plugins: [registryProvenance(), typescript({ tsconfig: './tsconfig.rollup-plugin.json' })] });
await bundle.write({ file: 'out/rollup/main.js', format: 'es', sourcemap: true });
`,
  );
  return done(project, 'out/rollup/main.js', await project.node(['build-rollup.mjs']), 'rollup + bundler plugin');
}

/** webpack with the bundler plugin (ts-loader in transpileOnly, no transformer). */
export async function buildWithWebpackPlugin(project: Project): Promise<Build> {
  project.write('tsconfig.webpack-plugin.json', tsconfig({ module: 'ES2022', moduleResolution: 'Bundler' }));
  project.write(
    'build-webpack.cjs',
    `const path = require('node:path');
const webpack = require('webpack');
const { webpack: registryProvenance } = require('role-registry/bundler');

webpack({
  mode: 'production',
  target: 'node',
  entry: './src/main.ts',
  output: { path: path.resolve('out/webpack'), filename: 'main.cjs' },
  ${WEBPACK_RESOLVE},
  optimization: { minimize: false },
  plugins: [registryProvenance()],
  module: { rules: [{ test: /\\.ts$/, loader: 'ts-loader', options: { configFile: 'tsconfig.webpack-plugin.json', transpileOnly: true } }] },
}, (error, stats) => {
  if (error) throw error;
  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exitCode = 1; }
});
`,
  );
  return done(project, 'out/webpack/main.cjs', await project.node(['build-webpack.cjs']), 'webpack + bundler plugin');
}

/** Rspack (its built-in SWC loader for TypeScript) with the bundler plugin. */
export async function buildWithRspack(project: Project): Promise<Build> {
  project.write(
    'build-rspack.cjs',
    `const path = require('node:path');
const { rspack } = require('@rspack/core');
const { rspack: registryProvenance } = require('role-registry/bundler');

rspack({
  mode: 'production',
  target: 'node',
  entry: './src/main.ts',
  output: { path: path.resolve('out/rspack'), filename: 'main.cjs' },
  ${WEBPACK_RESOLVE},
  optimization: { minimize: false },
  plugins: [registryProvenance()],
  module: { rules: [{ test: /\\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } }, type: 'javascript/auto' }] },
}, (error, stats) => {
  if (error) throw error;
  if (stats.hasErrors()) { console.error(stats.toString('errors-only')); process.exitCode = 1; }
});
`,
  );
  return done(project, 'out/rspack/main.cjs', await project.node(['build-rspack.cjs']), 'rspack + bundler plugin');
}

/**
 * TypeScript 7's native `tsc` (no transformer API) through the module `role-registry provenance --out`
 * writes: the app imports the generated module instead of `role-registry/provenance`.
 */
export async function buildWithTs7GeneratedModule(project: Project, tsc7: string): Promise<Build> {
  expectSuccess(await project.cli('provenance', '--out', 'src/generated/registry-provenance.ts'), 'role-registry provenance --out');
  project.write('src/main-ts7.ts', project.read('src/main.ts').replace(`import { REGISTRY_PROVENANCE } from 'role-registry/provenance';\nimport type { RegistryProvenance } from 'role-registry/provenance';`, `import { REGISTRY_PROVENANCE } from './generated/registry-provenance.js';\ntype RegistryProvenance = typeof REGISTRY_PROVENANCE;`));
  project.write('tsconfig.ts7.json', tsconfig({ outDir: 'out/ts7', sourceMap: true }, ['src/main-ts7.ts']));
  return done(project, 'out/ts7/main-ts7.js', await project.node([tsc7, '-p', 'tsconfig.ts7.json']), 'TypeScript 7 tsc', 'out/ts7/generated/registry-provenance.js');
}

export function outputName(build: Build, project: Project): string {
  return path.relative(project.dir, build.entry);
}
