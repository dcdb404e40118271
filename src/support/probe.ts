/**
 * The engine's one instrumentation hook: it reports every extraction, every evaluation of a registry
 * file and every file-system check it makes, so tests and benchmarks can prove cost bounds (one
 * extraction per changed file, re-evaluation of the files that read it only, O(N) checks per lint
 * run) by counting instead of timing. Nothing is reported unless a probe is installed.
 */

export type FileSystemCheck = 'stat' | 'read' | 'glob' | 'realpath' | 'exists';

export interface EngineProbe {
  /** One file parsed and its facts extracted (a miss of the content cache). */
  extraction?(file: string): void;
  /** One registry file's roles read from facts (a miss of the role cache: the file or a file it reads changed). */
  evaluation?(file: string): void;
  /** One file-system call (a glob counts once, however many directories it reads). */
  fileSystem?(check: FileSystemCheck, target: string): void;
  /** One revalidation of a lint session against the disk (see docs/eslint.md). */
  sweep?(configFile: string): void;
}

/*
 * The probe lives on globalThis under a registered symbol, not in a module variable: ESLint loads the
 * plugin (and with it this module) through its own import of the config file, while a test or a
 * benchmark may load another copy of the engine; both must see one probe.
 */
const PROBE_KEY = Symbol.for('role-registry.engine-probe');

type ProbeHolder = { [PROBE_KEY]?: EngineProbe };

export function installEngineProbe(probe: EngineProbe | undefined): void {
  (globalThis as ProbeHolder)[PROBE_KEY] = probe;
}

function current(): EngineProbe | undefined {
  return (globalThis as ProbeHolder)[PROBE_KEY];
}

export function noteExtraction(file: string): void {
  current()?.extraction?.(file);
}

export function noteEvaluation(file: string): void {
  current()?.evaluation?.(file);
}

export function noteFileSystem(check: FileSystemCheck, target: string): void {
  current()?.fileSystem?.(check, target);
}

export function noteSweep(configFile: string): void {
  current()?.sweep?.(configFile);
}
