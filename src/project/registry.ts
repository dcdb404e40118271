import path from 'node:path';
import { isInside } from '../support/confinement.js';
import { CONFIG_FILE_NAME, findConfigFile, loadConfig, type RegistryConfig } from '../source/config.js';
import { mayHaveChanged, MISSING_STAMP, stampOf, type FileStamp } from '../support/file-stamp.js';
import type { Finding } from '../core/findings.js';
import { GitRepository } from '../support/git.js';
import { InputError } from '../core/input-error.js';
import { judge } from '../law/judge.js';
import { decodeUtf8, JsonTextError } from '../support/json-text.js';
import { lawContext, type LawContext } from '../law/context.js';
import { formerConfigPaths, lockfilesAt } from '../lockfile/at-commit.js';
import { parseLockfile, type Lockfile } from '../lockfile/format.js';
import { readLockfileText } from '../lockfile/io.js';
import { noteFileSystem } from '../support/probe.js';
import { explainDrifts } from './surface-recovery.js';
import { RegistryWorkspace, type AnalyzeOptions, type SourceAnalysis } from '../source/workspace.js';

export interface RegistryState {
  readonly source: SourceAnalysis;
  readonly lock: Lockfile | undefined;
  readonly baseline?: { readonly ref: string; readonly lock: Lockfile | undefined };
  readonly findings: readonly Finding[];
}

export interface InspectOptions extends AnalyzeOptions {
  /** A git ref whose lockfile is the baseline. */
  readonly against?: string;
  /** Recover the locked surface of each drifted contract from git and attach what changed (see surface-recovery.ts). */
  readonly explainDrift?: boolean;
}

/**
 * One project's registry: its config, its source workspace (cached extraction) and its lockfile.
 * Long-lived processes (an editor's ESLint) keep one and call inspect() again; it re-reads only
 * what changed.
 */
export class Registry {
  readonly workspace: RegistryWorkspace;
  readonly context: LawContext;
  private lockCache: { readonly stamp: FileStamp; readonly text: string | undefined; readonly lock: Lockfile | undefined } | undefined;

  /** `displayFrom`: where messages name paths from (the working directory); the project root by default. */
  constructor(
    readonly config: RegistryConfig,
    readonly displayFrom = config.root,
  ) {
    this.workspace = new RegistryWorkspace(config, displayFrom);
    this.context = lawContext(config.root, config.lockfile, displayFrom);
  }

  /**
   * The registry of `configFile` for a tool that runs in the process's working directory (ESLint, a
   * build): messages name files from there when the project is inside it, else from the project root.
   */
  static forTool(configFile: string): Registry {
    const config = loadConfig(configFile);
    return new Registry(config, displayFromFor(config.root));
  }

  /** Finds role-registry.config.json from `cwd` upward (or loads `configFile`). */
  static open(options: { cwd?: string; configFile?: string } = {}): Registry {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const configFile = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(cwd);
    if (!configFile) {
      throw new InputError(
        'CONFIG_INVALID',
        path.join(cwd, CONFIG_FILE_NAME),
        `No ${CONFIG_FILE_NAME} in ${cwd} or any parent directory.`,
        'Run `role-registry init` at the project root, or pass --config <file>.',
      );
    }
    return new Registry(loadConfig(configFile), cwd);
  }

  /**
   * The committed lockfile, re-read only when its stamp says it may have changed (see file-stamp.ts),
   * and parsed again only when its text did. Undefined before `init`.
   */
  lockfile(revalidate = true): Lockfile | undefined {
    const cached = this.lockCache;
    if (cached && !revalidate) return cached.lock;
    const file = this.config.lockfile;
    const stamp = stampOf(file);
    if (cached && !mayHaveChanged(cached.stamp, stamp)) return cached.lock;
    let text: string | undefined;
    if (stamp !== MISSING_STAMP) {
      noteFileSystem('read', file);
      text = readLockfileText(file, this.config.root);
    }
    const lock = cached && cached.text === text ? cached.lock : text === undefined ? undefined : parseLockfile(file, text);
    this.lockCache = { stamp, text, lock };
    return lock;
  }

  /**
   * The lockfile at a git ref, found through that ref's own config (so a lockfile moved since is
   * followed). Undefined only when the registry did not exist there: no config, and no lockfile at
   * today's path. A config there whose lockfile cannot be read is an error, never "nothing to compare".
   */
  baselineLockfile(ref: string): Lockfile | undefined {
    const option = `--against ${ref}`;
    const repo = GitRepository.open(this.config.root, this.config.lockfile, option, {
      message: `${option}: ${this.config.root} is not inside a git repository.`,
      hint: 'Run the check inside a git checkout (in CI, fetch the base branch: git fetch origin main).',
    });
    const sha = repo.resolveCommit(
      ref,
      '--against',
      'Check the ref name; in CI, fetch it first (e.g. git fetch origin main, or actions/checkout with fetch-depth: 0).',
    );
    const configPath = repo.relative(this.config.configFile);
    // A config gone from here but present at the base may be where the project stood: its history.
    const formerConfigs = formerConfigPaths(repo, repo.filesNamed(sha, CONFIG_FILE_NAME), configPath);
    const at = lockfilesAt(repo, [sha], {
      configPath,
      formerConfigPaths: formerConfigs,
      lockfilePath: repo.relative(this.config.lockfile),
      shortName: () => ref,
    }).get(sha)!;
    switch (at.kind) {
      case 'no-registry':
        return undefined;
      case 'missing':
        throw new InputError(
          'BASELINE_UNAVAILABLE',
          this.config.lockfile,
          `${option}: ${at.configPath} at ${ref} names the lockfile ${at.path}, but there is no such file at ${ref}.`,
          `Restore the lockfile on ${ref} (git log --all -- ${at.path} shows where it went), or compare against a ref where it was committed.`,
        );
      case 'unusable':
        throw new InputError(
          'BASELINE_UNAVAILABLE',
          this.config.lockfile,
          `${option}: ${at.problem.message.replace(/\.$/, '')}.`,
          at.problem.hint,
        );
      case 'found': {
        const name = `${ref}:${at.path}`;
        try {
          return parseLockfile(name, decodeUtf8(name, repo.readObjects([at.blob]).get(at.blob) ?? Buffer.alloc(0)));
        } catch (error) {
          if (error instanceof InputError || error instanceof JsonTextError) {
            throw new InputError(
              'BASELINE_UNAVAILABLE',
              this.config.lockfile,
              `The baseline lockfile at ${ref} cannot be trusted: ${error.message}`,
              `Fix the lockfile on ${ref} first (\`git show ${name}\` shows it), or compare against another ref.`,
            );
          }
          throw error;
        }
      }
    }
  }

  /** Reads the source and the lockfile (and the baseline, if asked) and judges them by every law. */
  inspect(options: InspectOptions = {}): RegistryState {
    const lock = this.lockfile(options.revalidate ?? true);
    const baseline = options.against === undefined ? undefined : { ref: options.against, lock: this.baselineLockfile(options.against) };
    const source = this.workspace.analyze(options);
    const judged = judge({ source, lock, ...(baseline ? { baseline } : {}), context: this.context });
    const findings = options.explainDrift
      ? explainDrifts(judged, {
          config: this.config,
          source,
          lock,
          ...(options.against === undefined ? {} : { against: options.against }),
          textOf: (file) => this.workspace.peek(file)?.text,
        })
      : judged;
    return { source, lock, ...(baseline ? { baseline } : {}), findings };
  }
}

/**
 * Where a tool names other files from: where it runs (so `packages/a/src/roles/x.ts` and
 * `packages/b/src/roles/x.ts` are told apart from a monorepo's root), or the project root when it
 * runs elsewhere (an editor or a build started in another folder).
 */
export function displayFromFor(root: string): string {
  const cwd = process.cwd();
  return isInside(path.resolve(root), cwd) ? cwd : root;
}
