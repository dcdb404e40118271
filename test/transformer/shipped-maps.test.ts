/**
 * The package ships dist/, not the TypeScript sources: its source maps must carry the sources, so
 * stack traces and debuggers resolve (run `npm run build` first).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './support/project.js';

it('every dist/transformer/*.js.map carries sourcesContent equal to the source it maps', () => {
  const dist = path.join(REPO, 'dist', 'transformer');
  const maps = readdirSync(dist).filter((name) => name.endsWith('.js.map'));
  expect(maps.length).toBeGreaterThan(5);
  for (const name of maps) {
    const map = JSON.parse(readFileSync(path.join(dist, name), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent, name).toHaveLength(map.sources.length);
    map.sources.forEach((source, index) => {
      expect(map.sourcesContent![index], `${name}: ${source}`).toBe(readFileSync(path.resolve(dist, source), 'utf8'));
    });
  }
});
