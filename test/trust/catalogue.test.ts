import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue-cases.js';
import { runCase } from './support/catalogue-run.js';
import { removeTree, STACK_TRACE, tempDir } from '../support/cli.js';
import { writeStudio } from '../support/studio.js';

interface DocumentedEntry {
  readonly exitCode: number;
  readonly output: string;
  readonly writes: boolean;
}

/** docs/errors.md: `### <id>`, a description, `Exit code **N**.`, then the exact output in a text block. */
function documentedEntries(): Map<string, DocumentedEntry> {
  const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const catalogue = page.slice(page.indexOf('\n# The catalogue\n'));
  const entries = new Map<string, DocumentedEntry>();
  for (const section of catalogue.split(/^### /m).slice(1)) {
    const id = section.slice(0, section.indexOf('\n')).trim();
    const exit = /^Exit code \*\*(\d)\*\*\. (.*)$/m.exec(section);
    const block = /^```text\n([\s\S]*?)^```$/m.exec(section);
    if (!exit || !block) throw new Error(`docs/errors.md: entry ${id} has no exit code or no output block`);
    entries.set(id, { exitCode: Number(exit[1]), output: block[1]!, writes: !exit[2]!.startsWith('Nothing is written') });
  }
  return entries;
}

const documented = documentedEntries();
let template: string;
const runs: string[] = [];

beforeAll(() => {
  template = tempDir('studio');
  writeStudio(template);
});

afterAll(() => {
  removeTree(template);
  for (const directory of runs) removeTree(directory);
});

describe('docs/errors.md', () => {
  it('documents every catalogue case, and only those', () => {
    expect([...documented.keys()]).toEqual(CATALOGUE.map((entry) => entry.id));
  });
});

describe.concurrent('bad-input catalogue (built CLI, one temp project per entry)', () => {
  it.each(CATALOGUE.map((entry) => [entry.id, entry] as const))('%s', async (id, entry) => {
    const doc = documented.get(id);
    expect(doc, `docs/errors.md has no entry ${id}`).toBeDefined();
    const run = await runCase(entry, template);
    runs.push(run.tmp);

    expect(run.output).toBe(doc!.output);
    expect(run.result.code).toBe(doc!.exitCode);
    expect(run.output).not.toMatch(STACK_TRACE);
    expect(run.output).not.toContain('internal error');

    const leftovers = [...run.after.keys()].filter((file) => /role-registry\.lock\.json\.(\d+|lock|lock\.stale-.*)$/.test(file));
    expect(leftovers).toEqual([]);
    expect(Boolean(entry.writes)).toBe(doc!.writes);
    if (entry.writes) {
      entry.verify?.(run.project, run.result, run.lockfileBefore);
    } else {
      expect(run.after).toEqual(run.before);
    }
  });
});
