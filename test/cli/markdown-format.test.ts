import { describe, expect, it } from 'vitest';
import { finding, type Finding } from '../../src/core/findings.js';
import { formatMarkdown, githubSourceLink } from '../../src/cli/formats/markdown.js';

/**
 * The Markdown report of `check` (`--format markdown`), rendered from finding literals: the exact
 * text a job summary or a pull request comment shows. The CLI runs are in formats.test.ts.
 */
const ROOT = '/work/studio';
const CONTEXT = { root: ROOT, cwd: ROOT };
const DOCS = 'https://github.com/role-registry/role-registry/blob/main/docs/violations.md';
const HASH = 'f6f45b7ff2b032d14bf44b110180064d1ebad840f0fbe47fb601a4cb2df2a796';
const CLEAN_SUMMARY = { registryHash: HASH, roles: 3, contracts: 4, against: 'origin/main' };
const BROKEN_SUMMARY = { registryHash: null, roles: 3, contracts: 4, against: null };

const span = (line: number, column: number) => ({ file: `${ROOT}/src/roles/crew.ts`, line, column, endLine: line, endColumn: column + 8 });

const aliasRemoved = finding('ALIAS_REMOVED', {
  message: 'Alias `cutter` of role `editor` is locked but no longer declared.',
  hint: "Aliases are append-only: add 'cutter' back to aliases.",
  subject: { roleId: 'editor', alias: 'cutter' },
  span: span(4, 12),
});
const roleRemoved = finding('ROLE_REMOVED', {
  message: 'Role `colorist` is in the lockfile but no longer declared.',
  hint: 'Deprecate it instead of deleting it.',
  subject: { roleId: 'colorist' },
  declaredIn: 'src/roles/crew.ts',
});
const drift = (fields: Partial<Finding>): Finding =>
  finding('CONTRACT_DRIFT', {
    message: 'The surface of `ROLE:editor:X:1` changed since it was locked.',
    hint: 'Bump to `ROLE:editor:X:2`.',
    subject: { roleId: 'editor', contractId: 'ROLE:editor:X:1' },
    span: span(5, 40),
    ...fields,
  });

const TABLE_HEAD = ['| File | Code | Message |', '| --- | --- | --- |'];
const aliasRow = `| <code>src/roles/crew.ts:4</code> | [ALIAS_REMOVED](${DOCS}#alias_removed) | Alias &#96;cutter&#96; of role &#96;editor&#96; is locked but no longer declared.<br>→ Aliases are append-only: add 'cutter' back to aliases. |`;
const roleRow = `| <code>src/roles/crew.ts</code> | [ROLE_REMOVED](${DOCS}#role_removed) | Role &#96;colorist&#96; is in the lockfile but no longer declared.<br>→ Deprecate it instead of deleting it. |`;
const driftRow = `| <code>src/roles/crew.ts:5</code> | [CONTRACT_DRIFT](${DOCS}#contract_drift) | The surface of &#96;ROLE:editor:X:1&#96; changed since it was locked.<br>→ Bump to &#96;ROLE:editor:X:2&#96;. |`;

describe('check --format markdown', () => {
  it('clean: the summary line with the counts, the registry hash and the base', () => {
    expect(formatMarkdown([], CONTEXT, CLEAN_SUMMARY)).toBe(
      [
        '## role-registry check',
        '',
        `✔ **Clean**: the source agrees with the lockfile and the lockfile at <code>origin/main</code>. 3 roles, 4 contracts. Registry hash <code>${HASH}</code>.`,
        '',
      ].join('\n'),
    );
  });

  it('several violations: a table by file and code, each code linking to its docs', () => {
    expect(formatMarkdown([roleRemoved, aliasRemoved], CONTEXT, BROKEN_SUMMARY)).toBe(
      [
        '## role-registry check',
        '',
        '✖ **2 violations** (2 errors, 0 warnings) against the lockfile. 3 roles, 4 contracts. No registry hash while a law is broken.',
        '',
        ...TABLE_HEAD,
        roleRow,
        aliasRow,
        '',
      ].join('\n'),
    );
  });

  it('a drift: its surface diff folded in a details block, with who the change breaks', () => {
    const changed = drift({
      surfaceDiff: [
        { op: 'replace', path: '/items/type', before: 'string', after: 'number', effect: 'narrowing' },
        { op: 'add', path: '/properties/a~1b|c', after: { enum: ['x`y', '<b>'] }, effect: 'widening' },
        { op: 'remove', path: '/required/0', before: 'body', effect: 'widening' },
      ],
      compatibility: {
        verdict: 'narrowing and widening',
        breaks: 'breaks senders of ROLE:editor:X:1: it accepts fewer documents',
      },
    });
    expect(formatMarkdown([changed], CONTEXT, BROKEN_SUMMARY)).toBe(
      [
        '## role-registry check',
        '',
        '✖ **1 violation** (1 error, 0 warnings) against the lockfile. 3 roles, 4 contracts. No registry hash while a law is broken.',
        '',
        ...TABLE_HEAD,
        driftRow,
        '',
        '### Contract drift',
        '',
        '<details><summary><code>ROLE:editor:X:1</code>: 3 changes, narrowing and widening</summary>',
        '',
        '| op | JSON Pointer | before | after | effect |',
        '| --- | --- | --- | --- | --- |',
        '| replace | <code>/items/type</code> | <code>&#34;string&#34;</code> | <code>&#34;number&#34;</code> | narrowing |',
        '| add | <code>/properties/a&#126;1b&#124;c</code> |  | <code>{&#34;enum&#34;:&#91;&#34;x&#96;y&#34;,&#34;&#60;b&#62;&#34;&#93;}</code> | widening |',
        '| remove | <code>/required/0</code> | <code>&#34;body&#34;</code> |  | widening |',
        '',
        '**Compatibility:** narrowing and widening: breaks senders of ROLE:editor:X:1: it accepts fewer documents',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('a drift whose locked surface could not be recovered says why; one with no diff work done adds no block', () => {
    const unrecovered = drift({ surfaceDiffUnavailable: 'no commit holds the locked surface (history rewritten?).' });
    expect(formatMarkdown([unrecovered], CONTEXT, BROKEN_SUMMARY)).toContain(
      [
        '### Contract drift',
        '',
        '<details><summary><code>ROLE:editor:X:1</code>: no diff</summary>',
        '',
        'The locked surface could not be recovered: no commit holds the locked surface (history rewritten?).',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
    expect(formatMarkdown([drift({})], CONTEXT, BROKEN_SUMMARY)).not.toContain('<details>');
  });

  it('a long diff shows its first 50 changes and counts the rest', () => {
    const surfaceDiff = Array.from({ length: 53 }, (_, index) => ({
      op: 'add' as const,
      path: `/enum/${index}`,
      after: index,
      effect: 'widening' as const,
    }));
    const report = formatMarkdown([drift({ surfaceDiff })], CONTEXT, BROKEN_SUMMARY);
    expect(report.match(/^\| add \|/gm)).toHaveLength(50);
    expect(report).toContain('| add | <code>/enum/49</code> |  | <code>49</code> | widening |\n\n… and 3 more changes.\n\n</details>');
  });

  it('waived: clean, and the accepted findings listed with their waiver', () => {
    const waived = [
      {
        finding: roleRemoved,
        waiver: { code: 'ROLE_REMOVED' as const, id: 'colorist', reason: 'never used | staging', date: '2026-01-02' },
      },
      {
        finding: drift({}),
        waiver: { code: 'CONTRACT_DRIFT' as const, id: 'ROLE:editor:X:1', reason: 'typo fix', date: '2026-01-03', surfaceHash: HASH },
      },
    ];
    expect(formatMarkdown([], CONTEXT, CLEAN_SUMMARY, waived)).toBe(
      [
        '## role-registry check',
        '',
        `✔ **Clean**: the source agrees with the lockfile and the lockfile at <code>origin/main</code>. 3 roles, 4 contracts. Registry hash <code>${HASH}</code>.`,
        '',
        '### Accepted by waiver (2)',
        '',
        '| File | Code | Message | Waiver |',
        '| --- | --- | --- | --- |',
        `| <code>src/roles/crew.ts</code> | [ROLE_REMOVED](${DOCS}#role_removed) | Role &#96;colorist&#96; is in the lockfile but no longer declared. | 2026-01-02: never used &#124; staging |`,
        `| <code>src/roles/crew.ts:5</code> | [CONTRACT_DRIFT](${DOCS}#contract_drift) | The surface of &#96;ROLE:editor:X:1&#96; changed since it was locked. | 2026-01-03 (accepts surface <code>f6f45b7ff2b0…</code>): typo fix |`,
        '',
      ].join('\n'),
    );
  });

  it('unusable input: the summary says the check could not run, the finding is in the table', () => {
    const lockfileInvalid = finding('LOCKFILE_INVALID', {
      message: 'The lockfile cannot be read: it is not valid JSON.',
      hint: 'Restore the lockfile from git.',
      subject: {},
      inputFile: `${ROOT}/role-registry.lock.json`,
      span: { file: `${ROOT}/role-registry.lock.json`, line: 3, column: 3, endLine: 3, endColumn: 12 },
    });
    const summary = { registryHash: null, roles: null, contracts: null, against: 'origin/main' };
    expect(formatMarkdown([lockfileInvalid], CONTEXT, summary)).toBe(
      [
        '## role-registry check',
        '',
        '✖ **Unusable input**: the check could not run against the lockfile and the lockfile at <code>origin/main</code> (exit 2).',
        '',
        ...TABLE_HEAD,
        `| <code>role-registry.lock.json:3</code> | [LOCKFILE_INVALID](${DOCS}#lockfile_invalid) | The lockfile cannot be read: it is not valid JSON.<br>→ Restore the lockfile from git. |`,
        '',
      ].join('\n'),
    );
  });

  it('escapes user text: pipes, backticks, HTML, emphasis and line breaks stay literal in their cell', () => {
    const hostile = finding('REPLACED_BY_UNKNOWN', {
      message: 'a|b `c` <img src=x onerror=alert(1)> *d* _e_ [f](g) &amp;\nnext',
      hint: 'h',
      subject: {},
      span: span(1, 1),
    });
    const report = formatMarkdown([hostile], CONTEXT, BROKEN_SUMMARY);
    expect(report).toContain(
      '| a&#124;b &#96;c&#96; &#60;img src=x onerror=alert(1)&#62; &#42;d&#42; &#95;e&#95; &#91;f&#93;(g) &#38;amp;<br>next<br>→ h |',
    );
  });

  it('in GitHub Actions, links each place to the file at the commit the job runs on', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'studio/app',
      GITHUB_SHA: 'abc123',
      GITHUB_WORKSPACE: '/work',
    };
    const report = formatMarkdown([aliasRemoved, roleRemoved], CONTEXT, BROKEN_SUMMARY, [], githubSourceLink(env, ROOT));
    expect(report).toContain(
      '| [<code>src/roles/crew.ts:4</code>](https://github.com/studio/app/blob/abc123/studio/src/roles/crew.ts#L4) | [ALIAS_REMOVED]',
    );
    expect(report).toContain(
      '| [<code>src/roles/crew.ts</code>](https://github.com/studio/app/blob/abc123/studio/src/roles/crew.ts) | [ROLE_REMOVED]',
    );
    expect(githubSourceLink({ ...env, GITHUB_WORKSPACE: '/elsewhere' }, ROOT)('src/roles/crew.ts', 4)).toBeUndefined();
    expect(githubSourceLink({}, ROOT)('src/roles/crew.ts', 4)).toBeUndefined();
  });
});
