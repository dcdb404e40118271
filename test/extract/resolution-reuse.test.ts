import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ModuleResolver } from '../../src/extract/module-resolver.js';

/**
 * The module resolver keeps a resolution from one sweep to the next when the file system still
 * answers every question it was computed from (src/extract/module-resolver.ts). Against the plain
 * definition, a resolver that has never seen the project: after random files, directories,
 * package.json scopes, packages and links are created and deleted, every import resolves the same.
 */
const RUNS = Number(process.env['RR_FAST_PATH_RUNS'] ?? 40);

const base = mkdtempSync(path.join(tmpdir(), 'rr-resolution-reuse-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Files that may exist; each step creates or deletes one. `null` content: a link to the target. */
const POOL: readonly { readonly file: string; readonly text?: string; readonly linkTo?: string }[] = [
  { file: 'src/a.ts', text: 'export const a = 1;\n' },
  { file: 'src/a.tsx', text: 'export const a = 2;\n' },
  { file: 'src/a.d.ts', text: 'export declare const a: number;\n' },
  { file: 'src/a.js', text: 'export const a = 3;\n' },
  { file: 'src/a/index.ts', text: 'export const a = 4;\n' },
  { file: 'src/a/package.json', text: '{ "types": "./main.ts" }\n' },
  { file: 'src/a/main.ts', text: 'export const a = 5;\n' },
  { file: 'src/lib/b.ts', text: 'export const b = 1;\n' },
  { file: 'src/lib/b.mts', text: 'export const b = 2;\n' },
  { file: 'src/lib/index.ts', text: 'export const b = 3;\n' },
  { file: 'src/sub/package.json', text: '{ "type": "commonjs" }\n' },
  { file: 'src/sub/a.ts', text: 'export const a = 6;\n' },
  { file: 'package.json', text: '{ "type": "module", "imports": { "#b": "./src/lib/b.ts" } }\n' },
  { file: 'node_modules/pkg/package.json', text: '{ "name": "pkg", "types": "./index.ts" }\n' },
  { file: 'node_modules/pkg/index.ts', text: 'export const p = 1;\n' },
  { file: 'src/link.ts', linkTo: 'lib/b.ts' },
  { file: 'src/outside.ts', linkTo: '../../outside.ts' },
];
const IMPORTERS = ['src/main.ts', 'src/sub/x.ts', 'src/lib/y.mts'];
const SPECIFIERS = [
  './a.js',
  './a',
  './a/index.js',
  '../a.js',
  '../src/a.js',
  './lib/b.js',
  './lib',
  './lib/b.mjs',
  './b.js',
  '#b',
  'pkg',
  './link.js',
  './outside.js',
  './missing.js',
];

let projectCount = 0;

function exists(present: ReadonlySet<number>, index: number): boolean {
  return present.has(index);
}

function apply(root: string, index: number, create: boolean): void {
  const entry = POOL[index]!;
  const file = path.join(root, entry.file);
  rmSync(file, { force: true });
  if (!create) return;
  mkdirSync(path.dirname(file), { recursive: true });
  if (entry.linkTo !== undefined) symlinkSync(entry.linkTo, file);
  else writeFileSync(file, entry.text!);
}

describe('module resolutions kept across sweeps', () => {
  it(`equal a fresh resolver's after random file system changes (${RUNS} sequences)`, () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.nat(POOL.length - 1), { minLength: 1, maxLength: 25 }), (nodeNext, toggles) => {
        const dir = path.join(base, `p${projectCount++}`);
        const root = path.join(dir, 'project');
        mkdirSync(path.join(root, 'src/lib'), { recursive: true });
        mkdirSync(path.join(root, 'src/sub'), { recursive: true });
        writeFileSync(path.join(dir, 'outside.ts'), 'export const o = 1;\n');
        let tsconfig: string | undefined;
        if (nodeNext) {
          tsconfig = path.join(root, 'tsconfig.json');
          writeFileSync(
            tsconfig,
            JSON.stringify({
              compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true },
            }),
          );
        }
        for (const importer of IMPORTERS) writeFileSync(path.join(root, importer), 'export {};\n');
        const kept = new ModuleResolver(root, tsconfig);
        const present = new Set<number>();
        const resolveAll = (resolver: ModuleResolver) =>
          IMPORTERS.flatMap((importer) =>
            SPECIFIERS.map((specifier) => [importer, specifier, resolver.resolve(specifier, path.join(root, importer))]),
          );
        resolveAll(kept);
        for (const index of toggles) {
          const create = !exists(present, index);
          apply(root, index, create);
          if (create) present.add(index);
          else present.delete(index);
          kept.reset();
          expect(resolveAll(kept), `after ${create ? 'creating' : 'deleting'} ${POOL[index]!.file}`).toEqual(
            resolveAll(new ModuleResolver(root, tsconfig)),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });
});
