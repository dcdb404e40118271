import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { InputError } from './input-error.js';
import { portableRelative } from './portable-path.js';

/**
 * Reads a file as it stands at a git ref. Returns undefined when the ref exists but the file does
 * not (the lockfile was introduced after the base). Everything else is an InputError (exit 2).
 */
export function readFileAtRef(file: string, ref: string): string | undefined {
  const directory = path.dirname(file);
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new InputError('BASELINE_UNAVAILABLE', file, `--against ${ref}: ${directory} is not inside a git repository.`, 'Run the check inside a git checkout (in CI, fetch the base branch: git fetch origin main).');
  }
  if (ref.startsWith('-')) throw new InputError('BASELINE_UNAVAILABLE', file, `--against ${ref}: not a git ref.`, 'Pass a branch, tag or commit such as origin/main.');
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new InputError(
      'BASELINE_UNAVAILABLE',
      file,
      `--against ${ref}: no such commit, branch or tag in this repository.`,
      'Check the ref name; in CI, fetch it first (e.g. git fetch origin main, or actions/checkout with fetch-depth: 0).',
    );
  }
  const relative = portableRelative(top, file);
  try {
    return git(['show', `${ref}:${relative}`]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    if (/does not exist|exists on disk, but not in/.test(stderr)) return undefined;
    throw new InputError('BASELINE_UNAVAILABLE', file, `--against ${ref}: git could not read ${relative}: ${stderr.trim()}`, 'Check that the ref is fetched and readable.');
  }
}
