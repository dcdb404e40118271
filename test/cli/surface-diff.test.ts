import { rmSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT, TempProject } from '../support/temp-project.js';
import { expectCli } from '../support/studio.js';

/**
 * CONTRACT_DRIFT tells what changed: the locked surface is recovered from git (the committed source,
 * read in memory) and compared with the current one, through the real CLI on real git repositories.
 */
const SCHEMAS = `export const PITCH = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    budget: { type: 'number' },
    genre: { enum: ['drama', 'comedy'] },
    talent: { $ref: '#/$defs/talent' },
  },
  required: ['title'],
  additionalProperties: false,
  $defs: { talent: { type: 'object', properties: { name: { type: 'string' } } } },
} as const;
`;
const ROLES = `${IMPORT}import { PITCH } from '../schemas.js';
export const exec = defineRole({
  role_id: 'exec',
  extract_contracts: [{ contract_id: 'ROLE:exec:X:1', schema_json: PITCH }],
  produce_contracts: [{ contract_id: 'ROLE:exec:C:1', schema_json: { type: 'object', properties: { pitch: PITCH } } }],
});
`;

const project = new TempProject({}, { prefix: 'rr-cli-drift-' });
afterAll(() => project.dispose());
beforeEach(() => {
  // Each test starts from one commit that published the schemas: a history of its own.
  rmSync(project.path('.git'), { recursive: true, force: true });
  project.initGit();
  project.write('src/schemas.ts', SCHEMAS);
  project.setRoles({ 'exec.ts': ROLES });
  rmSync(project.path('role-registry.lock.json'), { force: true });
  project.lock();
  project.commit('publish');
});

/** The schemas file with one edit; the roles stay as locked. */
function edit(from: string, to: string): void {
  expect(SCHEMAS).toContain(from);
  project.write('src/schemas.ts', SCHEMAS.replace(from, to));
}

interface JsonDrift {
  readonly subject: { readonly contractId: string };
  readonly surfaceDiff?: unknown[];
  readonly compatibility?: { readonly verdict: string; readonly breaks: string };
  readonly surfaceDiffUnavailable?: string;
}

function drifts(args: readonly string[] = []): Map<string, JsonDrift> {
  const json = JSON.parse(expectCli(project.cli(['check', '--format', 'json', ...args]), 1).stdout) as {
    findings: (JsonDrift & { code: string })[];
  };
  return new Map(json.findings.filter((f) => f.code === 'CONTRACT_DRIFT').map((f) => [f.subject.contractId, f]));
}

describe('CONTRACT_DRIFT with the locked surface recovered from git', () => {
  it('a changed type: the diff, its effect and who it breaks, in every format', () => {
    edit("title: { type: 'string' }", "title: { type: 'number' }");
    const found = drifts();
    expect(found.get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'replace', path: '/properties/title/type', before: 'string', after: 'number', effect: 'unknown' }],
      compatibility: {
        verdict: 'narrowing and widening',
        breaks: 'breaks senders of `ROLE:exec:X:1`: it rejects documents it accepted before',
      },
    });
    // A shared constant: every contract that reads it is reported once, each with its own diff and path.
    expect(found.get('ROLE:exec:C:1')).toMatchObject({
      surfaceDiff: [{ op: 'replace', path: '/properties/pitch/properties/title/type', before: 'string', after: 'number' }],
      compatibility: {
        verdict: 'narrowing and widening',
        breaks: "breaks readers of `ROLE:exec:C:1`'s output: it may emit documents they do not expect",
      },
    });
    expect(found.size).toBe(2);

    const text = expectCli(project.cli(['check']), 1).stdout;
    expect(text).toContain(
      [
        '    → A published contract never changes: restore its schema, and bump to `ROLE:exec:X:2` for the new surface.',
        '      narrowing and widening: breaks senders of `ROLE:exec:X:1`: it rejects documents it accepted before.',
        '      replace /properties/title/type: "string" → "number" (unknown)',
      ].join('\n'),
    );
    const github = expectCli(project.cli(['check', '--format', 'github']), 1).stdout;
    expect(github).toContain(
      'Changed: replace /properties/title/type: "string" → "number" (unknown); breaks senders of `ROLE:exec:X:1`: it rejects documents it accepted before.',
    );
    const sarif = JSON.parse(expectCli(project.cli(['check', '--format', 'sarif']), 1).stdout);
    const result = sarif.runs[0].results.find((r: { message: { text: string } }) => r.message.text.includes('ROLE:exec:X:1'));
    expect(result.message.text).toContain('\nreplace /properties/title/type: "string" → "number" (unknown)');
    expect(result.properties.surfaceDiff).toEqual(found.get('ROLE:exec:X:1')!.surfaceDiff);
    expect(result.properties.compatibility.verdict).toBe('narrowing and widening');
  });

  it('a removed property, an added required field, an enum narrowed and widened', () => {
    edit("    budget: { type: 'number' },\n", '');
    expect(drifts().get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'remove', path: '/properties/budget', before: { type: 'number' }, effect: 'narrowing' }],
      compatibility: { verdict: 'narrowing' },
    });
    edit("required: ['title']", "required: ['title', 'budget']");
    expect(drifts().get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'add', path: '/required/-', after: 'budget', effect: 'narrowing' }],
    });
    edit("enum: ['drama', 'comedy']", "enum: ['drama']");
    expect(drifts().get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'remove', path: '/properties/genre/enum/1', before: 'comedy', effect: 'narrowing' }],
    });
    edit("enum: ['drama', 'comedy']", "enum: ['drama', 'comedy', 'horror']");
    const widened = drifts();
    expect(widened.get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'add', path: '/properties/genre/enum/-', after: 'horror', effect: 'widening' }],
      compatibility: {
        verdict: 'widening',
        breaks: 'breaks no sender of `ROLE:exec:X:1`: it accepts every document it accepted before, and more',
      },
    });
    expect(widened.get('ROLE:exec:C:1')!.compatibility!.breaks).toBe(
      "breaks readers of `ROLE:exec:C:1`'s output: it may emit documents they do not expect",
    );
  });

  it("a $ref'd definition changed: the change is shown in the definition", () => {
    edit("properties: { name: { type: 'string' } } }", "properties: { name: { type: 'string', minLength: 1 } } }");
    expect(drifts().get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'add', path: '/$defs/talent/properties/name/minLength', after: 1, effect: 'narrowing' }],
    });
  });

  it('reordered keys are no drift; reordered `required` entries are drift by hash, with no change JSON Schema reads', () => {
    project.write(
      'src/schemas.ts',
      SCHEMAS.replace(
        "    title: { type: 'string' },\n    budget: { type: 'number' },\n",
        "    budget: { type: 'number' },\n    title: { type: 'string' },\n",
      ),
    );
    expect(project.read('src/schemas.ts')).not.toBe(SCHEMAS);
    expectCli(project.cli(['check']), 0);
    // Published anew with two required names (a lock never overwrites a locked surface).
    edit("required: ['title']", "required: ['title', 'budget']");
    project.remove('role-registry.lock.json');
    project.lock();
    project.commit('publish with budget required');
    edit("required: ['title']", "required: ['budget', 'title']");
    const found = drifts();
    expect(found.get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [],
      compatibility: {
        verdict: 'unknown',
        breaks:
          'breaks nobody: only the order of entries that JSON Schema reads as a set changed, and `ROLE:exec:X:1` accepts the same documents',
      },
    });
  });

  it('check --against reads the committed source at the base', () => {
    project.git('checkout', '-q', '-b', 'topic');
    edit("budget: { type: 'number' }", "budget: { type: 'integer' }");
    project.commit('integer budget (not relocked)');
    expect(drifts(['--against', 'main']).get('ROLE:exec:X:1')).toMatchObject({
      surfaceDiff: [{ op: 'replace', path: '/properties/budget/type', before: 'number', after: 'integer', effect: 'narrowing' }],
      compatibility: { verdict: 'narrowing' },
    });
  });

  it('the locked surface not recoverable (history rewritten): a clear sentence, the finding still reported', () => {
    // The published commit is rewritten with another schema: no commit holds the locked surface any more.
    edit("budget: { type: 'number' }", "budget: { type: 'string' }");
    project.git('add', '-A');
    project.git('commit', '-q', '--amend', '-m', 'publish (rewritten)');
    edit("budget: { type: 'number' }", "budget: { type: 'boolean' }");
    const found = drifts().get('ROLE:exec:X:1')!;
    expect(found.surfaceDiff).toBeUndefined();
    expect(found.surfaceDiffUnavailable).toMatch(
      /^no commit read \(HEAD\) declares `ROLE:exec:X:1` with the locked surface [0-9a-f]{12}… \(they declare it with another one\): the history that held it was rewritten, or the lockfile was edited by hand$/,
    );
    const text = expectCli(project.cli(['check']), 1).stdout;
    expect(text).toContain(`      no diff: ${found.surfaceDiffUnavailable}.`);
  });

  it('after bump, status shows the diff between the old and the new version', () => {
    expectCli(project.cli(['bump', 'ROLE:exec:X:1']), 0);
    expect(expectCli(project.cli(['status']), 0).stdout).toContain(
      ['  + contract ROLE:exec:X:2', '      compared with `ROLE:exec:X:1`:', '      the same surface: nothing changed yet.'].join('\n'),
    );
    const roles = project.read('src/roles/exec.ts');
    const copy = roles.slice(roles.indexOf("'ROLE:exec:X:2'"));
    expect(copy).toContain("required: ['title']");
    project.write('src/roles/exec.ts', roles.replace(copy, copy.replace("required: ['title']", "required: ['title', 'budget']")));
    expect(expectCli(project.cli(['status']), 0).stdout).toContain(
      [
        '  + contract ROLE:exec:X:2',
        '      compared with `ROLE:exec:X:1`:',
        '      narrowing: breaks senders of `ROLE:exec:X:2`: it rejects documents it accepted before.',
        '      add /required/-: "budget" (narrowing)',
      ].join('\n'),
    );
  });
});
