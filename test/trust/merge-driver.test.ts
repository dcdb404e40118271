import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { documentedOutput } from '../support/doc-example.js';
import { BIN, git, GIT_ENV, removeTree, runCli, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';

/** Real `git merge` runs in temp repositories with the driver configured as docs/merging.md says. */
const repos: string[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) removeTree(repo);
});

const roleFile = (file: string, body: string): Record<string, string> => ({
  [`src/roles/${file}.ts`]: `import { defineRole } from 'role-registry';\n${body}\n`,
});

function setup(): string {
  const repo = tempDir('merge');
  repos.push(repo);
  git(repo, 'init', '-q', '-b', 'main');
  writeFiles(repo, {
    '.gitattributes': 'role-registry.lock.json text eol=lf merge=role-registry\n',
    'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n',
    ...roleFile(
      'producer',
      "export const producer = defineRole({ role_id: 'producer', aliases: ['exec_producer'], produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'string' } }] });",
    ),
  });
  git(repo, 'config', 'merge.role-registry.name', 'role-registry lockfile union');
  git(repo, 'config', 'merge.role-registry.driver', `"${process.execPath}" "${BIN}" merge-driver %O %A %B %P`);
  expect(runCli(['init'], repo).code).toBe(0);
  commitAll(repo, 'publish producer');
  return repo;
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', message);
}

function lockAndCommit(repo: string, message: string): void {
  const result = runCli(['lock'], repo);
  expect(result.code, result.stderr).toBe(0);
  commitAll(repo, message);
}

function merge(repo: string, branch: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('git', ['merge', '--no-edit', branch], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('role-registry merge-driver under a real git merge', () => {
  it('merges different additions on both branches as a union, in canonical bytes', () => {
    const repo = setup();
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(
      repo,
      roleFile(
        'critic',
        "export const critic = defineRole({ role_id: 'critic', extract_contracts: [{ contract_id: 'ROLE:critic:X:1', schema_json: { type: 'object' } }] });",
      ),
    );
    writeFiles(
      repo,
      roleFile(
        'producer',
        "export const producer = defineRole({ role_id: 'producer', aliases: ['exec_producer', 'showrunner'], produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'string' } }] });",
      ),
    );
    lockAndCommit(repo, 'add critic, alias showrunner');
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, roleFile('director', "export const director = defineRole({ role_id: 'director' });"));
    writeFiles(repo, roleFile('editor', "export const editor = defineRole({ role_id: 'editor' });"));
    lockAndCommit(repo, 'add director and editor');

    const result = merge(repo, 'feature');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const merged = readFileSync(path.join(repo, 'role-registry.lock.json'), 'utf8');
    expect(Object.keys((JSON.parse(merged) as { roles: object }).roles)).toEqual(['critic', 'director', 'editor', 'producer']);
    expect(merged).toContain('"aliases": [\n        "exec_producer",\n        "showrunner"\n      ],');
    // The union is exactly what `lock` writes for the merged sources: check passes, lock has nothing to do.
    expect(runCli(['check'], repo).code).toBe(0);
    const relock = runCli(['lock'], repo);
    expect(relock.stdout).toBe('✔ The lockfile is up to date: nothing to record.\n');
    expect(readFileSync(path.join(repo, 'role-registry.lock.json'), 'utf8')).toBe(merged);
  });

  it('merges cleanly when both branches added the same role identically', () => {
    const repo = setup();
    const critic = roleFile(
      'critic',
      "export const critic = defineRole({ role_id: 'critic', extract_contracts: [{ contract_id: 'ROLE:critic:X:1', schema_json: { type: 'object' } }] });",
    );
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(repo, critic);
    writeFiles(repo, roleFile('writer', "export const writer = defineRole({ role_id: 'writer' });"));
    lockAndCommit(repo, 'add critic and writer');
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, critic);
    lockAndCommit(repo, 'add critic');
    const result = merge(repo, 'feature');
    expect(result.code).toBe(0);
    expect(runCli(['check'], repo).code).toBe(0);
    expect(Object.keys((JSON.parse(readFileSync(path.join(repo, 'role-registry.lock.json'), 'utf8')) as { roles: object }).roles)).toEqual([
      'critic',
      'producer',
      'writer',
    ]);
  });

  it('stops with a clear conflict naming the id when both branches added one role differently', () => {
    const repo = setup();
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFiles(
      repo,
      roleFile(
        'critic_theirs',
        "export const critic = defineRole({ role_id: 'critic', extract_contracts: [{ contract_id: 'ROLE:critic:X:1', schema_json: { type: 'object' } }] });",
      ),
    );
    lockAndCommit(repo, 'add critic (theirs)');
    git(repo, 'checkout', '-q', 'main');
    writeFiles(
      repo,
      roleFile(
        'critic_ours',
        "export const critic = defineRole({ role_id: 'critic', extract_contracts: [{ contract_id: 'ROLE:critic:X:1', schema_json: { type: 'string' } }] });",
      ),
    );
    lockAndCommit(repo, 'add critic (ours)');
    const lockfile = path.join(repo, 'role-registry.lock.json');
    const ours = readFileSync(lockfile, 'utf8');
    git(repo, 'checkout', '-q', 'feature');
    const theirs = readFileSync(lockfile, 'utf8');
    git(repo, 'checkout', '-q', 'main');

    const result = merge(repo, 'feature');
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    const hashOf = (text: string): string => /"ROLE:critic:X:1": "([0-9a-f]{12})/.exec(text)![1]!;
    // The position is that of the entry in the file left behind: our version, after the first marker.
    const written = readFileSync(lockfile, 'utf8').split('\n');
    const criticLine = written.indexOf('    "critic": {');
    expect(criticLine).toBeGreaterThan(0);
    expect(criticLine).toBeLessThan(written.indexOf('======='));
    expect(result.stderr).toContain(
      [
        'role-registry merge-driver: role-registry.lock.json cannot be merged as the union of both sides:',
        `  role-registry.lock.json:${criticLine + 1}:15  error  MERGE_CONFLICT  Role \`critic\` was added on both sides with different content (contracts [ROLE:critic:X:1=${hashOf(ours)}] on our side, [ROLE:critic:X:1=${hashOf(theirs)}] on theirs).`,
        '      → Two branches published one role id for two roles: give one of them another id, or make both declarations identical, then lock again.',
        'Both versions are left in role-registry.lock.json between conflict markers; resolve, then run `role-registry lock` and `role-registry check`.',
      ].join('\n'),
    );
    expect(result.stderr).toContain(
      documentedOutput(
        'docs/merging.md',
        'Example (a role added on both branches with different schemas, from `test/trust/merge-driver.test.ts`):',
      ),
    );
    expect(result.stdout).toContain('CONFLICT (content): Merge conflict in role-registry.lock.json');
    expect(readFileSync(lockfile, 'utf8')).toBe(`<<<<<<< ours\n${ours}=======\n${theirs}>>>>>>> theirs\n`);
    expect(git(repo, 'status', '--porcelain')).toContain('UU role-registry.lock.json');
    // And check refuses the conflicted lockfile: it can never be committed as if resolved.
    expect(runCli(['check'], repo).code).toBe(2);
  });

  it('stops when one branch broke the append-only law against the common ancestor, pointing into that side', () => {
    const repo = setup();
    git(repo, 'checkout', '-q', '-b', 'feature');
    const lockfile = path.join(repo, 'role-registry.lock.json');
    const json = JSON.parse(readFileSync(lockfile, 'utf8')) as {
      roles: { producer: { aliases: string[]; contracts: Record<string, string> } };
    };
    const locked = json.roles.producer.contracts['ROLE:producer:C:1']!;
    json.roles.producer.aliases = [];
    json.roles.producer.contracts['ROLE:producer:C:1'] = 'f'.repeat(64);
    writeFiles(repo, { 'role-registry.lock.json': `${JSON.stringify(json, null, 2)}\n` });
    writeFiles(repo, roleFile('writer', "export const writer = defineRole({ role_id: 'writer' });"));
    commitAll(repo, 'drop an alias by hand');
    git(repo, 'checkout', '-q', 'main');
    writeFiles(repo, roleFile('director', "export const director = defineRole({ role_id: 'director' });"));
    lockAndCommit(repo, 'add director');
    const result = merge(repo, 'feature');
    expect(result.code).toBe(1);
    // The dropped alias is in no version left behind; the changed hash is, in their section.
    const written = readFileSync(lockfile, 'utf8').split('\n');
    const theirHash = written.findIndex((line, index) => index > written.indexOf('=======') && line.includes('"ROLE:producer:C:1"'));
    expect(written[theirHash]).toBe(`        "ROLE:producer:C:1": "${'f'.repeat(64)}"`);
    expect(result.stderr.split('\n').slice(1, 5)).toEqual([
      '  role-registry.lock.json  error  MERGE_CONFLICT  Their side (the branch being merged) broke the append-only law on its own: Alias `exec_producer` of role `producer` is locked at the common ancestor but gone here.',
      '      → Fix that branch first (Restore it from the common ancestor (git show the common ancestor:<lockfile>): entries that were published stay forever.)',
      `  role-registry.lock.json:${theirHash + 1}:30  error  MERGE_CONFLICT  Their side (the branch being merged) broke the append-only law on its own: Contract \`ROLE:producer:C:1\` has surface ${locked.slice(0, 12)}… at the common ancestor but ffffffffffff… here.`,
      '      → Fix that branch first (A published surface never changes: restore the old schema and publish the change as a new contract version.)',
    ]);
  });

  it('unites waivers recorded on each side, and refuses one waiver recorded twice differently', () => {
    const dir = tempDir('merge-waivers');
    repos.push(dir);
    const hash = 'a'.repeat(64);
    const lockfile = (waivers: object[]): string =>
      `${JSON.stringify({ lockfileVersion: 1, ruleset: 1, roles: { critic: { aliases: ['reviewer'], contracts: { 'ROLE:critic:X:1': hash }, deprecated: false }, editor: { aliases: [], contracts: {}, deprecated: false } }, ...(waivers.length ? { waivers } : {}) }, null, 2)}\n`;
    const removeEditor = { code: 'ROLE_REMOVED', date: '2026-01-02', id: 'editor', reason: 'merged into critic' };
    const removeAlias = { code: 'ALIAS_REMOVED', date: '2026-01-03', id: 'reviewer', reason: 'typo' };
    writeFiles(dir, { base: lockfile([]), ours: lockfile([removeEditor]), theirs: lockfile([removeAlias]) });
    const merged = runCli(['merge-driver', 'base', 'ours', 'theirs', 'role-registry.lock.json'], dir);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect((JSON.parse(readFileSync(path.join(dir, 'ours'), 'utf8')) as { waivers: object[] }).waivers).toEqual([
      removeEditor,
      removeAlias,
    ]);

    writeFiles(dir, { ours: lockfile([removeEditor]), theirs: lockfile([{ ...removeEditor, reason: 'obsolete' }]) });
    const clash = runCli(['merge-driver', 'base', 'ours', 'theirs', 'role-registry.lock.json'], dir);
    expect(clash.code).toBe(1);
    const written = readFileSync(path.join(dir, 'ours'), 'utf8').split('\n');
    const waiverLine = written.indexOf('  "waivers": [') + 1;
    expect(written[waiverLine]).toBe('    {');
    expect(clash.stderr).toContain(
      `  role-registry.lock.json:${waiverLine + 1}:5  error  MERGE_CONFLICT  The waiver of ROLE_REMOVED \`editor\` differs between the sides: ROLE_REMOVED \`editor\` (2026-01-02: merged into critic) on ours, ROLE_REMOVED \`editor\` (2026-01-02: obsolete) on theirs.\n`,
    );
  });

  it('reports an unreadable side without a stack trace', () => {
    const dir = tempDir('merge-files');
    repos.push(dir);
    writeFiles(dir, { base: '', ours: '{ "lockfileVersion": 1, "ruleset": 1, "roles": {} }\n', theirs: '{ "lockfileVersion": 1,, }\n' });
    const result = runCli(['merge-driver', 'base', 'ours', 'theirs', 'role-registry.lock.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'role-registry merge-driver: role-registry.lock.json cannot be merged as the union of both sides:',
        '  role-registry.lock.json (their side):1:24  error  LOCKFILE_INVALID  The lockfile cannot be read: it is not valid JSON: property name expected (line 1, column 24).',
        '      → Restore the lockfile from git (`git checkout -- <lockfile>`) and re-run `role-registry lock`; it is written by the tool, never by hand.',
        'Both versions are left in role-registry.lock.json between conflict markers; resolve, then run `role-registry lock` and `role-registry check`.',
        '',
      ].join('\n'),
    );
    rmSync(path.join(dir, 'base'));
  });
});
