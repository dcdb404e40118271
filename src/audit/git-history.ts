import { spawnSync } from 'node:child_process';
import { InputError } from '../input-error.js';
import { portableRelative } from '../portable-path.js';

/** One commit of the audited range, oldest first. */
export interface HistoryCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
}

/** What stands at a path in one commit: a blob id, or nothing. */
export type BlobAt = { readonly blob: string } | undefined;

const MAX_BUFFER = 1024 * 1024 * 1024;

/**
 * Reads a repository's history through git plumbing: a few processes for the whole walk (one
 * `git log`, batched `git cat-file`), whatever the number of commits.
 */
export class GitHistory {
  private constructor(
    readonly top: string,
    private readonly subject: string,
  ) {}

  /** `subject` is the file errors are reported against (the lockfile). */
  static open(directory: string, subject: string): GitHistory {
    const result = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: directory, encoding: 'utf8' });
    if (result.status !== 0 || result.error) {
      throw new InputError('BASELINE_UNAVAILABLE', subject, `${directory} is not inside a git repository: there is no history to audit.`, 'Run the audit inside a git checkout (in CI, with the full history: fetch-depth: 0).');
    }
    return new GitHistory(result.stdout.trim(), subject);
  }

  /** The path of `file` relative to the repository, with forward slashes. */
  relative(file: string): string {
    return portableRelative(this.top, file);
  }

  /** Resolves a ref to a commit id, or fails with an InputError naming the option. */
  resolveCommit(ref: string, option: string): string {
    if (ref.startsWith('-')) throw new InputError('BASELINE_UNAVAILABLE', this.subject, `${option} ${ref}: not a git ref.`, 'Pass a branch, tag or commit such as origin/main.');
    const result = this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (result.status !== 0) {
      throw new InputError(
        'BASELINE_UNAVAILABLE',
        this.subject,
        `${option} ${ref}: no such commit, branch or tag in this repository.`,
        'Check the ref name; in CI, fetch the history first (actions/checkout with fetch-depth: 0).',
      );
    }
    return result.stdout.trim();
  }

  /** Every commit reachable from `to` and not from `from`, parents before children. */
  commits(to: string, from: string | undefined): HistoryCommit[] {
    const range = from === undefined ? [to] : [to, `^${from}`];
    const result = this.git(['log', '--topo-order', '--reverse', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e', ...range, '--']);
    if (result.status !== 0) throw this.failure('git log', result.stderr);
    const commits: HistoryCommit[] = [];
    for (const record of result.stdout.split('\x1e')) {
      const line = record.replace(/^\n/, '');
      if (line === '') continue;
      const [sha = '', parents = '', authorName = '', authorEmail = '', date = '', subject = ''] = line.split('\x1f');
      commits.push({ sha, parents: parents === '' ? [] : parents.split(' '), authorName, authorEmail, date, subject });
    }
    return commits;
  }

  /** The blob at `relativePath` in each commit (one `git cat-file --batch-check` for all). */
  blobsAt(shas: readonly string[], relativePath: string): Map<string, BlobAt> {
    const out = new Map<string, BlobAt>();
    if (shas.length === 0) return out;
    const result = this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], shas.map((sha) => `${sha}:${relativePath}\n`).join(''));
    if (result.status !== 0) throw this.failure('git cat-file', result.stderr);
    const lines = result.stdout.split('\n');
    shas.forEach((sha, index) => {
      const [object, type] = (lines[index] ?? '').split(' ');
      out.set(sha, type === 'blob' && object ? { blob: object } : undefined);
    });
    return out;
  }

  /** The bytes of each blob (one `git cat-file --batch` for all). */
  readBlobs(blobs: readonly string[]): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    if (blobs.length === 0) return out;
    const result = spawnSync('git', ['cat-file', '--batch'], { cwd: this.top, input: blobs.map((blob) => `${blob}\n`).join(''), maxBuffer: MAX_BUFFER });
    if (result.status !== 0) throw this.failure('git cat-file', String(result.stderr));
    const data = result.stdout;
    let offset = 0;
    for (const blob of blobs) {
      const headerEnd = data.indexOf(0x0a, offset);
      const header = data.subarray(offset, headerEnd).toString('utf8').split(' ');
      const size = Number(header[2]);
      if (header[0] !== blob || !Number.isInteger(size)) throw this.failure('git cat-file', `unexpected answer for ${blob}: ${header.join(' ')}`);
      out.set(blob, data.subarray(headerEnd + 1, headerEnd + 1 + size));
      offset = headerEnd + 1 + size + 1;
    }
    return out;
  }

  private git(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync('git', args, { cwd: this.top, encoding: 'utf8', input, maxBuffer: MAX_BUFFER });
    return { status: result.error ? -1 : result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
  }

  private failure(what: string, stderr: string): InputError {
    return new InputError('BASELINE_UNAVAILABLE', this.subject, `${what} failed: ${stderr.trim()}`, 'Check that the repository is readable and not shallow where the audit starts.');
  }
}
