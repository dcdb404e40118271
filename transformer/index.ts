/**
 * `role-registry/transformer`: the TypeScript transformer that fills in `role-registry/provenance`.
 * One transformer, an entry point per host (recipes in docs/transformer.md):
 *
 * - ts-patch `tspc`: `"plugins": [{ "transform": "role-registry/transformer" }]` (the default export);
 * - ts-loader: `getCustomTransformers: () => ({ before: [roleRegistryTransformer()] })`;
 * - @rollup/plugin-typescript: `transformers: { before: [{ type: 'program', factory: () => roleRegistryTransformer() }] }`;
 * - ts-jest: `astTransformers: { before: ['role-registry/transformer'] }` (`factory`, `name`, `version`);
 * - `ts.transpileModule(text, { transformers: { before: [roleRegistryTransformer()] } })`.
 */
import type ts from 'typescript';
import { Registry } from '../src/project/registry.js';
import { provenanceOf } from '../src/provenance/value.js';
import { PACKAGE_VERSION } from '../src/core/version.js';
import { resolveOptions, type TransformerOptions } from './options.js';
import { StaleOutputWarner, type CompilerApi } from './stale-outputs.js';
import { createProvenanceTransformer } from './transform.js';

export type { TransformerOptions } from './options.js';
export { DIAGNOSTIC_CODES, RoleRegistryTransformError } from './reporter.js';

/** The transformer factory for any host that takes `before` transformers. */
export function roleRegistryTransformer(options?: TransformerOptions): ts.TransformerFactory<ts.SourceFile> {
  return createProvenanceTransformer({ options: resolveOptions(options) });
}

/** What ts-patch passes a `program` transformer as its third argument. */
export interface TsPatchExtras {
  readonly addDiagnostic?: (diagnostic: ts.Diagnostic) => unknown;
  /** The compiler that runs the transformer. */
  readonly ts?: CompilerApi;
}

const staleOutputs = new StaleOutputWarner();

/**
 * The ts-patch entry (`"transform": "role-registry/transformer"`): diagnostics join the program's,
 * so `tspc` prints them with the others and an error fails the build. ts-patch calls it whenever
 * the program emits, with the whole program: in an incremental or watch build, that is where an
 * output that keeps an old hash can be named.
 */
export default function tsPatchTransformer(
  program: ts.Program | undefined,
  config?: TransformerOptions,
  extras?: TsPatchExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const options = resolveOptions(config);
  if (program && extras?.ts) staleOutputs.onEmit(program, extras.ts, options);
  return createProvenanceTransformer({ options, addDiagnostic: extras?.addDiagnostic });
}

/** ts-jest's AST transformer contract: `factory(tsCompiler, options)`. */
export function factory(_tsCompiler: unknown, options?: TransformerOptions): ts.TransformerFactory<ts.SourceFile> {
  return roleRegistryTransformer(options);
}

/** ts-jest's AST transformer name. */
export const name = 'role-registry-provenance';

/**
 * ts-jest's cache key for the transformer: the package version and the registry hash of the
 * lockfile found from the working directory, so a new lockfile invalidates cached output.
 */
export const version = `${PACKAGE_VERSION}+${lockfileHashForCacheKey()}`;

function lockfileHashForCacheKey(): string {
  try {
    const lock = Registry.open({ cwd: process.cwd() }).lockfile();
    return lock ? provenanceOf(lock).registryHash : 'no-lockfile';
  } catch {
    return 'no-registry';
  }
}
