/**
 * docs/transformer.md against the code and the tests: every recipe in it is read by a test that
 * builds with it, its codes are the transformer's, its example value has the value's shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../transformer/reporter.js';
import { emptyLockfile } from '../../src/lockfile/format.js';
import { provenanceOf } from '../../src/provenance/value.js';
import { REPO } from './support/project.js';
import { GUIDE, recipes } from './support/recipes.js';

const guide = readFileSync(GUIDE, 'utf8');

function testSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of ['test/transformer', 'test/transformer/support', 'test/bundler']) {
    for (const name of readdirSync(path.join(REPO, dir))) {
      if (!name.endsWith('.ts') || name === 'docs-recipes.test.ts') continue;
      sources.set(`${dir}/${name}`, readFileSync(path.join(REPO, dir, name), 'utf8'));
    }
  }
  return sources;
}

describe('docs/transformer.md', () => {
  it('marks every recipe block, and every marker is followed by a block', () => {
    const markers = [...guide.matchAll(/<!-- recipe: (\S+) (\S+) -->/g)].map((m) => `${m[1]} ${m[2]}`);
    const parsed = [...recipes()].flatMap(([id, files]) => [...files.keys()].map((file) => `${id} ${file}`));
    expect(parsed.sort()).toEqual(markers.sort());
    expect(markers.length).toBeGreaterThan(20);
  });

  it('every recipe is read by a test that builds with it', () => {
    const sources = [...testSources().values()].join('\n');
    const unread = [...recipes().keys()].filter((id) => !sources.includes(`'${id}'`));
    expect(unread).toEqual([]);
  });

  it('its JSON recipes parse', () => {
    for (const [id, files] of recipes()) {
      for (const [file, text] of files) if (file.endsWith('.json')) expect(() => JSON.parse(text), `${id} ${file}`).not.toThrow();
    }
  });

  it('lists exactly the transformer diagnostic codes', () => {
    const documented = [...guide.matchAll(/^\| `TS(\d+)` \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(DIAGNOSTIC_CODES));
  });

  it('shows the value with the keys of provenanceOf, in its order', () => {
    const example = /## The value[\s\S]*?```json\n([\s\S]*?)```/.exec(guide)![1]!;
    expect(Object.keys(JSON.parse(example))).toEqual(Object.keys(provenanceOf(emptyLockfile())));
  });
});
