import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../config.js';
import { finding, type Finding } from '../findings.js';
import { noteFileSystem } from '../probe.js';
import { BurstClock } from './burst.js';
import { LintSession, type FileReport } from './session.js';

/** The key of the plugin's entry in ESLint `settings`. */
export const SETTINGS_KEY = 'role-registry';

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
    const report = this.compute(request);
    this.reports.set(request.pass, report);
    this.clock.settle();
    return report;
  }

  private compute(request: LintRequest): FileReport {
    if (request.virtual || !path.isAbsolute(request.file)) return EMPTY;
    const file = path.resolve(request.file);
    const burst = this.clock.enter(file);
    const located = this.configFileFor(file, request.settings, burst);
    if ('problem' in located) {
      // Reported once per burst, in the first file that met it, so a run says it once.
      const key = located.problem.message;
      if (this.reportedProblems.get(key) === burst) return EMPTY;
      this.reportedProblems.set(key, burst);
      return { findings: [located.problem], names: undefined, declarations: [], root: undefined };
    }
    let session = this.sessions.get(located.configFile);
    if (!session) {
      session = new LintSession(located.configFile);
      this.sessions.set(located.configFile, session);
    }
    return session.report(file, request.text, burst);
  }

  private configFileFor(file: string, settings: unknown, burst: number): { configFile: string } | { problem: Finding } {
    const configured = configFileSetting(settings);
    if (configured !== undefined) return configured;
    if (burst !== this.lookupBurst) {
      this.lookupBurst = burst;
      this.lookups.clear();
    }
    const directory = path.dirname(file);
    const found = this.lookUp(directory);
    if (found !== undefined) return { configFile: found };
    return {
      problem: finding('CONFIG_INVALID', {
        message: `No ${CONFIG_FILE_NAME} in ${directory} or any parent directory, so role-registry cannot check ${file}.`,
        hint: `Run \`role-registry init\` at the project root, point settings['${SETTINGS_KEY}'].configFile at the config, or apply the role-registry rules only to the files of a project that has one.`,
        subject: {},
        inputFile: path.join(directory, CONFIG_FILE_NAME),
      }),
    };
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

/** settings['role-registry'].configFile: an absolute path, or undefined to look the config up from the file. */
function configFileSetting(settings: unknown): { configFile: string } | { problem: Finding } | undefined {
  const own = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[SETTINGS_KEY] : undefined;
  if (own === undefined) return undefined;
  const problem = (message: string): { problem: Finding } => ({
    problem: finding('CONFIG_INVALID', {
      message: `settings['${SETTINGS_KEY}'] in the ESLint config ${message}`,
      hint: `Write settings: { '${SETTINGS_KEY}': { configFile: path.join(import.meta.dirname, '${CONFIG_FILE_NAME}') } }, or leave it out to find ${CONFIG_FILE_NAME} from each linted file upward.`,
      subject: {},
    }),
  });
  if (typeof own !== 'object' || own === null || Array.isArray(own)) return problem('must be an object.');
  for (const key of Object.keys(own)) if (key !== 'configFile') return problem(`has an unknown key ${JSON.stringify(key)} (known: configFile).`);
  const configFile = (own as Record<string, unknown>)['configFile'];
  if (configFile === undefined) return undefined;
  if (typeof configFile !== 'string' || !path.isAbsolute(configFile)) {
    return problem(`has configFile ${JSON.stringify(configFile)}, which is not an absolute path (ESLint's working directory is not a reliable base).`);
  }
  return { configFile: path.resolve(configFile) };
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
