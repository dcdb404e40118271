/**
 * Where the provenance docs live. Dependency-free on purpose: the run-time module
 * `role-registry/provenance` imports it, and that module must load in a browser bundle.
 * (A test keeps this in step with DOCS_BASE_URL in version.ts.)
 */
export const PROVENANCE_DOCS_URL = 'https://github.com/role-registry/role-registry/blob/main/docs/transformer.md';

/** The import specifier every build path replaces. */
export const PROVENANCE_SPECIFIER = 'role-registry/provenance';

/** The message of the error thrown when an un-built `REGISTRY_PROVENANCE` is read. */
export const MISSING_BUILD_STEP_MESSAGE =
  'role-registry: REGISTRY_PROVENANCE was read, but no build step filled it in. ' +
  '`role-registry/provenance` must be replaced at build time by one of: ' +
  'the TypeScript transformer `role-registry/transformer` (tspc from ts-patch, ts-loader, @rollup/plugin-typescript, ts-jest; ' +
  'plain `tsc` silently ignores compiler plugins), ' +
  'the bundler plugin `role-registry/bundler` (esbuild, Vite, Rollup, webpack, Rspack; vitest through the Vite plugin in vitest.config.ts), ' +
  'or, for toolchains that run neither (TypeScript 7 native tsc, swc, tsx, Jest with babel-jest or @swc/jest), the module written by ' +
  '`role-registry provenance --out <file>` imported instead of `role-registry/provenance`. ' +
  `See ${PROVENANCE_DOCS_URL}`;
