#!/usr/bin/env node
/**
 * The parse floor: the least any static checker of a registry must do, in the same process model as
 * `role-registry check` (a fresh Node process that loads TypeScript, globs the registry files named
 * by the project's config, reads them and builds a TypeScript syntax tree for each). Nothing is
 * evaluated, hashed or compared.
 *
 * Usage: node bench/parse-floor.js <project dir>   (prints the number of files and statements)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { globSync } from 'tinyglobby';

// Loaded as the engine loads it (src/extract/typescript.ts): require, not an ESM import.
const ts = createRequire(import.meta.url)('typescript');

const root = path.resolve(process.argv[2] ?? '.');
const config = JSON.parse(readFileSync(path.join(root, 'role-registry.config.json'), 'utf8'));
const files = globSync(config.include, {
  cwd: root,
  ignore: [...(config.exclude ?? []), '**/node_modules/**', '**/*.d.ts'],
  absolute: true,
  onlyFiles: true,
  followSymbolicLinks: false,
  expandDirectories: false,
});
let statements = 0;
for (const file of files) {
  // The same parse options as the engine (src/extract/file-facts.ts): no JSDoc, no parent pointers.
  const sourceFile = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    ts.ScriptKind.TS,
  );
  statements += sourceFile.statements.length;
}
process.stdout.write(`${files.length} files, ${statements} statements\n`);
