import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/input-error.js';
import { portableRelative } from './portable-path.js';

/** One commit of a walked range, oldest first. */
export interface HistoryCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
}

/** What a `<commit>:<path>` names: an object id and its type, or nothing. */
export type GitObjectAt = { readonly id: string; readonly type: 'blob' | 'tree' | 'commit' } | undefined;

/** One entry of a tree object: `mode` as git writes it (`100644`, `120000` for a link, `40000` for a tree). */
export interface TreeEntry {
  readonly mode: string;
  readonly id: string;
}

const MAX_BUFFER = 1024 * 1024 * 1024;

interface GitRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: NodeJS.ErrnoException | undefined;
}

/**
 * A git repository read through plumbing: a few processes whatever the number of commits (one
 * `git log`, batched `git cat-file`). Every failure is an InputError against `subject` (the file
 * the command is about, usually the lockfile), worded with git's own reason.
 */
export class GitRepository {
  private constructor(
    /** The working tree's top directory, as a real path (no symbolic link in it). */
    readonly top: string,
    private readonly subject: string,
    /** How the command is named in messages: `--against main`, `audit`. */
    private readonly purpose: string,
  ) {}

  /**
   * The repository that holds `directory`. Git missing from PATH and a repository git refuses
   * (dubious ownership) are told as such, with git's reason and the fix: not "not a repository".
   */
  static open(
    directory: string,
    subject: string,
    purpose: string,
    notARepository: { readonly message: string; readonly hint: string },
  ): GitRepository {
    const cwd = realDirectory(directory);
    const result = run(cwd, ['rev-parse', '--show-toplevel']);
    if (result.error?.code === 'ENOENT') {
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        subject,
        `${purpose}: git is not installed or not on PATH, so the history cannot be read.`,
        'Install git, or put the directory that holds it on PATH, and run again.',
      );
    }
    if (result.status !== 0) {
      const reason = gitReason(result);
      const dubious = /dubious ownership in repository at '([^']+)'/.exec(result.stderr);
      if (dubious) {
        throw new InputError(
          'BASELINE_UNAVAILABLE',
          subject,
          `${purpose}: git refuses the repository: ${reason}.`,
          `The repository belongs to another user; if you trust it, run \`git config --global --add safe.directory ${dubious[1]}\` (in CI containers, the checkout often belongs to another user), then run again.`,
        );
      }
      if (/not a git repository/i.test(result.stderr)) {
        throw new InputError('BASELINE_UNAVAILABLE', subject, notARepository.message, notARepository.hint);
      }
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        subject,
        `${purpose}: git cannot open the repository at ${directory}: ${reason}.`,
        'Fix what git reports (run `git status` there to see it), then run again.',
      );
    }
    return new GitRepository(realDirectory(result.stdout.trim()), subject, purpose);
  }

  /**
   * The path of `file` inside the repository, with forward slashes. Real paths on both sides: a
   * project reached through a symbolic link (`--cwd`, the shell's directory) is the same project.
   */
  relative(file: string): string {
    const relative = portableRelative(this.top, realPathOfNearest(file));
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        this.subject,
        `${this.purpose}: ${file} is outside the git repository ${this.top}.`,
        'Keep the config and the lockfile inside the repository whose history is read.',
      );
    }
    return relative;
  }

  /** Resolves a ref to a commit id, or fails naming the option it came from. */
  resolveCommit(
    ref: string,
    option: string,
    hint = 'Check the ref name; in CI, fetch the history first (actions/checkout with fetch-depth: 0).',
  ): string {
    if (ref.startsWith('-'))
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        this.subject,
        `${option} ${ref}: not a git ref.`,
        'Pass a branch, tag or commit such as origin/main.',
      );
    const result = this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (result.status !== 0)
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        this.subject,
        `${option} ${ref}: no such commit, branch or tag in this repository.`,
        hint,
      );
    return result.stdout.trim();
  }

  /** Every commit reachable from `to` and not from `from`, parents before children. */
  commits(to: string, from: string | undefined): HistoryCommit[] {
    const range = from === undefined ? [to] : [to, `^${from}`];
    const result = this.git(['log', '--topo-order', '--reverse', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e', ...range, '--']);
    if (result.status !== 0) throw this.failure('git log', result);
    const commits: HistoryCommit[] = [];
    for (const record of result.stdout.split('\x1e')) {
      const line = record.replace(/^\n/, '');
      if (line === '') continue;
      const [sha = '', parents = '', authorName = '', authorEmail = '', date = '', subject = ''] = line.split('\x1f');
      commits.push({ sha, parents: parents === '' ? [] : parents.split(' '), authorName, authorEmail, date, subject });
    }
    return commits;
  }

  /**
   * The commits where a shallow clone's history is cut (their parents were not fetched), empty
   * for a complete clone. Git shows such a commit without parents, like a first commit.
   */
  shallowBoundary(): Set<string> {
    const result = this.git(['rev-parse', '--is-shallow-repository', '--git-path', 'shallow']);
    if (result.status !== 0) throw this.failure('git rev-parse', result);
    const [shallow = 'false', file = ''] = result.stdout.split('\n');
    if (shallow.trim() !== 'true') return new Set();
    try {
      return new Set(
        readFileSync(path.resolve(this.top, file.trim()), 'utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
    } catch (error) {
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        this.subject,
        `${this.purpose}: the clone is shallow but its list of cut commits cannot be read: ${(error as Error).message}.`,
        'Fetch the full history (git fetch --unshallow) and run again.',
      );
    }
  }

  /** The paths of every file called `name` in a commit's tree. */
  filesNamed(sha: string, name: string): string[] {
    const result = this.git(['ls-tree', '-r', '-z', '--name-only', sha]);
    if (result.status !== 0) throw this.failure('git ls-tree', result);
    return result.stdout.split('\0').filter((file) => file === name || file.endsWith(`/${name}`));
  }

  /** The paths where a file called `name` was added (or renamed to) in the commits reachable from `to` and not from `from`. */
  filesAddedNamed(to: string, from: string | undefined, name: string): string[] {
    const range = from === undefined ? [to] : [to, `^${from}`];
    const result = this.git([
      'log',
      '--format=',
      '--name-only',
      '-z',
      '--no-renames',
      '--diff-filter=A',
      '-m',
      ...range,
      '--',
      `:(glob)**/${name}`,
    ]);
    if (result.status !== 0) throw this.failure('git log', result);
    return [...new Set(result.stdout.split(/[\0\n]/).filter((file) => file !== ''))];
  }

  /** The newest `limit` commits reachable from HEAD that changed `file` (a path inside the repository), newest first. */
  commitsChanging(file: string, limit: number): string[] {
    const result = this.git(['log', `-n${limit}`, '--format=%H', 'HEAD', '--', `:(literal)${file}`]);
    if (result.status !== 0) throw this.failure('git log', result);
    return result.stdout.split('\n').filter((line) => line !== '');
  }

  /** Every file, link and folder of a commit's tree, by path (one `git ls-tree`). */
  treeListing(sha: string): Map<string, TreeEntry & { readonly type: string }> {
    const result = this.git(['ls-tree', '-r', '-t', '-z', '--full-tree', sha]);
    if (result.status !== 0) throw this.failure('git ls-tree', result);
    const out = new Map<string, TreeEntry & { readonly type: string }>();
    for (const record of result.stdout.split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode = '', type = '', id = ''] = record.slice(0, tab).split(' ');
      out.set(record.slice(tab + 1), { mode, type, id });
    }
    return out;
  }

  /** What each `<commit>:<path>` names (one `git cat-file --batch-check` for all). */
  lookup(specs: readonly string[]): GitObjectAt[] {
    if (specs.length === 0) return [];
    if (specs.some((spec) => spec.includes('\n'))) throw this.failure('git cat-file', { stderr: 'a path holds a line break' });
    const result = this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], specs.map((spec) => `${spec}\n`).join(''));
    if (result.status !== 0) throw this.failure('git cat-file', result);
    const lines = result.stdout.split('\n');
    return specs.map((_, index) => {
      const [id, type] = (lines[index] ?? '').split(' ');
      return id && (type === 'blob' || type === 'tree' || type === 'commit') ? { id, type } : undefined;
    });
  }

  /** The bytes of each object (one `git cat-file --batch` for all). */
  readObjects(ids: readonly string[]): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return out;
    const result = spawnSync('git', ['cat-file', '--batch'], {
      cwd: this.top,
      input: unique.map((id) => `${id}\n`).join(''),
      maxBuffer: MAX_BUFFER,
    });
    if (result.status !== 0) throw this.failure('git cat-file', { stderr: String(result.stderr ?? result.error ?? '') });
    const data = result.stdout;
    let offset = 0;
    for (const id of unique) {
      const headerEnd = data.indexOf(0x0a, offset);
      const header = data.subarray(offset, headerEnd).toString('utf8').split(' ');
      const size = Number(header[2]);
      if (header[0] !== id || !Number.isInteger(size))
        throw this.failure('git cat-file', { stderr: `unexpected answer for ${id}: ${header.join(' ')}` });
      out.set(id, data.subarray(headerEnd + 1, headerEnd + 1 + size));
      offset = headerEnd + 1 + size + 1;
    }
    return out;
  }

  /** The entries of tree objects, by tree id (read in one batch). */
  readTrees(ids: readonly string[]): Map<string, Map<string, TreeEntry>> {
    const out = new Map<string, Map<string, TreeEntry>>();
    for (const [id, bytes] of this.readObjects(ids)) out.set(id, parseTree(bytes, id.length / 2));
    return out;
  }

  private git(args: string[], input?: string): GitRun {
    return run(this.top, args, input);
  }

  private failure(what: string, result: { readonly stderr: string; readonly error?: NodeJS.ErrnoException | undefined }): InputError {
    return new InputError(
      'BASELINE_UNAVAILABLE',
      this.subject,
      `${this.purpose}: ${what} failed: ${gitReason(result)}.`,
      'Check that the repository is readable (run `git status` there) and that the commits are fetched.',
    );
  }
}

function run(cwd: string, args: readonly string[], input?: string): GitRun {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', input, maxBuffer: MAX_BUFFER });
  return {
    status: result.error ? -1 : result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error as NodeJS.ErrnoException | undefined,
  };
}

/** Git's own explanation, on one line: `fatal: ` and git's multi-line advice left out. */
function gitReason(result: { readonly stderr: string; readonly error?: NodeJS.ErrnoException | undefined }): string {
  const first = result.stderr.split('\n').find((line) => line.trim() !== '') ?? String(result.error?.message ?? 'no reason given');
  return first
    .replace(/^(fatal|error): /, '')
    .trim()
    .replace(/\.$/, '');
}

/** A directory as a real path, so that git and we agree on what is inside the repository. */
function realDirectory(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return path.resolve(directory);
  }
}

/** The real path of `file`, resolving links in the part of it that exists (it may not exist yet). */
function realPathOfNearest(file: string): string {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** A raw tree object: entries `<mode> <name>\0<id bytes>`. */
function parseTree(bytes: Buffer, idBytes: number): Map<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  let offset = 0;
  while (offset < bytes.length) {
    const space = bytes.indexOf(0x20, offset);
    const nul = bytes.indexOf(0x00, space);
    if (space < 0 || nul < 0) break;
    const mode = bytes.subarray(offset, space).toString('latin1');
    const name = bytes.subarray(space + 1, nul).toString('utf8');
    entries.set(name, { mode, id: bytes.subarray(nul + 1, nul + 1 + idBytes).toString('hex') });
    offset = nul + 1 + idBytes;
  }
  return entries;
}
