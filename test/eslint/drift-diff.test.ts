/**
 * ESLint names what changed in a drifted contract: the first change, how many more and whom it
 * breaks, from the locked surface recovered from the project's git history (here for an unsaved
 * buffer, as an editor lints it).
 */
import { ESLint } from 'eslint';
import { afterAll, expect, it } from 'vitest';
import { CATALOG, CREW } from './support/catalog.js';
import { ESLINT_TOOLS, fixture, USER_ESLINT_CONFIG } from './support/fixture.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW })
  .link(ESLINT_TOOLS)
  .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
  .write('eslint.config.js', USER_ESLINT_CONFIG)
  .write('.gitignore', 'node_modules\n')
  .lock();
project.initGit();
project.commit('publish');
afterAll(() => project.dispose());

async function driftMessages(text: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: project.dir }).lintText(text, { filePath: project.file('src/roles/catalog.ts') });
  return result!.messages.filter((m) => m.messageId === 'CONTRACT_DRIFT').map((m) => m.message);
}

it('names the first change, how many more, and whom the drift breaks', async () => {
  const narrowed = CATALOG.replace("schema_json: { type: 'object' }", "schema_json: { type: 'object', required: ['brief'] }");
  expect(narrowed).not.toBe(CATALOG);
  const [one] = await driftMessages(narrowed);
  expect(one).toContain(
    'Changed: add /required: ["brief"] (narrowing); breaks senders of `ROLE:producer:X:1`: it rejects documents it accepted before. A published contract never changes',
  );
  const [three] = await driftMessages(
    CATALOG.replace("schema_json: { type: 'object' }", "schema_json: { type: 'array', minItems: 1, title: 'Briefs' }"),
  );
  expect(three).toContain('Changed: add /minItems: 1 (narrowing), and 2 more; ');
});
