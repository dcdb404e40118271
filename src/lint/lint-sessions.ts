import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../source/config.js';
import { finding, type Finding } from '../core/findings.js';
import { noteFileSystem } from '../support/probe.js';
import { BurstClock, DEFAULT_IDLE_MS } from './burst.js';
import { registriesInReach } from './registries-in-reach.js';
import { LintSession, type FileReport } from './session.js';

/** The key of the plugin's entry in ESLint `settings`. */
const SETTINGS_KEY = 'role-registry';

export interface LintRequest {
  /** The file on disk being linted (ESLint's `physicalFilename`). */
  readonly file: string;
  /** The text being linted: the editor's buffer, or the file as ESLint read it. */
  readonly text: string;
  /** True for a block a processor extracted from the file (e.g. code in Markdown): not the file's text. */
  readonly virtual: boolean;
  /** ESLint `settings` of this file. */
  readonly settings: unknown;
  /** One object per lint of a file, shared by all rules of that lint (ESLint's SourceCode). */
  readonly pass: object;
}

const EMPTY: FileReport = { findings: [], names: undefined, declarations: [], root: undefined };

/**
 * The process-wide entry of the lint engine: one LintSession per role-registry config file, one
 * burst clock, one answer per lint of a file however many rules ask.
 */
class LintSessions {
  private readonly sessions = new Map<string, LintSession>();
  private readonly clock = new BurstClock();
  private readonly reports = new WeakMap<object, FileReport>();
  private lookupBurst = -1;
  private readonly lookups = new Map<string, string | undefined>();
  private readonly reportedProblems = new Map<string, number>();

  reportFor(request: LintRequest): FileReport {
    const known = this.reports.get(request.pass);
    if (known) return known;
    const located = this.locate(request);
    let report: FileReport;
    if (located === undefined) report = EMPTY;
    else if ('session' in located)
      report = located.session.report(located.file, request.text, located.burst, this.clock.startedBy === 'relint');
    else if (this.reportedProblems.get(located.problem.message) === located.burst) report = EMPTY;
    else {
      // Reported once per burst, in the first file that met it, so a run says it once.
      this.reportedProblems.set(located.problem.message, located.burst);
      report = { findings: [located.problem], names: undefined, declarations: [], root: undefined };
    }
    this.reports.set(request.pass, report);
    this.clock.settle();
    return report;
  }

  /** For the lockfile rule: findings of `codes` about the lockfile being linted (undefined if it is no config's lockfile). */
  lockfileFindingsFor(request: LintRequest, codes: ReadonlySet<string>): readonly Finding[] | undefined {
    const located = this.locate(request);
    const findings =
      located && 'session' in located ? located.session.lockfileFindings(located.file, request.text, located.burst, codes) : undefined;
    this.clock.settle();
    return findings;
  }

  /** See registryStateKey. */
  stateKey(ownSettings: unknown): string {
    const settings = readSettings({ [SETTINGS_KEY]: ownSettings });
    // A problem with the settings is in the settings themselves, which ESLint's key already holds.
    if ('problem' in settings) return '';
    const configFiles = settings.configFile !== undefined ? [settings.configFile] : registriesInReach(process.cwd());
    const digest = createHash('sha256');
    for (const configFile of configFiles) digest.update(JSON.stringify([configFile, this.sessionFor(configFile).stateKey()]));
    return digest.digest('hex');
  }

  private sessionFor(configFile: string): LintSession {
    let session = this.sessions.get(configFile);
    if (!session) {
      session = new LintSession(configFile);
      this.sessions.set(configFile, session);
    }
    return session;
  }

  /** The session a lint belongs to, the problem that stops it, or undefined for a text that is no file. */
  private locate(
    request: LintRequest,
  ): { session: LintSession; file: string; burst: number } | { problem: Finding; burst: number } | undefined {
    if (request.virtual || !path.isAbsolute(request.file)) return undefined;
    const file = path.resolve(request.file);
    const settings = readSettings(request.settings);
    const burst = this.clock.enter(file, 'problem' in settings ? DEFAULT_IDLE_MS : settings.revalidateAfterIdleMs);
    const located =
      'problem' in settings
        ? settings
        : settings.configFile !== undefined
          ? { configFile: settings.configFile }
          : this.lookUpConfig(file, burst);
    if (!located) return undefined;
    if ('problem' in located) return { problem: located.problem, burst };
    return { session: this.sessionFor(located.configFile), file, burst };
  }

  /**
   * The config of the registry a file belongs to, or undefined for a file outside every registry:
   * one ESLint config at a monorepo's root lints every package, and a file no registry covers has
   * nothing to report (a registry's own problems still show in its files).
   */
  private lookUpConfig(file: string, burst: number): { configFile: string } | undefined {
    if (burst !== this.lookupBurst) {
      this.lookupBurst = burst;
      this.lookups.clear();
    }
    const found = this.lookUp(path.dirname(file));
    return found === undefined ? undefined : { configFile: found };
  }

  /** Finds the config from a directory upward, remembering every directory on the way for the burst. */
  private lookUp(directory: string): string | undefined {
    const visited: string[] = [];
    let current = directory;
    let found: string | undefined;
    for (;;) {
      if (this.lookups.has(current)) {
        found = this.lookups.get(current);
        break;
      }
      visited.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      noteFileSystem('exists', candidate);
      if (existsSync(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    for (const directoryOnTheWay of visited) this.lookups.set(directoryOnTheWay, found);
    return found;
  }
}

/** What `settings['role-registry']` may say (docs/eslint.md#settings). */
interface LintSettings {
  /** The role-registry config, as an absolute path; undefined to find it from each linted file upward. */
  readonly configFile: string | undefined;
  /** A lint call after this many milliseconds without one re-reads the disk (see burst.ts). */
  readonly revalidateAfterIdleMs: number;
}

const SETTING_KEYS = ['configFile', 'revalidateAfterIdleMs'];
/** The method the plugin's configs put in the settings so that ESLint's cache key holds the registry state. */
const KEY_METHOD = 'toJSON';

function readSettings(settings: unknown): LintSettings | { problem: Finding } {
  const own = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SETTINGS_KEY] : undefined;
  if (own === undefined) return { configFile: undefined, revalidateAfterIdleMs: DEFAULT_IDLE_MS };
  const problem = (message: string): { problem: Finding } => ({
    problem: finding('CONFIG_INVALID', {
      message: `settings['${SETTINGS_KEY}'] in the ESLint config ${message}`,
      hint: `Write settings: { '${SETTINGS_KEY}': { configFile: path.join(import.meta.dirname, '${CONFIG_FILE_NAME}') } }, or leave it out to find ${CONFIG_FILE_NAME} from each linted file upward.`,
      subject: {},
    }),
  });
  if (typeof own !== 'object' || own === null || Array.isArray(own)) return problem('must be an object.');
  for (const key of Object.keys(own))
    if (!SETTING_KEYS.includes(key) && !(key === KEY_METHOD && typeof (own as Record<string, unknown>)[key] === 'function'))
      return problem(`has an unknown key ${JSON.stringify(key)} (known: ${SETTING_KEYS.join(', ')}).`);
  const { configFile, revalidateAfterIdleMs = DEFAULT_IDLE_MS } = own as Record<string, unknown>;
  if (configFile !== undefined && (typeof configFile !== 'string' || !path.isAbsolute(configFile))) {
    return problem(
      `has configFile ${JSON.stringify(configFile)}, which is not an absolute path (ESLint's working directory is not a reliable base).`,
    );
  }
  if (typeof revalidateAfterIdleMs !== 'number' || !(revalidateAfterIdleMs >= 0)) {
    return problem(`has revalidateAfterIdleMs ${JSON.stringify(revalidateAfterIdleMs)}, which is not a number of milliseconds ≥ 0.`);
  }
  return { configFile: configFile === undefined ? undefined : path.resolve(configFile), revalidateAfterIdleMs };
}

/*
 * One instance per process: every rule of every lint shares it, whichever copy of the plugin module
 * ESLint loaded (an ESM import and a require() of the same file are one module on Node ≥ 20.19).
 */
const LINT_SESSIONS = new LintSessions();

/** What the rules report for one lint of one file. */
export function reportFor(request: LintRequest): FileReport {
  return LINT_SESSIONS.reportFor(request);
}

/**
 * A digest of the state of every registry a lint under these `settings['role-registry']` can report
 * from (the configured one, else every config in reach of the working directory): equal digests,
 * equal reports for every unchanged file. ESLint's `--cache` keys each file's results with it.
 */
export function registryStateKey(ownSettings: unknown): string {
  return LINT_SESSIONS.stateKey(ownSettings);
}

/** What the lockfile rule reports for one lint of a lockfile: findings about its entries. */
export function lockfileFindingsFor(request: LintRequest, codes: ReadonlySet<string>): readonly Finding[] | undefined {
  return LINT_SESSIONS.lockfileFindingsFor(request, codes);
}
