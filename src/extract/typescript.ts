import { createRequire } from 'node:module';
import type TS from 'typescript';

/**
 * The TypeScript compiler API, loaded with `require`: an ESM `import` of the 9 MB CommonJS
 * typescript.js makes Node scan its source for export names first, which costs every CLI run and
 * every ESLint process about 0.3 s. Types come from `import type TS from 'typescript'`.
 */
export const ts: typeof TS = createRequire(import.meta.url)('typescript') as typeof TS;
