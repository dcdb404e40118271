import { readFileSync } from 'node:fs';

/**
 * The text block a doc page shows right after `marker` (a line of the page): examples of output
 * that a test compares with the real output, so the page cannot drift from the tool.
 */
export function documentedOutput(page: string, marker: string, language = 'text'): string {
  const text = readFileSync(new URL(`../../${page}`, import.meta.url), 'utf8');
  const at = text.indexOf(`\n${marker}\n`);
  if (at === -1) throw new Error(`${page} has no line ${JSON.stringify(marker)}`);
  const block = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(text.slice(at));
  if (!block) throw new Error(`${page} has no ${language} block after ${JSON.stringify(marker)}`);
  return block[1]!;
}
