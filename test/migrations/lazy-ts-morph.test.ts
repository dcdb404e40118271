import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './support.js';

/**
 * ts-morph takes about a second to load: it must stay off `check`, `lock` and lint. The CLI loads
 * the codemods only through dynamic `import()`; this walks the static import graph of the built CLI
 * and of the ESLint plugin's engine entry and proves ts-morph is not on it.
 */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const specifier =
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier &&
        ts.isStringLiteral(statement.moduleSpecifier)
          ? statement.moduleSpecifier.text
          : undefined;
      if (specifier === undefined) continue;
      if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly) continue;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else seen.add(specifier);
    }
  };
  visit(entry);
  return seen;
}

describe('ts-morph stays off the hot paths', () => {
  it('is not statically reachable from the CLI entry (check, lock, hash, status) nor from the engine', () => {
    const cli = staticGraph(path.join(REPO, 'dist', 'src', 'cli', 'main.js'));
    expect(cli.has(path.join(REPO, 'dist', 'src', 'cli', 'commands', 'check.js'))).toBe(true);
    expect(cli.has('ts-morph')).toBe(false);
    expect([...cli].filter((file) => file.includes(`${path.sep}codemods${path.sep}`))).toEqual([]);
    expect(staticGraph(path.join(REPO, 'dist', 'src', 'project', 'registry.js')).has('ts-morph')).toBe(false);
    // The codemods do load it (so the graph walk would see it if it were reachable).
    expect(staticGraph(path.join(REPO, 'dist', 'src', 'codemods', 'deprecate.js')).has('ts-morph')).toBe(true);
  });
});
