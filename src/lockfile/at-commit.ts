import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, parseConfig } from '../source/config.js';
import { finding, type Finding } from '../core/findings.js';
import type { GitRepository, TreeEntry } from '../support/git.js';
import { InputError } from '../core/input-error.js';
import { decodeUtf8, JsonTextError } from '../support/json-text.js';

/**
 * Where the lockfile stands in one commit, found the way that commit itself says: through ITS
 * config's `lockfile` (a lockfile moved by editing the config is followed, never lost).
 */
export type LockfileAt =
  /** No config at the config's path: the registry did not exist yet (and no lockfile at today's path). */
  | { readonly kind: 'no-registry' }
  /** The commit's config (at `configPath`) names `path`, and nothing is there. */
  | { readonly kind: 'missing'; readonly path: string; readonly configPath: string }
  /** The config or the lockfile of that commit cannot be used (invalid config, a link in the path). */
  | {
      readonly kind: 'unusable';
      readonly problem: Finding;
      /** Alike for every commit with the same cause (the problem's message names the commit): tells whether a commit changed it. */
      readonly cause: string;
    }
  /** `path` is inside the repository; `file` is the same path, absolute, for reports. */
  | { readonly kind: 'found'; readonly path: string; readonly file: string; readonly blob: string };

export interface LockfileAtOptions {
  /** The config file's path inside the repository (today's: the config is where the project is). */
  readonly configPath: string;
  /**
   * Where the config stood before it moved (see `formerConfigPaths`): read where a commit has no
   * config at `configPath`, so that moving the whole project does not start a new history.
   */
  readonly formerConfigPaths?: readonly string[];
  /** Today's lockfile path inside the repository: read where a commit has no config (an older layout). */
  readonly lockfilePath: string;
  /** How a commit is named in messages. */
  readonly shortName: (sha: string) => string;
}

/**
 * The configs among `candidates` (paths of role-registry.config.json files in the history read)
 * that are gone from the working tree: where today's config may have stood before it moved. A
 * config still present belongs to another registry of the repository and is never taken.
 */
export function formerConfigPaths(repo: GitRepository, candidates: Iterable<string>, configPath: string): string[] {
  return [...new Set(candidates)]
    .filter(
      (candidate) =>
        candidate !== configPath && path.posix.basename(candidate) === CONFIG_FILE_NAME && !existsSync(path.join(repo.top, candidate)),
    )
    .sort();
}

/**
 * The lockfile of each commit (batched: a few git processes for any number of commits). The one
 * history function behind `check --against`, `audit` and every reader of the lockfile's past.
 */
export function lockfilesAt(repo: GitRepository, shas: readonly string[], options: LockfileAtOptions): Map<string, LockfileAt> {
  const out = new Map<string, LockfileAt>();
  const unique = [...new Set(shas)];
  const configPaths = [options.configPath, ...(options.formerConfigPaths ?? [])];
  const lookedUp = repo.lookup(unique.flatMap((sha) => configPaths.map((configPath) => `${sha}:${configPath}`)));
  const configTexts = repo.readObjects(lookedUp.flatMap((at) => (at?.type === 'blob' ? [at.id] : [])));
  /** The lockfile path each config version names, or why it cannot be used; one parse per version. */
  const named = new Map<string, { path: string } | { problem: Finding }>();
  const wanted: { sha: string; path: string; configPath: string | undefined }[] = [];
  unique.forEach((sha, index) => {
    const at = options.shortName(sha);
    const present = configPaths.flatMap((configPath, which) => {
      const object = lookedUp[index * configPaths.length + which];
      return object === undefined ? [] : [{ configPath, object }];
    });
    const chosen = present[0];
    if (chosen === undefined) {
      wanted.push({ sha, path: options.lockfilePath, configPath: undefined });
      return;
    }
    const configFile = path.join(repo.top, chosen.configPath);
    // Today's place wins; a former place only when it is the one config there.
    if (chosen.configPath !== options.configPath && present.length > 1) {
      out.set(
        sha,
        unusable(
          `several configs ${present.map((p) => `${p.configPath} ${p.object.id}`).join(' ')}`,
          configFile,
          `there is no config at ${options.configPath} at ${at}, and several configs gone since (${present.map((p) => p.configPath).join(', ')}) could be where it stood.`,
          'Compare against a ref where the config stands where it does now, or audit from after the move (--from).',
        ),
      );
      return;
    }
    if (chosen.object.type !== 'blob') {
      out.set(
        sha,
        unusable(
          `config ${chosen.configPath} ${chosen.object.id}`,
          configFile,
          `${chosen.configPath} at ${at} is a ${chosen.object.type === 'tree' ? 'directory' : 'submodule'}, not a config file.`,
          'Commit the config as a file.',
        ),
      );
      return;
    }
    const key = `${chosen.configPath} ${chosen.object.id}`;
    let lockfile = named.get(key);
    if (lockfile === undefined) {
      lockfile = lockfilePathOf(configFile, configTexts.get(chosen.object.id) ?? Buffer.alloc(0), repo);
      named.set(key, lockfile);
    }
    if ('problem' in lockfile) {
      out.set(sha, {
        kind: 'unusable',
        problem: { ...lockfile.problem, message: `${chosen.configPath} at ${at}: ${lockfile.problem.message}` },
        cause: key,
      });
    } else wanted.push({ sha, path: lockfile.path, configPath: chosen.configPath });
  });
  for (const [index, entry] of entriesAt(repo, wanted).entries()) {
    const { sha, path: lockfilePath, configPath } = wanted[index]!;
    const file = path.join(repo.top, lockfilePath);
    const at = options.shortName(sha);
    if (entry.kind === 'entry') {
      if (entry.mode === '100644' || entry.mode === '100755') out.set(sha, { kind: 'found', path: lockfilePath, file, blob: entry.id });
      else if (entry.mode === '120000')
        out.set(
          sha,
          unusable(
            `entry ${lockfilePath} ${entry.mode} ${entry.id}`,
            file,
            `${lockfilePath} at ${at} is a symbolic link: git records a link as its target's name, not the lockfile's content.`,
            'Commit the lockfile itself, never a link to it; compare against a ref where it is a file.',
          ),
        );
      else
        out.set(
          sha,
          unusable(
            `entry ${lockfilePath} ${entry.mode} ${entry.id}`,
            file,
            `${lockfilePath} at ${at} is ${entry.mode === '160000' ? 'a submodule' : 'a directory'}, not a lockfile.`,
            'Commit the lockfile as a file at the path the config names.',
          ),
        );
    } else if (entry.kind === 'link-on-the-way') {
      out.set(
        sha,
        unusable(
          `link ${lockfilePath} ${entry.component}`,
          file,
          `${lockfilePath} at ${at} goes through ${entry.component}, which is ${entry.what}: git does not follow links, so the lockfile cannot be read there.`,
          'Name the lockfile by a plain path (no linked folder) in role-registry.config.json.',
        ),
      );
    } else out.set(sha, configPath !== undefined ? { kind: 'missing', path: lockfilePath, configPath } : { kind: 'no-registry' });
  }
  return out;
}

/** The lockfile path a config version names (relative to the repository), parsed as today's config is. */
function lockfilePathOf(configFile: string, bytes: Buffer, repo: GitRepository): { path: string } | { problem: Finding } {
  try {
    const config = parseConfig(configFile, decodeUtf8(configFile, bytes));
    return { path: path.relative(repo.top, config.lockfile).split(path.sep).join('/') };
  } catch (error) {
    if (error instanceof InputError) return { problem: error.finding };
    if (error instanceof JsonTextError)
      return {
        problem: finding('CONFIG_INVALID', {
          message: `The config cannot be read: ${error.message}.`,
          hint: 'Commit the config as UTF-8 JSON.',
          subject: {},
          inputFile: configFile,
        }),
      };
    throw error;
  }
}

type EntryAt =
  | { readonly kind: 'entry'; readonly mode: string; readonly id: string }
  | { readonly kind: 'link-on-the-way'; readonly component: string; readonly what: string }
  | { readonly kind: 'none' };

/**
 * The tree entry (with its mode: a link is a blob too) at each commit's path. Git resolves
 * `<commit>:<dir>` without following links, so a directory found that way has no link in it; the
 * entry's own mode comes from its parent tree, each distinct tree read once.
 */
function entriesAt(repo: GitRepository, wanted: readonly { sha: string; path: string }[]): EntryAt[] {
  const directories = repo.lookup(wanted.map(({ sha, path: file }) => `${sha}:${parentOf(file)}`));
  /** The lockfile's entry per (folder tree, name): a folder that did not change is read once. */
  const known = new Map<string, TreeEntry | undefined>();
  const out: EntryAt[] = [];
  // Trees are read a slice at a time: a root folder of a big repository, once per commit, would not fit at once.
  for (let start = 0; start < wanted.length; start += TREE_BATCH) {
    const slice = wanted.slice(start, start + TREE_BATCH);
    const keyOf = (index: number): string | undefined => {
      const directory = directories[start + index];
      return directory?.type === 'tree' ? `${directory.id} ${path.posix.basename(slice[index]!.path)}` : undefined;
    };
    const unread = slice.flatMap((_, index) => {
      const key = keyOf(index);
      return key !== undefined && !known.has(key) ? [directories[start + index]!.id] : [];
    });
    const trees = repo.readTrees(unread);
    slice.forEach(({ sha, path: file }, index) => {
      const key = keyOf(index);
      if (key === undefined) {
        out.push(componentOnTheWay(repo, sha, file));
        return;
      }
      if (!known.has(key)) known.set(key, trees.get(directories[start + index]!.id)?.get(path.posix.basename(file)));
      const entry = known.get(key);
      out.push(entry ? { kind: 'entry', ...entry } : { kind: 'none' });
    });
  }
  return out;
}

const TREE_BATCH = 256;

/** Why a lockfile's folder is not a folder at that commit: a component that is a link or a file (rare: read one by one). */
function componentOnTheWay(repo: GitRepository, sha: string, file: string): EntryAt {
  const components = parentOf(file).split('/');
  for (let depth = 1; depth <= components.length; depth++) {
    const component = components.slice(0, depth).join('/');
    const [at] = repo.lookup([`${sha}:${component}`]);
    if (at === undefined) return { kind: 'none' };
    if (at.type === 'tree') continue;
    const [parent] = repo.lookup([`${sha}:${parentOf(component)}`]);
    const mode =
      parent?.type === 'tree' ? repo.readTrees([parent.id]).get(parent.id)?.get(path.posix.basename(component))?.mode : undefined;
    return {
      kind: 'link-on-the-way',
      component,
      what: mode === '120000' ? 'a symbolic link' : mode === '160000' ? 'a submodule' : 'a file',
    };
  }
  return { kind: 'none' };
}

function parentOf(file: string): string {
  const parent = path.posix.dirname(file);
  return parent === '.' ? '' : parent;
}

function unusable(cause: string, file: string, message: string, hint: string): LockfileAt {
  return { kind: 'unusable', problem: finding('BASELINE_UNAVAILABLE', { message, hint, subject: {}, inputFile: file }), cause };
}
