#!/usr/bin/env node
/**
 * The GitHub Action's logic (action.yml runs it in the step's working directory), kept here so that
 * it can be run and tested outside GitHub: fetch the pull request's base branch, run `role-registry
 * check --against origin/<base>` twice (the Markdown report appended to $GITHUB_STEP_SUMMARY, then
 * the workflow-command annotations on stdout), write `exit-code` to $GITHUB_OUTPUT, and exit with
 * check's exit code (0 clean, 1 violations, 2 unusable input), which fails the job.
 *
 * Environment: ROLE_REGISTRY_BASE_REF (the action's `base-ref` input; default GITHUB_BASE_REF, set on
 * pull_request events), ROLE_REGISTRY_ARGS (more arguments for `check`, split on white space),
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT. No network beyond `git fetch` from the `origin` remote.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const EXIT_UNUSABLE = 2;
/** GitHub refuses a step summary over 1 MiB (and then shows none of it); keep room for the note. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 4096;

function main() {
  const cli = installedCli(process.cwd());
  if (cli === undefined) {
    return fail(
      `role-registry is not installed in ${process.cwd()}: add it to devDependencies and run \`npm ci\` before this action (or set working-directory).`,
    );
  }
  const base = (process.env.ROLE_REGISTRY_BASE_REF || process.env.GITHUB_BASE_REF || '').trim();
  const extra = (process.env.ROLE_REGISTRY_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
  const against = [];
  if (base !== '') {
    const problem = fetchBase(base);
    if (problem !== undefined) return fail(problem);
    against.push('--against', `origin/${base}`);
  }

  const markdown = spawnSync(process.execPath, [cli, 'check', ...against, '--format', 'markdown', ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, withinSummaryLimit(markdown.stdout ?? ''));
  else process.stdout.write(markdown.stdout ?? '');
  // The same check again for the annotations; its stderr would repeat the first run's.
  const annotations = spawnSync(process.execPath, [cli, 'check', ...against, '--format', 'github', ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(annotations.stdout ?? '');

  const exitCode = markdown.status ?? EXIT_UNUSABLE;
  output('exit-code', exitCode);
  return exitCode;
}

/**
 * The `role-registry` bin the project installed (what `npx --no role-registry` would run),
 * resolved from the working directory; undefined when the project does not have it.
 */
function installedCli(cwd) {
  try {
    const manifest = createRequire(path.join(cwd, 'package.json')).resolve('role-registry/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
    return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin['role-registry']);
  } catch {
    return undefined;
  }
}

/**
 * Makes `origin/<base>` the base branch's tip. `check --against` reads one commit (the lockfile, the
 * config and the registry files at the base), not the merge base, so a shallow clone (the default of
 * actions/checkout) gets just that commit; a full clone is fetched in full, never made shallow.
 * Returns why it failed, or undefined.
 */
function fetchBase(base) {
  if (base.startsWith('-') || git('check-ref-format', '--branch', base).status !== 0) {
    return `The base branch ${JSON.stringify(base)} is not a valid branch name: set the action's base-ref input to a branch of origin.`;
  }
  const shallow = git('rev-parse', '--is-shallow-repository').stdout.trim() === 'true';
  const fetch = git('fetch', '--no-tags', ...(shallow ? ['--depth=1'] : []), 'origin', `+refs/heads/${base}:refs/remotes/origin/${base}`);
  if (fetch.status === 0) return undefined;
  if (git('rev-parse', '--verify', '--quiet', `refs/remotes/origin/${base}^{commit}`).status === 0) {
    process.stdout.write(
      `::warning title=role-registry::Could not fetch ${base} from origin; comparing with the origin/${base} already here.\n`,
    );
    return undefined;
  }
  return `Could not fetch the base branch ${base} from origin (${fetch.stderr.trim().split('\n').pop()}): check the remote and that the branch exists.`;
}

/**
 * The report cut at a line boundary when GitHub would refuse it as a job summary, with a note that
 * says so; an open `<details>` block is closed so the rest of the page still renders.
 */
function withinSummaryLimit(report) {
  if (Buffer.byteLength(report) <= SUMMARY_LIMIT_BYTES) return report;
  const kept = Buffer.from(report).subarray(0, SUMMARY_LIMIT_BYTES).toString('utf8');
  const lines = kept.slice(0, kept.lastIndexOf('\n') + 1);
  const open = lines.split('<details>').length - lines.split('</details>').length;
  return `${lines}${open > 0 ? '\n</details>\n' : ''}\n**The report was cut here**: a job summary holds at most 1 MiB. The annotations list every finding; \`role-registry check --format markdown\` prints the whole report.\n`;
}

function git(...args) {
  return spawnSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function output(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** Unusable setup: an error annotation, one line on stderr, exit 2 (as `check` reports unusable input). */
function fail(sentence) {
  process.stdout.write(`::error title=role-registry::${sentence.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.stderr.write(`role-registry action: ${sentence}\n`);
  output('exit-code', EXIT_UNUSABLE);
  return EXIT_UNUSABLE;
}

process.exitCode = main();
