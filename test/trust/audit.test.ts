import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOutput } from '../support/doc-example.js';
import { git, removeTree, runCliAsync, runCli, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';

/**
 * A real repository whose lockfile history has: a clean start, a branch merged properly (the union
 * re-locked), a history rewrite that dropped a role, and a merge that kept only one side's lockfile.
 */
let repo: string;
const at: Record<string, string> = {};
const short = (sha: string): string => sha.slice(0, 10);

function role(id: string): Record<string, string> {
  return {
    [`src/roles/${id}.ts`]: `import { defineRole } from 'role-registry';\nexport const ${id} = defineRole({ role_id: '${id}' });\n`,
  };
}

function commit(name: string, message: string, author = 'Ada Author'): void {
  git(repo, 'add', '-A');
  git(
    repo,
    '-c',
    `user.name=${author}`,
    'commit',
    '-qm',
    message,
    ...(author === 'Ada Author' ? [] : ['--author', `${author} <${author.toLowerCase().replace(/ /g, '.')}@example.com>`]),
  );
  at[name] = git(repo, 'rev-parse', 'HEAD').trim();
}

function lock(): void {
  const result = runCli(['lock'], repo);
  if (result.code !== 0) throw new Error(`lock failed: ${result.stdout}${result.stderr}`);
}

beforeAll(() => {
  repo = tempDir('audit');
  git(repo, 'init', '-q', '-b', 'main');
  writeFiles(repo, { 'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n', ...role('alpha') });
  expect(runCli(['init'], repo).code).toBe(0);
  commit('init', 'publish alpha');
  writeFiles(repo, role('beta'));
  lock();
  commit('beta', 'add beta');
  // A branch and a proper merge: sources merge, the lockfile is re-locked as the union.
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFiles(repo, role('gamma'));
  lock();
  commit('gamma', 'add gamma');
  git(repo, 'checkout', '-q', 'main');
  writeFiles(repo, role('delta'));
  lock();
  commit('delta', 'add delta');
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', '-s', 'ours', 'feature');
  git(repo, 'checkout', 'feature', '--', 'src/roles/gamma.ts');
  lock();
  commit('merge1', 'merge feature');
  // The history rewrite: a role dropped from source and lockfile in one commit.
  rmSync(path.join(repo, 'src/roles/beta.ts'));
  const lockfile = path.join(repo, 'role-registry.lock.json');
  const json = JSON.parse(readFileSync(lockfile, 'utf8')) as { roles: Record<string, unknown> };
  delete json.roles['beta'];
  writeFileSync(lockfile, `${JSON.stringify(json, null, 2)}\n`);
  commit('rewrite', 'squash old roles', 'Mallory Rewriter');
  writeFiles(repo, role('epsilon'));
  lock();
  commit('epsilon', 'add epsilon');
  // A merge that kept only main's lockfile: zeta (locked on the branch) vanishes at the merge.
  git(repo, 'checkout', '-q', '-b', 'side');
  writeFiles(repo, role('zeta'));
  lock();
  commit('zeta', 'add zeta');
  git(repo, 'checkout', '-q', 'main');
  writeFiles(repo, role('eta'));
  lock();
  commit('eta', 'add eta');
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', '-s', 'ours', 'side');
  commit('merge2', 'merge side, keeping our lockfile', 'Hasty Merger');
  writeFiles(repo, role('theta'));
  rmSync(path.join(repo, 'src/roles/zeta.ts'), { force: true });
  lock();
  commit('theta', 'add theta');
});

afterAll(() => removeTree(repo));

describe('role-registry audit (a real git history)', () => {
  it('reports every commit that broke the law, the first first, with author and what vanished', async () => {
    const result = await runCliAsync(['audit'], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `${short(at.rewrite!)}  2026-01-01T00:00:00+00:00  Mallory Rewriter <mallory.rewriter@example.com>  squash old roles`,
        `  against its parent ${short(at.merge1!)}:`,
        `    src/roles/beta.ts  error  BASELINE_REGRESSION  Role \`beta\` is in the lockfile at ${short(at.merge1!)} but gone from the lockfile here.`,
        `        → Restore it from ${short(at.merge1!)} (git show ${short(at.merge1!)}:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.`,
        `${short(at.merge2!)}  2026-01-01T00:00:00+00:00  Hasty Merger <hasty.merger@example.com>  merge side, keeping our lockfile`,
        `  against its parent ${short(at.zeta!)}:`,
        `    src/roles/zeta.ts  error  BASELINE_REGRESSION  Role \`zeta\` is in the lockfile at ${short(at.zeta!)} but gone from the lockfile here.`,
        `        → Restore it from ${short(at.zeta!)} (git show ${short(at.zeta!)}:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.`,
        '',
        '✖ 2 commits broke the append-only law of role-registry.lock.json, in 11 commits (the first commit..HEAD), 11 of them changing role-registry.lock.json.',
        `  The first: ${at.rewrite} by Mallory Rewriter <mallory.rewriter@example.com> (\`beta\` vanished or changed).`,
        '',
      ].join('\n'),
    );
    // Fixed identities and dates make the commits, and so this output, the same on every machine.
    expect(documentedOutput('docs/audit.md', 'dates, and compares its output with this block):')).toBe(result.stdout);
  });

  it('passes a clean history, merges included', async () => {
    const result = await runCliAsync(['audit', '--to', 'feature'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "✔ Every version of role-registry.lock.json is an append-only extension of its parents' versions: 3 commits (the first commit..feature), 3 of them changing role-registry.lock.json.\n",
    );
    const merged = await runCliAsync(['audit', '--to', at.merge1!], repo);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(
      `✔ Every version of role-registry.lock.json is an append-only extension of its parents' versions: 5 commits (the first commit..${at.merge1}), 5 of them changing role-registry.lock.json.\n`,
    );
  });

  it('audits a range: --from after the rewrite finds only the bad merge', async () => {
    const result = await runCliAsync(['audit', '--from', at.rewrite!, '--format', 'json'], repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      formatVersion: 1,
      ok: false,
      lockfile: 'role-registry.lock.json',
      from: at.rewrite,
      to: at.theta,
      commits: 5,
      commitsChangingLockfile: 5,
      breaks: [
        {
          commit: at.merge2,
          parent: at.zeta,
          author: { name: 'Hasty Merger', email: 'hasty.merger@example.com' },
          date: '2026-01-01T00:00:00+00:00',
          subject: 'merge side, keeping our lockfile',
          findings: [
            {
              code: 'BASELINE_REGRESSION',
              severity: 'error',
              message: `Role \`zeta\` is in the lockfile at ${short(at.zeta!)} but gone from the lockfile here.`,
              hint: `Restore it from ${short(at.zeta!)} (git show ${short(at.zeta!)}:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.`,
              file: 'src/roles/zeta.ts',
              subject: { roleId: 'zeta' },
            },
          ],
        },
      ],
      firstBreak: at.merge2,
      historyCutAt: [],
      findings: [],
    });
  });

  it('shows progress on stderr with --progress (or on a terminal), never with --format json', async () => {
    const shown = await runCliAsync(['audit', '--progress', '--to', 'feature'], repo);
    expect(shown.stderr).toBe('audit: 1/3 commits\naudit: 2/3 commits\naudit: 3/3 commits\n');
    const quiet = await runCliAsync(['audit', '--to', 'feature'], repo);
    expect(quiet.stderr).toBe('');
    const json = await runCliAsync(['audit', '--progress', '--format', 'json', '--to', 'feature'], repo);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, commits: 3 });
  });

  it('reports an unreadable committed version, and still judges its children against the last readable one', async () => {
    const branch = tempDir('audit-conflict');
    try {
      git(branch, 'clone', '-q', repo, '.');
      git(branch, 'checkout', '-q', at.beta!);
      const lockfile = path.join(branch, 'role-registry.lock.json');
      const good = readFileSync(lockfile, 'utf8');
      writeFileSync(lockfile, good.replace('  "roles": {\n', '  "roles": {\n<<<<<<< HEAD\n=======\n>>>>>>> other\n'));
      git(branch, 'commit', '-qam', 'commit a conflicted lockfile');
      const conflicted = git(branch, 'rev-parse', 'HEAD').trim();
      const json = JSON.parse(good) as { roles: Record<string, unknown> };
      delete json.roles['alpha'];
      writeFileSync(lockfile, `${JSON.stringify(json, null, 2)}\n`);
      git(branch, 'commit', '-qam', 'repair it, dropping alpha');
      const repaired = git(branch, 'rev-parse', 'HEAD').trim();
      const result = await runCliAsync(['audit', '--from', at.beta!], branch);
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n').slice(0, 8)).toEqual([
        `${short(conflicted)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  commit a conflicted lockfile`,
        '  its role-registry.lock.json cannot be read:',
        '    role-registry.lock.json:5:1  error  LOCKFILE_INVALID  The lockfile cannot be read: it contains git merge conflict markers (line 5, column 1).',
        '        → Resolve the merge: lockfiles are append-only, so keep the entries of both sides (or configure the role-registry merge driver, see docs/merging.md), then run `role-registry check`.',
        `${short(repaired)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  repair it, dropping alpha`,
        `  against its parent ${short(conflicted)}:`,
        `    src/roles/alpha.ts  error  BASELINE_REGRESSION  Role \`alpha\` is in the lockfile at ${short(conflicted)} but gone from the lockfile here.`,
        `        → Restore it from ${short(conflicted)} (git show ${short(conflicted)}:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.`,
      ]);
    } finally {
      removeTree(branch);
    }
  });

  it("points at the entry in the breaking commit's own version of the lockfile: a changed hash, a deprecation taken back", async () => {
    const branch = tempDir('audit-entries');
    try {
      git(branch, 'clone', '-q', repo, '.');
      const lockfile = path.join(branch, 'role-registry.lock.json');
      const json = JSON.parse(readFileSync(lockfile, 'utf8')) as {
        roles: Record<string, { contracts: Record<string, string>; deprecated: boolean }>;
      };
      json.roles['alpha']!.contracts['ROLE:alpha:X:1'] = 'a'.repeat(64);
      json.roles['delta']!.deprecated = true;
      writeFileSync(lockfile, `${JSON.stringify(json, null, 2)}\n`);
      git(branch, 'commit', '-qam', 'publish a contract, retire delta');
      const published = git(branch, 'rev-parse', 'HEAD').trim();
      json.roles['alpha']!.contracts['ROLE:alpha:X:1'] = 'b'.repeat(64);
      json.roles['delta']!.deprecated = false;
      const text = `${JSON.stringify(json, null, 2)}\n`;
      writeFileSync(lockfile, text);
      git(branch, 'commit', '-qam', 'edit the lockfile by hand');
      const edited = git(branch, 'rev-parse', 'HEAD').trim();
      const lines = text.split('\n');
      const hashLine = lines.findIndex((line) => line.includes('"ROLE:alpha:X:1"'));
      const deltaLine = lines.findIndex((line) => line.startsWith('    "delta"'));
      const deprecatedLine = lines.findIndex((line, index) => index > deltaLine && line.includes('"deprecated"'));
      const valueColumn = (line: number, key: string): number => lines[line]!.indexOf(key) + key.length + 2 + 1;

      const result = await runCliAsync(['audit', '--from', published], branch);
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n').slice(0, 6)).toEqual([
        `${short(edited)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  edit the lockfile by hand`,
        `  against its parent ${short(published)}:`,
        `    role-registry.lock.json:${hashLine + 1}:${valueColumn(hashLine, '"ROLE:alpha:X:1"')}  error  BASELINE_REGRESSION  Contract \`ROLE:alpha:X:1\` has surface aaaaaaaaaaaa… at ${short(published)} but bbbbbbbbbbbb… here.`,
        '        → A published surface never changes: restore the old schema and publish the change as a new contract version.',
        `    role-registry.lock.json:${deprecatedLine + 1}:${valueColumn(deprecatedLine, '"deprecated"')}  error  BASELINE_REGRESSION  Role \`delta\` is deprecated at ${short(published)} but not here.`,
        '        → Deprecation is final: keep the role deprecated.',
      ]);
      const json2 = JSON.parse((await runCliAsync(['audit', '--from', published, '--format', 'json'], branch)).stdout) as {
        breaks: { findings: Record<string, unknown>[] }[];
      };
      expect(
        json2.breaks[0]!.findings.map(({ code, file, line, column, endLine, endColumn }) => ({
          code,
          file,
          line,
          column,
          endLine,
          endColumn,
        })),
      ).toEqual([
        {
          code: 'BASELINE_REGRESSION',
          file: 'role-registry.lock.json',
          line: hashLine + 1,
          column: valueColumn(hashLine, '"ROLE:alpha:X:1"'),
          endLine: hashLine + 1,
          endColumn: valueColumn(hashLine, '"ROLE:alpha:X:1"') + 66,
        },
        {
          code: 'BASELINE_REGRESSION',
          file: 'role-registry.lock.json',
          line: deprecatedLine + 1,
          column: valueColumn(deprecatedLine, '"deprecated"'),
          endLine: deprecatedLine + 1,
          endColumn: valueColumn(deprecatedLine, '"deprecated"') + 5,
        },
      ]);
    } finally {
      removeTree(branch);
    }
  });

  it('--format json reports unusable input in JSON (exit 2), with one line on stderr', async () => {
    const unknown = await runCliAsync(['audit', '--from', 'v9.9.9', '--format', 'json'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'role-registry.lock.json  error  BASELINE_UNAVAILABLE  --from v9.9.9: no such commit, branch or tag in this repository.\n',
    );
    expect(JSON.parse(unknown.stdout)).toEqual({
      formatVersion: 1,
      ok: false,
      lockfile: 'role-registry.lock.json',
      from: null,
      to: null,
      commits: 0,
      commitsChangingLockfile: 0,
      breaks: [],
      firstBreak: null,
      historyCutAt: [],
      findings: [
        {
          code: 'BASELINE_UNAVAILABLE',
          severity: 'error',
          message: '--from v9.9.9: no such commit, branch or tag in this repository.',
          hint: 'Check the ref name; in CI, fetch the history first (actions/checkout with fetch-depth: 0).',
          file: 'role-registry.lock.json',
          subject: {},
        },
      ],
    });
    const outside = tempDir('audit-nogit-json');
    try {
      writeFiles(outside, { 'role-registry.config.json': '{ "include": ["src/**/*.ts"] }\n' });
      const result = await runCliAsync(['audit', '--format', 'json'], outside);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as {
        ok: boolean;
        lockfile: unknown;
        findings: { code: string; file: string; message: string }[];
      };
      expect(report.ok).toBe(false);
      expect(report.lockfile).toBeNull();
      expect(report.findings.map((f) => [f.code, f.file])).toEqual([['BASELINE_UNAVAILABLE', 'role-registry.lock.json']]);
      expect(result.stderr).toBe(`role-registry.lock.json  error  BASELINE_UNAVAILABLE  ${report.findings[0]!.message}\n`);
      expect(report.findings[0]!.message).toMatch(/ is not inside a git repository: there is no history to audit\.$/);
    } finally {
      removeTree(outside);
    }
  });

  it('fails clearly (exit 2, no stack trace) on an unknown ref and outside a git repository', async () => {
    const unknown = await runCliAsync(['audit', '--from', 'v9.9.9'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'role-registry.lock.json  error  BASELINE_UNAVAILABLE  --from v9.9.9: no such commit, branch or tag in this repository.\n' +
        '    → Check the ref name; in CI, fetch the history first (actions/checkout with fetch-depth: 0).\n\n✖ 1 problem (1 error, 0 warnings)\n',
    );
    const outside = tempDir('audit-nogit');
    try {
      writeFiles(outside, { 'role-registry.config.json': '{ "include": ["src/**/*.ts"] }\n' });
      const result = await runCliAsync(['audit'], outside);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^role-registry\.lock\.json  error  BASELINE_UNAVAILABLE  .+ is not inside a git repository: there is no history to audit\.\n/,
      );
      expect(result.stderr).not.toMatch(STACK_TRACE);
    } finally {
      removeTree(outside);
    }
  });
});
