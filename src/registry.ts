import path from 'node:path';
import { CONFIG_FILE_NAME, findConfigFile, loadConfig, type RegistryConfig } from './config.js';
import { mayHaveChanged, MISSING_STAMP, stampOf, type FileStamp } from './file-stamp.js';
import type { Finding } from './findings.js';
import { readFileAtRef } from './git.js';
import { InputError } from './input-error.js';
import { judge } from './law/judge.js';
import { lawContext, type LawContext } from './law/context.js';
import { parseLockfile, type Lockfile } from './lockfile/format.js';
import { readLockfileText } from './lockfile/io.js';
import { noteFileSystem } from './probe.js';
import { RegistryWorkspace, type AnalyzeOptions, type SourceAnalysis } from './workspace.js';

export interface RegistryState {
  readonly source: SourceAnalysis;
  readonly lock: Lockfile | undefined;
  readonly baseline?: { readonly ref: string; readonly lock: Lockfile | undefined };
  readonly findings: readonly Finding[];
}

export interface InspectOptions extends AnalyzeOptions {
  /** A git ref whose lockfile is the baseline. */
  readonly against?: string;
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

  constructor(readonly config: RegistryConfig) {
    this.workspace = new RegistryWorkspace(config);
    this.context = lawContext(config.root, config.lockfile);
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
    return new Registry(loadConfig(configFile));
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

  /** The lockfile at a git ref (undefined when it did not exist there). */
  baselineLockfile(ref: string): Lockfile | undefined {
    const text = readFileAtRef(this.config.lockfile, ref);
    if (text === undefined) return undefined;
    try {
      return parseLockfile(`${ref}:${this.context.relative(this.config.lockfile)}`, text);
    } catch (error) {
      if (error instanceof InputError) {
        throw new InputError(
          'BASELINE_UNAVAILABLE',
          this.config.lockfile,
          `The baseline lockfile at ${ref} cannot be trusted: ${error.message}`,
          `Fix the lockfile on ${ref} first (\`git show ${ref}:${this.context.relative(this.config.lockfile)}\` shows it), or compare against another ref.`,
        );
      }
      throw error;
    }
  }

  /** Reads the source and the lockfile (and the baseline, if asked) and judges them by every law. */
  inspect(options: InspectOptions = {}): RegistryState {
    const lock = this.lockfile(options.revalidate ?? true);
    const baseline = options.against === undefined ? undefined : { ref: options.against, lock: this.baselineLockfile(options.against) };
    const source = this.workspace.analyze(options);
    const findings = judge({ source, lock, ...(baseline ? { baseline } : {}), context: this.context });
    return { source, lock, ...(baseline ? { baseline } : {}), findings };
  }
}
