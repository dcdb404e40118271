import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, GIT_ENV, REPO, removeTree, runCli, tempDir } from '../support/cli.js';
import { writeStudio } from '../support/studio.js';

/**
 * The GitHub Action's script (ci/github-action.mjs, run by action.yml) in a job as GitHub starts it:
 * a shallow clone of the pull request's branch only (as actions/checkout makes it) from an `origin`
 * that is a bare repository in a temp dir, GitHub's environment variables set, no network. The script
 * must fetch the base branch itself, write the Markdown report to the job summary, the annotations to
 * stdout, `exit-code` to the step's outputs, and exit with check's code.
 */
const SCRIPT = path.join(REPO, 'ci/github-action.mjs');
const DOCS = 'https://github.com/role-registry/role-registry/blob/main/docs/violations.md';
let root: string;
let origin: string;
let jobs = 0;

beforeAll(() => {
  root = tempDir('github-action');
  origin = path.join(root, 'origin.git');
  const author = path.join(root, 'author');
  mkdirSync(author);
  git(root, 'init', '-q', '--bare', '-b', 'main', origin);
  git(author, 'init', '-q', '-b', 'main');
  writeStudio(author);
  writeFileSync(path.join(author, '.gitignore'), 'node_modules/\n');
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'publish the registry');
  git(author, 'remote', 'add', 'origin', origin);
  git(author, 'push', '-q', 'origin', 'main');

  // A clean pull request: a new role, locked. A violating one: a role deleted from the source and
  // the lockfile alike, which only the comparison with the base branch can see.
  git(author, 'checkout', '-q', '-b', 'add-editor');
  writeFileSync(
    path.join(author, 'src/roles/editor.ts'),
    "import { defineRole } from 'role-registry';\n\nexport const editor = defineRole({ role_id: 'editor' });\n",
  );
  expect(runCli(['lock'], author).code).toBe(0);
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'add an editor');
  git(author, 'push', '-q', 'origin', 'add-editor');

  git(author, 'checkout', '-q', 'main');
  git(author, 'checkout', '-q', '-b', 'drop-director');
  rmSync(path.join(author, 'src/roles/director.ts'));
  const lockfile = JSON.parse(readFileSync(path.join(author, 'role-registry.lock.json'), 'utf8')) as { roles: Record<string, unknown> };
  delete lockfile.roles['director'];
  writeFileSync(path.join(author, 'role-registry.lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'drop the director');
  git(author, 'push', '-q', 'origin', 'drop-director');
});
afterAll(() => removeTree(root));

/** A pull request whose report outgrows a job summary (over 1 MiB of Markdown): 4,000 roles not locked yet. */
function pushManyRoles(): void {
  const author = path.join(root, 'author');
  git(author, 'checkout', '-q', 'main');
  git(author, 'checkout', '-q', '-b', 'many-roles');
  const roles = Array.from({ length: 4000 }, (_, i) => `export const r${i} = defineRole({ role_id: 'role_number_${i}' });\n`);
  writeFileSync(path.join(author, 'src/roles/many.ts'), `import { defineRole } from 'role-registry';\n${roles.join('')}`);
  git(author, 'add', '-A');
  git(author, 'commit', '-q', '-m', 'many roles, not locked');
  git(author, 'push', '-q', 'origin', 'many-roles');
}

interface Job {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly output: string;
  readonly workspace: string;
}

/** Checks out `branch` as actions/checkout does (by default depth 1, that branch only) and runs the script in it. */
function runJob(branch: string, env: NodeJS.ProcessEnv = {}, clone: readonly string[] = ['--depth=1', '--single-branch']): Job {
  const job = path.join(root, `job-${++jobs}`);
  const workspace = path.join(job, 'workspace');
  mkdirSync(job);
  git(job, 'clone', '-q', ...clone, '--branch', branch, pathToFileURL(origin).href, workspace);
  // The project's installed role-registry, as `npm ci` would leave it.
  mkdirSync(path.join(workspace, 'node_modules'));
  symlinkSync(REPO, path.join(workspace, 'node_modules/role-registry'), 'dir');
  const summary = path.join(job, 'summary.md');
  const output = path.join(job, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const result = spawnSync(process.execPath, [SCRIPT], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...GIT_ENV,
      NO_COLOR: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_BASE_REF: 'main',
      GITHUB_HEAD_REF: branch,
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'studio/app',
      GITHUB_SHA: '0123abcd',
      ...env,
    },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: readFileSync(summary, 'utf8'),
    output: readFileSync(output, 'utf8'),
    workspace,
  };
}

describe('the GitHub Action script', () => {
  it('a clean pull request: fetches the base, a clean summary against origin/main, no annotations, exit 0', () => {
    const job = runJob('add-editor');
    expect(job.stderr).toBe('');
    const hash = runCli(['hash'], job.workspace).stdout.trim();
    expect(job.summary).toBe(
      [
        '## role-registry check',
        '',
        `✔ **Clean**: the source agrees with the lockfile and the lockfile at <code>origin/main</code>. 3 roles, 3 contracts. Registry hash <code>${hash}</code>.`,
        '',
      ].join('\n'),
    );
    expect(job.stdout).toBe('');
    expect(job.output).toBe('exit-code=0\n');
    expect(job.code).toBe(0);
    // Fetched into the shallow clone: the base branch's tip, one commit.
    expect(git(job.workspace, 'rev-list', '--count', 'origin/main').trim()).toBe('1');
  });

  it('a violating pull request: the regression in the summary and as an annotation, exit 1 fails the job', () => {
    const job = runJob('drop-director');
    const message = 'Role `director` is in the lockfile at origin/main but gone from the lockfile here.';
    const hint =
      'Restore it from origin/main (git show origin/main:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.';
    const escaped = (text: string): string => text.replace(/[`<>]/g, (char) => `&#${char.codePointAt(0)};`);
    expect(job.stdout).toBe(`::error file=src/roles/director.ts,title=role-registry BASELINE_REGRESSION::${message} ${hint}\n`);
    expect(job.summary).toBe(
      [
        '## role-registry check',
        '',
        '✖ **1 violation** (1 error, 0 warnings) against the lockfile and the lockfile at <code>origin/main</code>. 1 role, 2 contracts. No registry hash while a law is broken.',
        '',
        '| File | Code | Message |',
        '| --- | --- | --- |',
        `| [<code>src/roles/director.ts</code>](https://github.com/studio/app/blob/0123abcd/src/roles/director.ts) | [BASELINE_REGRESSION](${DOCS}#baseline_regression) | ${escaped(message)}<br>→ ${escaped(hint)} |`,
        '',
      ].join('\n'),
    );
    expect(job.stderr).toBe('');
    expect(job.output).toBe('exit-code=1\n');
    expect(job.code).toBe(1);
  });

  it('a full clone (fetch-depth: 0) is fetched in full, never made shallow', () => {
    const job = runJob('drop-director', {}, []);
    expect(job.code).toBe(1);
    expect(job.output).toBe('exit-code=1\n');
    expect(git(job.workspace, 'rev-parse', '--is-shallow-repository').trim()).toBe('false');
  });

  it('a report over the 1 MiB a job summary holds: cut at a line, with a note; every annotation still printed', () => {
    pushManyRoles();
    const job = runJob('many-roles');
    expect(job.code).toBe(1);
    expect(Buffer.byteLength(job.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(job.summary).toMatch(/^## role-registry check\n\n✖ \*\*4000 violations\*\* /);
    expect(job.summary).toMatch(
      /\| \[<code>src\/roles\/many\.ts:\d+<\/code>\]\([^)]+\) \| \[LOCK_OUTDATED\]\([^)]+\) \| [^\n]+ \|\n\n\*\*The report was cut here\*\*: a job summary holds at most 1 MiB\. The annotations list every finding; `role-registry check --format markdown` prints the whole report\.\n$/,
    );
    expect(job.stdout.match(/^::error .*title=role-registry LOCK_OUTDATED::/gm)).toHaveLength(4000);
  });

  it('a base-ref input naming a branch origin lacks: unusable (exit 2), an error annotation, no summary', () => {
    const job = runJob('add-editor', { ROLE_REGISTRY_BASE_REF: 'no-such-branch' });
    expect(job.code).toBe(2);
    expect(job.output).toBe('exit-code=2\n');
    expect(job.stdout).toMatch(
      /^::error title=role-registry::Could not fetch the base branch no-such-branch from origin \(.+\): check the remote and that the branch exists\.\n$/,
    );
    expect(job.summary).toBe('');
  });

  it('a project without role-registry installed: says to install it, exit 2', () => {
    const job = runJob('add-editor', { ROLE_REGISTRY_BASE_REF: 'main' });
    expect(job.code).toBe(0);
    rmSync(path.join(job.workspace, 'node_modules'), { recursive: true });
    const result = spawnSync(process.execPath, [SCRIPT], {
      cwd: job.workspace,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_OUTPUT: '' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `role-registry action: role-registry is not installed in ${job.workspace}: add it to devDependencies and run \`npm ci\` before this action (or set working-directory).\n`,
    );
  });
});
