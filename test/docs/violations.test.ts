import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIOLATION_CODES, VIOLATIONS } from '../../src/core/findings.js';

const page = readFileSync(new URL('../../docs/violations.md', import.meta.url), 'utf8');

describe('docs/violations.md', () => {
  it('has a section for every code in the catalogue, and no other', () => {
    const headings = [...page.matchAll(/^## ([A-Z_]+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(VIOLATION_CODES);
  });

  it.each(VIOLATION_CODES)('lists %s in the table with its kind and ruleset', (code) => {
    const row = page.split('\n').find((line) => line.startsWith(`| [\`${code}\`]`));
    expect(row, `no table row for ${code}`).toBeDefined();
    const cells = row!.split('|').map((cell) => cell.trim());
    expect(cells[2]).toBe(VIOLATIONS[code].kind);
    expect(Number(cells[3])).toBe(VIOLATIONS[code].ruleset);
  });
});
