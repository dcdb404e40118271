/**
 * The recipes of docs/transformer.md, as the tests use them: each fenced block preceded by
 * `<!-- recipe: <id> <file> -->` is the content of <file> in the recipe <id> (file `run` is the
 * shell commands to run). Tests write these files into a project unchanged and run these commands,
 * so the guide cannot drift from what is proven.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './project.js';

export const GUIDE = path.join(REPO, 'docs', 'transformer.md');

export type Recipes = ReadonlyMap<string, ReadonlyMap<string, string>>;

function parseRecipes(markdown: string): Recipes {
  const recipes = new Map<string, Map<string, string>>();
  const pattern = /<!-- recipe: (\S+) (\S+) -->\n```[\w-]*\n([\s\S]*?)```/g;
  for (const [, id, file, text] of markdown.matchAll(pattern)) {
    const files = recipes.get(id!) ?? new Map<string, string>();
    if (files.has(file!)) throw new Error(`docs/transformer.md: recipe ${id} has two blocks for ${file}`);
    files.set(file!, text!);
    recipes.set(id!, files);
  }
  return recipes;
}

let cached: Recipes | undefined;

export function recipes(): Recipes {
  cached ??= parseRecipes(readFileSync(GUIDE, 'utf8'));
  return cached;
}

/** The files of one recipe (file → text). */
export function recipe(id: string): ReadonlyMap<string, string> {
  const files = recipes().get(id);
  if (!files) throw new Error(`docs/transformer.md has no recipe "${id}" (recipes: ${[...recipes().keys()].join(', ')})`);
  return files;
}

export function recipeFile(id: string, file: string): string {
  const text = recipe(id).get(file);
  if (text === undefined) throw new Error(`docs/transformer.md: recipe "${id}" has no ${file} block`);
  return text;
}

/** The command lines of a recipe's `run` block, comments and blank lines left out. */
export function recipeCommands(id: string): string[] {
  return recipeFile(id, 'run')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
