import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedOutput } from '../support/doc-example.js';
import { git, removeTree, runCli, runCliAsync, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';

/**
 * A real repository whose registry history has every kind of change the log tells: a first role,
 * a role with an alias, a commit that leaves the lockfile alone, a deprecation with replaced_by, a
 * contract bump, a waiver, a merge, the lockfile moved by a config change, and a commit that broke
 * the law. Fixed authors and dates (test/support/cli.ts) make every sha, and so the output, stable.
 */
let repo: string;
const at: Record<string, string> = {};
const short = (sha: string): string => sha.slice(0, 10);

const IMPORT = "import { defineRole } from 'role-registry';\n";
const ALPHA_V1 = `${IMPORT}export const alpha = defineRole({ role_id: 'alpha', extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }] });\n`;

function commit(name: string, message: string, author = 'Ada Author'): void {
  git(repo, 'add', '-A');
  git(
    repo,
    'commit',
    '-qm',
    message,
    ...(author === 'Ada Author' ? [] : ['--author', `${author} <${author.toLowerCase().replace(/ /g, '.')}@example.com>`]),
  );
  at[name] = git(repo, 'rev-parse', 'HEAD').trim();
}

function cli(...args: string[]): void {
  const result = runCli(args, repo);
  if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
}

function role(id: string, body = ''): Record<string, string> {
  return { [`src/roles/${id}.ts`]: `${IMPORT}export const ${id} = defineRole({ role_id: '${id}'${body} });\n` };
}

beforeAll(() => {
  repo = tempDir('change-log');
  git(repo, 'init', '-q', '-b', 'main');
  writeFiles(repo, { 'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n', 'src/roles/alpha.ts': ALPHA_V1 });
  cli('init');
  commit('init', 'publish alpha');
  writeFiles(
    repo,
    role('beta', ", aliases: ['old_beta'], extract_contracts: [{ contract_id: 'ROLE:beta:X:1', schema_json: { type: 'string' } }]"),
  );
  cli('lock');
  commit('beta', 'add beta, formerly old_beta');
  writeFiles(repo, { 'README.md': '# roles\n' });
  commit('readme', 'describe the roles');
  writeFiles(repo, {
    'src/roles/alpha.ts': ALPHA_V1.replace(
      "role_id: 'alpha',",
      "role_id: 'alpha', deprecated: { reason: 'merged into beta', replaced_by: 'beta' },",
    ),
  });
  cli('lock');
  commit('deprecate', 'deprecate alpha');
  writeFiles(
    repo,
    role('beta', ", aliases: ['old_beta'], extract_contracts: [{ contract_id: 'ROLE:beta:X:2', schema_json: { type: 'number' } }]"),
  );
  cli('lock');
  commit('bump', 'bump beta extract to v2');
  writeFiles(
    repo,
    role('beta', ", aliases: ['old_beta'], extract_contracts: [{ contract_id: 'ROLE:beta:X:2', schema_json: { type: 'integer' } }]"),
  );
  cli('waive', 'CONTRACT_DRIFT', 'ROLE:beta:X:2', '--reason', 'integers only, all stored outputs checked', '--date', '2026-01-02');
  commit('waiver', 'accept the narrowed beta extract');
  // A branch and a proper merge: sources merge, the lockfile is re-locked as the union.
  git(repo, 'checkout', '-q', '-b', 'feature');
  writeFiles(repo, role('gamma'));
  cli('lock');
  commit('gamma', 'add gamma');
  git(repo, 'checkout', '-q', 'main');
  writeFiles(repo, role('delta'));
  cli('lock');
  commit('delta', 'add delta');
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', '-s', 'ours', 'feature');
  git(repo, 'checkout', 'feature', '--', 'src/roles/gamma.ts');
  cli('lock');
  commit('merge', 'merge feature');
  // The lockfile moves: the config names its new place in the same commit.
  mkdirSync(path.join(repo, 'meta'));
  renameSync(path.join(repo, 'role-registry.lock.json'), path.join(repo, 'meta/role-registry.lock.json'));
  writeFiles(repo, { 'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"], "lockfile": "meta/role-registry.lock.json" }\n' });
  commit('move', 'keep the lockfile under meta/');
  // A history rewrite: delta dropped from source and lockfile in one commit.
  rmSync(path.join(repo, 'src/roles/delta.ts'));
  const lockfile = path.join(repo, 'meta/role-registry.lock.json');
  const json = JSON.parse(readFileSync(lockfile, 'utf8')) as { roles: Record<string, unknown> };
  delete json.roles['delta'];
  writeFileSync(lockfile, `${JSON.stringify(json, null, 2)}\n`);
  commit('rewrite', 'drop delta', 'Mallory Rewriter');
  writeFiles(repo, role('epsilon', ", aliases: ['eps']"));
  cli('lock');
  commit('epsilon', 'add epsilon');
  // A side branch whose first commit breaks the law (an alias dropped by hand) and whose next
  // re-locks it; the merge that brings it in is lawful, the commit it brings in is not.
  git(repo, 'checkout', '-q', '-b', 'hotfix');
  const hotfixJson = JSON.parse(readFileSync(lockfile, 'utf8')) as { roles: Record<string, { aliases: string[] }> };
  hotfixJson.roles['epsilon']!.aliases = [];
  writeFileSync(lockfile, `${JSON.stringify(hotfixJson, null, 2)}\n`);
  commit('dropAlias', 'tidy the lockfile by hand', 'Mallory Rewriter');
  writeFiles(repo, role('eta'));
  cli('lock');
  commit('eta', 'add eta');
  git(repo, 'checkout', '-q', 'main');
  writeFiles(repo, role('zeta'));
  cli('lock');
  commit('zeta', 'add zeta');
  git(repo, 'merge', '-q', '--no-ff', '--no-commit', '-s', 'ours', 'hotfix');
  git(repo, 'checkout', 'hotfix', '--', 'src/roles/eta.ts');
  cli('lock');
  commit('merge2', 'merge hotfix');
});

afterAll(() => removeTree(repo));

describe('role-registry log (a real git history)', () => {
  it('prints each commit that changed the lockfile, newest first, in text (docs/audit.md shows it)', async () => {
    const result = await runCliAsync(['log'], repo);
    expect(result.stderr).toBe('');
    // A law-breaking commit is shown as such, but `audit` is the gate: the log itself succeeded.
    expect(result.code).toBe(0);
    const headers = result.stdout
      .split('\n')
      .filter((line) => /^[0-9a-f]{10}  /.test(line))
      .map((line) => line.slice(0, 10));
    // First-parent order; the commit that left the lockfile alone and the side branches' commits are no entries.
    expect(headers).toEqual(
      ['merge2', 'zeta', 'epsilon', 'rewrite', 'move', 'merge', 'delta', 'waiver', 'bump', 'deprecate', 'beta', 'init'].map((name) =>
        short(at[name]!),
      ),
    );
    expect(result.stdout).toContain(
      [
        `${short(at.rewrite!)}  2026-01-01T00:00:00+00:00  Mallory Rewriter <mallory.rewriter@example.com>  drop delta`,
        '  registry 958090df29e6 → 68d626ee9a70',
        '  ✖ broke the append-only law (as `role-registry audit` reports it):',
        `    against its parent ${short(at.move!)}:`,
        `      src/roles/delta.ts  error  BASELINE_REGRESSION  Role \`delta\` is in the lockfile at ${short(at.move!)} but gone from the lockfile here.`,
      ].join('\n'),
    );
    expect(result.stdout).toContain(
      `  ✖ brings in commits that broke the append-only law (as \`role-registry audit\` reports them):\n    ${short(at.dropAlias!)} (tidy the lockfile by hand) against its parent ${short(at.epsilon!)}:`,
    );
    expect(result.stdout).toContain(`  lockfile moved: role-registry.lock.json → meta/role-registry.lock.json\n`);
    expect(result.stdout).toContain('  + deprecated alpha, replaced by beta (merged into beta)\n');
    expect(result.stdout).toContain('  + contract ROLE:beta:X:2 (after ROLE:beta:X:1)\n');
    expect(result.stdout).toContain('  + waiver CONTRACT_DRIFT ROLE:beta:X:2 (2026-01-02: integers only, all stored outputs checked)\n');
    expect(documentedOutput('docs/audit.md', 'The whole history of the example repository (`role-registry log`):')).toBe(result.stdout);
  });

  it('prints Markdown ready for release notes', async () => {
    const result = await runCliAsync(['log', '--format', 'markdown', '--from', at.epsilon!], repo);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(
      documentedOutput(
        'docs/audit.md',
        'Since the release cut at `add epsilon` (`role-registry log --from 52cd32828a --format markdown`):',
        'markdown',
      ),
    ).toBe(result.stdout);
    const whole = await runCliAsync(['log', '--format', 'markdown'], repo);
    expect(whole.stdout).toContain(`### ⚠️ \`${short(at.rewrite!)}\` drop delta (broke the append-only law)\n`);
    // Punctuation from commit subjects is shown, never interpreted.
    expect(whole.stdout).toContain(`### \`${short(at.beta!)}\` add beta, formerly old\\_beta\n`);
    expect(whole.stdout).toContain('- Deprecated `alpha`, replaced by `beta`: merged into beta\n');
    expect(whole.stdout).toContain(
      '- Waiver: `CONTRACT_DRIFT` for `ROLE:beta:X:2` (2026-01-02): integers only, all stored outputs checked\n',
    );
  });

  it('prints stable JSON over a range; each registry hash is the one `hash --lockfile` prints for that version', async () => {
    const result = await runCliAsync(['log', '--format', 'json', '--from', at.readme!, '--to', at.bump!], repo);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(
      documentedOutput(
        'docs/audit.md',
        `Two commits as JSON (\`role-registry log --from ${short(at.readme!)} --to ${short(at.bump!)} --format json\`):`,
        'json',
      ),
    ).toBe(result.stdout);
    const log = JSON.parse(result.stdout) as {
      format: string;
      from: string;
      to: string;
      entries: { commit: string; registryHashBefore: string; registryHashAfter: string }[];
    };
    expect(log).toMatchObject({ format: 'role-registry.log/1', from: at.readme, to: at.bump, commits: 2 });
    expect(log.entries.map((entry) => entry.commit)).toEqual([at.bump, at.deprecate]);
    const clone = tempDir('change-log-hash');
    try {
      git(clone, 'clone', '-q', repo, '.');
      for (const [name, entry] of [
        ['bump', log.entries[0]!],
        ['beta', { registryHashAfter: log.entries[1]!.registryHashBefore }],
      ] as const) {
        git(clone, 'checkout', '-q', at[name]!);
        expect(runCli(['hash', '--lockfile'], clone).stdout).toBe(`${entry.registryHashAfter}\n`);
      }
    } finally {
      removeTree(clone);
    }
  });

  it('logs any line with --from/--to: a branch shows its own law-breaking commit as an entry', async () => {
    const result = await runCliAsync(['log', '--from', at.epsilon!, '--to', 'hotfix'], repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `${short(at.eta!)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  add eta`,
        '  registry bcd9178e8dca → 1d1aaa034dcb',
        '  + role eta',
        // Re-locking the sources puts back what the commit before dropped: told as it happened.
        '  + alias eps → epsilon',
        `${short(at.dropAlias!)}  2026-01-01T00:00:00+00:00  Mallory Rewriter <mallory.rewriter@example.com>  tidy the lockfile by hand`,
        '  registry a125a7a81141 → bcd9178e8dca',
        '  ✖ broke the append-only law (as `role-registry audit` reports it):',
        `    against its parent ${short(at.epsilon!)}:`,
        `      src/roles/epsilon.ts  error  BASELINE_REGRESSION  Alias \`eps\` of role \`epsilon\` is locked at ${short(at.epsilon!)} but gone here.`,
        `          → Restore it from ${short(at.epsilon!)} (git show ${short(at.epsilon!)}:<lockfile>): entries that were published stay forever.`,
        '',
        `2 changes to meta/role-registry.lock.json in 2 commits (${short(at.epsilon!)}..hotfix); 1 of them broke the append-only law or bring in a commit that did: run \`role-registry audit\`.`,
        '',
      ].join('\n'),
    );
  });

  it('says where a shallow clone cuts the history, and makes no entry of what it cannot see', async () => {
    const shallow = tempDir('change-log-shallow');
    try {
      git(shallow, 'clone', '-q', '--depth', '3', `file://${repo}`, '.');
      const result = await runCliAsync(['log'], shallow);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        [
          `${short(at.merge2!)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  merge hotfix`,
          `  merge of ${short(at.zeta!)}, ${short(at.eta!)}`,
          '  registry 9b385fb51e21 → 0f9014e3347c',
          '  + role eta',
          `${short(at.zeta!)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  add zeta`,
          '  registry a125a7a81141 → 9b385fb51e21',
          '  + role zeta',
          '',
          '2 changes to meta/role-registry.lock.json in 5 commits (the first commit..HEAD).',
          `⚠ The history is cut (a shallow clone) at ${at.epsilon}, ${at.dropAlias}: the changes before them were not fetched and are not in this log.`,
          '    → Fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run the log again.',
          '',
        ].join('\n'),
      );
      const json = JSON.parse((await runCliAsync(['log', '--format', 'json'], shallow)).stdout) as { historyCutAt: string[] };
      expect(json.historyCutAt).toEqual([at.epsilon, at.dropAlias]);
      // A range that starts at or after the cut is whole and says nothing.
      const after = await runCliAsync(['log', '--from', at.epsilon!, '--to', at.zeta!], shallow);
      expect(after.stdout).toBe(
        `${short(at.zeta!)}  2026-01-01T00:00:00+00:00  Ada Author <ada@example.com>  add zeta\n  registry a125a7a81141 → 9b385fb51e21\n  + role zeta\n\n1 change to meta/role-registry.lock.json in 1 commit (${short(at.epsilon!)}..${at.zeta}).\n`,
      );
    } finally {
      removeTree(shallow);
    }
  });

  it('refuses an unknown ref and a directory outside git with one located sentence, exit 2', async () => {
    const unknown = await runCliAsync(['log', '--from', 'no-such-ref'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('no-such-ref');
    expect(unknown.stderr).not.toMatch(STACK_TRACE);
    const json = await runCliAsync(['log', '--to', 'no-such-ref', '--format', 'json'], repo);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      format: 'role-registry.log/1',
      entries: [],
      findings: [{ code: 'BASELINE_UNAVAILABLE' }],
    });
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    const outside = tempDir('change-log-no-git');
    try {
      writeFiles(outside, { 'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n' });
      const result = await runCliAsync(['log'], outside);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not inside a git repository: the change log is read from git history.');
      expect(result.stderr).toContain('Run the log inside a git checkout');
      expect(result.stderr).not.toMatch(STACK_TRACE);
    } finally {
      removeTree(outside);
    }
  });
});
