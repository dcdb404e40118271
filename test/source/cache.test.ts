import { utimesSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { installEngineProbe } from '../../src/support/probe.js';
import { IMPORT, TempProject } from '../support/temp-project.js';

/**
 * Extraction is per file and cached by content: the engine's probe counts parses (extractions) and
 * evaluations of registry files, and re-analysing after one edit must redo that file and the
 * registry files that read from it, only.
 */
describe('the extraction cache', () => {
  const role = (id: string, schema: string, importLine = ''): string =>
    `${IMPORT}${importLine}export const r = defineRole({ role_id: '${id}', produce_contracts: [{ contract_id: 'ROLE:${id}:C:1', schema_json: ${schema} }] });\n`;
  const project = new TempProject({
    'src/schemas.ts': "export const SHARED = { type: 'object' };\n",
    'src/roles/a.ts': role('a', 'SHARED', "import { SHARED } from '../schemas';\n"),
    'src/roles/b.ts': role('b', 'SHARED', "import { SHARED } from '../schemas';\n"),
    'src/roles/c.ts': role('c', "{ type: 'string' }"),
    'src/roles/d.ts': role('d', 'EXTRA', "import { EXTRA } from '../extra';\n"),
  });
  afterAll(() => project.dispose());
  const workspace = project.registry().workspace;

  const work = { parsed: 0, evaluated: 0 };
  installEngineProbe({ extraction: () => work.parsed++, evaluation: () => work.evaluated++ });
  afterAll(() => installEngineProbe(undefined));

  /** Runs one analysis and returns the work it did. */
  const analyse = (options: Parameters<typeof workspace.analyze>[0] = {}) => {
    work.parsed = 0;
    work.evaluated = 0;
    const analysis = workspace.analyze(options);
    return { analysis, ...work };
  };

  it('parses every file and evaluates every registry file once at first', () => {
    const first = analyse();
    expect([first.parsed, first.evaluated]).toEqual([5, 4]);
    expect(first.analysis.roles.map((r) => r.roleId)).toEqual(['a', 'b', 'c', 'd']);
    expect(first.analysis.findings.map((f) => f.code)).toEqual(['NON_STATIC_VALUE']);
  });

  it('does nothing again when nothing changed, even when a file was touched', () => {
    expect(analyse()).toMatchObject({ parsed: 0, evaluated: 0 });
    const later = new Date(Date.now() + 5_000);
    utimesSync(project.path('src/roles/c.ts'), later, later);
    expect(analyse()).toMatchObject({ parsed: 0, evaluated: 0 });
  });

  it('re-extracts only the edited registry file', () => {
    project.write('src/roles/c.ts', role('c', "{ type: 'number' }"));
    const after = analyse();
    expect([after.parsed, after.evaluated]).toEqual([1, 1]);
    expect(after.analysis.roles.find((r) => r.roleId === 'c')!.contracts[0]!.surfaceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-evaluates exactly the registry files that import an edited shared file', () => {
    const hashBefore = workspace.analyze().roles.find((r) => r.roleId === 'a')!.contracts[0]!.surfaceHash;
    project.write('src/schemas.ts', "export const SHARED = { type: 'object', required: ['x'] };\n");
    const after = analyse();
    expect([after.parsed, after.evaluated]).toEqual([1, 2]);
    expect(after.analysis.roles.find((r) => r.roleId === 'a')!.contracts[0]!.surfaceHash).not.toBe(hashBefore);
  });

  it('notices a file that appears where an import pointed at nothing', () => {
    project.write('src/extra.ts', "export const EXTRA = { type: 'null' };\n");
    const after = analyse();
    expect([after.parsed, after.evaluated]).toEqual([1, 1]);
    expect(after.analysis.findings).toEqual([]);
  });

  it('reads an unsaved buffer (override) as one edited file, then returns to the disk', () => {
    const override = new Map([[project.path('src/roles/b.ts'), role('b', "{ type: 'boolean' }")]]);
    expect(analyse({ overrides: override })).toMatchObject({ parsed: 1, evaluated: 1 });
    expect(analyse({ overrides: override })).toMatchObject({ parsed: 0, evaluated: 0 });
    const back = analyse();
    expect([back.parsed, back.evaluated]).toEqual([1, 1]);
  });

  it('skips the disk sweep when asked not to revalidate', () => {
    project.write('src/roles/c.ts', role('c', "{ type: 'integer' }"));
    expect(analyse({ revalidate: false })).toMatchObject({ parsed: 0, evaluated: 0 });
    expect(analyse()).toMatchObject({ parsed: 1, evaluated: 1 });
  });
});
