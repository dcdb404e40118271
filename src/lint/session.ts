import { createHash } from 'node:crypto';
import { withoutBom } from '../support/bom.js';
import { linkOnLockfilePath, parseConfig, readConfigText } from '../source/config.js';
import { mayHaveChanged, stampOf, type FileStamp } from '../support/file-stamp.js';
import type { Finding } from '../core/findings.js';
import { InputError } from '../core/input-error.js';
import type { DeclaredRole, SourceSpan } from '../core/model.js';
import { noteFileSystem, noteSweep } from '../support/probe.js';
import { displayFromFor, Registry, type RegistryState } from '../project/registry.js';
import { findingsByHome } from './home.js';
import { registryFileMatcher } from './registry-file-matcher.js';
import { roleNames, type RoleNameStatus } from './role-names.js';

/** What one lint of one file gets from its session. */
export interface FileReport {
  /** The findings whose home is this file (see home.ts), in the engine's order. */
  readonly findings: readonly Finding[];
  /** Aliases and deprecated ids, for rules that check references; undefined while the registry is unreadable. */
  readonly names: ReadonlyMap<string, RoleNameStatus> | undefined;
  /** The `defineRole(...)` calls of this file: declarations, which reference rules leave to the registry rules. */
  readonly declarations: readonly SourceSpan[];
  /** Where messages name other files from (where ESLint runs, see displayFromFor); undefined without a config. */
  readonly root: string | undefined;
}

/** One judged state of the registry, with what the lint rules ask of it, computed once. */
class Analysis {
  readonly registryFiles: ReadonlySet<string>;
  private readonly byHome: ReadonlyMap<string, readonly Finding[]>;
  private namesMemo: ReadonlyMap<string, RoleNameStatus> | undefined;
  private keyMemo: string | undefined;
  private declarationsMemo: ReadonlyMap<string, readonly SourceSpan[]> | undefined;

  constructor(
    readonly state: RegistryState,
    readonly root: string,
    /** Where messages name other files from (Registry.displayFrom). */
    private readonly displayFrom: string,
    lastSeen: ReadonlyMap<string, string>,
  ) {
    this.registryFiles = new Set(state.source.files);
    this.byHome = findingsByHome(state.findings, {
      root,
      registryFiles: state.source.files,
      unparseableFiles: state.source.unparseableFiles,
      lastSeen,
    });
  }

  report(file: string, extra: readonly Finding[]): FileReport {
    const own = this.byHome.get(file) ?? [];
    return {
      findings: extra.length === 0 ? own : [...extra, ...own],
      names: this.names(),
      declarations: this.declarationsIn(file),
      root: this.displayFrom,
    };
  }

  /**
   * A digest of everything a lint of an unchanged file can get from this state: the findings with
   * their homes, the registry files, the names reference rules check. Equal keys, equal reports.
   */
  key(): string {
    this.keyMemo ??= createHash('sha256')
      .update(
        JSON.stringify({
          root: this.root,
          registryFiles: this.state.source.files,
          findings: this.state.findings,
          byHome: [...this.byHome],
          names: [...this.names()],
        }),
      )
      .digest('hex');
    return this.keyMemo;
  }

  private names(): ReadonlyMap<string, RoleNameStatus> {
    this.namesMemo ??= roleNames(this.state.source.roles, this.state.lock, this.state.source.roleGroups);
    return this.namesMemo;
  }

  private declarationsIn(file: string): readonly SourceSpan[] {
    this.declarationsMemo ??= declarationsByFile(this.state.source.roleGroups ?? [this.state.source.roles]);
    return this.declarationsMemo.get(file) ?? [];
  }
}

const declarationsByGroup = new WeakMap<readonly DeclaredRole[], ReadonlyMap<string, readonly SourceSpan[]>>();

/**
 * The `defineRole(...)` calls by the file they are in (in declaration order). Indexed per group of
 * roles, whose arrays stay the same for unchanged files: a re-lint indexes the edited file only,
 * and a whole `eslint` run builds the index once, not once per linted file.
 */
function declarationsByFile(groups: readonly (readonly DeclaredRole[])[]): ReadonlyMap<string, readonly SourceSpan[]> {
  const byFile = new Map<string, readonly SourceSpan[]>();
  for (const group of groups) {
    for (const [file, spans] of groupDeclarations(group)) {
      const earlier = byFile.get(file);
      byFile.set(file, earlier ? [...earlier, ...spans] : spans);
    }
  }
  return byFile;
}

function groupDeclarations(roles: readonly DeclaredRole[]): ReadonlyMap<string, readonly SourceSpan[]> {
  const known = declarationsByGroup.get(roles);
  if (known) return known;
  const byFile = new Map<string, SourceSpan[]>();
  for (const role of roles) {
    const spans = byFile.get(role.span.file) ?? [];
    spans.push(role.span);
    byFile.set(role.span.file, spans);
  }
  declarationsByGroup.set(roles, byFile);
  return byFile;
}

/**
 * The registry as one lint process sees it, for one role-registry config file. All rules share it.
 *
 * Each burst (see burst.ts) starts with a sweep: the config, the lockfile and every known file are
 * checked against the disk and the globs re-run; extraction is cached by content, so a sweep
 * re-extracts only what changed. Within a burst:
 *
 * - a file whose text equals its text on disk (the CLI case) is answered from the swept state, with
 *   no I/O and no re-judging;
 * - a file whose text differs (an editor's unsaved buffer) is judged once with that text in place
 *   of the file, every other file as on disk; the result is kept for repeated lints of that text;
 * - a file the globs match but the sweep did not find (created since) triggers another sweep.
 *
 * Problems of the config or lockfile are reported once per burst, in the file whose lint found them.
 */
export class LintSession {
  private registry: Registry | undefined;
  private matcher: ((file: string) => boolean) | undefined;
  private configStamp: FileStamp | undefined;
  private configText: string | undefined;
  private burst = -1;
  private failure: { readonly finding: Finding; readonly home: string } | undefined;
  private diskAnalysis: Analysis | undefined;
  private readonly bufferAnalyses = new Map<string, { readonly text: string; readonly analysis: Analysis }>();
  private readonly resweptFor = new Set<string>();
  /** Role id → the file this session last saw declare it (see homeOf). */
  private readonly lastSeen = new Map<string, string>();

  constructor(readonly configFile: string) {}

  report(file: string, rawText: string, burst: number, startedByRelint = false): FileReport {
    const text = withoutBom(rawText);
    if (startedByRelint && this.isOutsideRegistry(file)) {
      // Re-linting a file the registry does not read (code that only refers to roles) cannot change
      // any finding: it keeps the last sweep's view, and leaves the new burst to the next registry file.
      return this.analysisFor(file, text).report(file, []);
    }
    this.begin(file, text, burst);
    const failure = this.failure;
    if (failure)
      return {
        findings: failure.home === file ? [failure.finding] : [],
        names: undefined,
        declarations: [],
        root: this.registry?.displayFrom,
      };
    try {
      return this.analysisFor(file, text).report(file, []);
    } catch (error) {
      // The disk changed under the burst in a way that makes the registry unreadable.
      const finding = inputProblem(error);
      this.failure = { finding, home: file };
      return { findings: [finding], names: undefined, declarations: [], root: this.registry?.displayFrom };
    }
  }

  /**
   * The key of the registry's state as the disk stands now (see Analysis.key), or of the problem
   * that makes it unreadable. The next lint starts its own burst, so it reports as if this call had
   * not happened.
   */
  stateKey(): string {
    this.burst = -1;
    this.failure = undefined;
    this.diskAnalysis = undefined;
    this.bufferAnalyses.clear();
    try {
      this.diskAnalysis = this.inspect(this.currentRegistry(), undefined, undefined, true);
      return this.diskAnalysis.key();
    } catch (error) {
      return JSON.stringify(inputProblem(error));
    }
  }

  /**
   * For the lockfile rule: when `file` is this config's lockfile, the findings about its entries (as
   * the disk stands in this burst), or the problem that makes it unreadable.
   */
  lockfileFindings(file: string, rawText: string, burst: number, codes: ReadonlySet<string>): readonly Finding[] | undefined {
    this.begin(file, withoutBom(rawText), burst);
    const registry = this.registry;
    if (!registry || registry.config.lockfile !== file) return undefined;
    if (this.failure) return this.failure.finding.inputFile === file ? [this.failure.finding] : [];
    try {
      this.diskAnalysis ??= this.inspect(registry, undefined, undefined, false);
    } catch (error) {
      return [inputProblem(error)];
    }
    return this.diskAnalysis.state.findings.filter((f) => codes.has(f.code));
  }

  /** Starts a burst (a sweep) when this lint belongs to a new one, or when it meets a registry file the sweep missed. */
  private begin(file: string, text: string, burst: number): void {
    if (burst !== this.burst) {
      this.burst = burst;
      this.resweptFor.clear();
      this.sweep(file, text);
    } else if (this.isUnsweptRegistryFile(file)) {
      this.resweptFor.add(file);
      this.sweep(file, text);
    }
  }

  /** Neither a registry file nor a file a registry file reads, as far as the last sweep knows. */
  private isOutsideRegistry(file: string): boolean {
    return (
      this.registry !== undefined &&
      this.failure === undefined &&
      this.burst !== -1 &&
      this.registry.workspace.peek(file) === undefined &&
      !this.matcher?.(file)
    );
  }

  private isUnsweptRegistryFile(file: string): boolean {
    if (!this.matcher || this.resweptFor.has(file)) return false;
    const known = this.diskAnalysis ?? this.bufferAnalyses.values().next().value?.analysis;
    return known !== undefined && this.matcher(file) && !known.registryFiles.has(file);
  }

  private sweep(file: string, text: string): void {
    noteSweep(this.configFile);
    const previousFailure = this.failure;
    this.failure = undefined;
    this.diskAnalysis = undefined;
    this.bufferAnalyses.clear();
    try {
      const registry = this.currentRegistry();
      if (registry.workspace.peek(file) === undefined) {
        // First sight of this file: judge the disk as it is. Most lints (the CLI) lint the text on
        // disk; analysisFor() judges a different buffer on its own.
        this.diskAnalysis = this.inspect(registry, undefined, undefined, true);
        return;
      }
      const analysis = this.inspect(registry, file, text, true);
      const held = registry.workspace.peek(file);
      if (held === undefined || held.fromDisk) this.diskAnalysis = analysis;
      else this.bufferAnalyses.set(file, { text, analysis });
    } catch (error) {
      const finding = inputProblem(error);
      const same = previousFailure && previousFailure.finding.message === finding.message && this.resweptFor.has(file);
      this.failure = { finding, home: same ? previousFailure.home : file };
    }
  }

  /**
   * The Registry for the config as it is on disk now. The config is re-read when its stamp says it
   * may have changed (see file-stamp.ts), and the Registry (with its caches) rebuilt only when its
   * text did.
   */
  private currentRegistry(): Registry {
    const stamp = stampOf(this.configFile);
    if (this.registry && !mayHaveChanged(this.configStamp, stamp)) return this.registry;
    const previous = { registry: this.registry, matcher: this.matcher };
    this.registry = undefined;
    this.matcher = undefined;
    noteFileSystem('read', this.configFile);
    const text = readConfigText(this.configFile);
    if (previous.registry && text === this.configText) {
      this.registry = previous.registry;
      this.matcher = previous.matcher;
    } else {
      const config = parseConfig(this.configFile, text, { linkOnLockfilePath });
      this.registry = new Registry(config, displayFromFor(config.root));
      this.matcher = registryFileMatcher(config);
      this.configText = text;
    }
    this.configStamp = stamp;
    return this.registry;
  }

  private analysisFor(file: string, text: string): Analysis {
    const registry = this.registry!;
    const held = registry.workspace.peek(file);
    if (held === undefined || (held.fromDisk && held.text === text)) {
      this.diskAnalysis ??= this.inspect(registry, undefined, undefined, false);
      return this.diskAnalysis;
    }
    const known = this.bufferAnalyses.get(file);
    if (known?.text === text) return known.analysis;
    const analysis = this.inspect(registry, file, text, false);
    this.bufferAnalyses.set(file, { text, analysis });
    return analysis;
  }

  private inspect(registry: Registry, file: string | undefined, text: string | undefined, revalidate: boolean): Analysis {
    const overrides = file === undefined || text === undefined ? undefined : new Map([[file, text]]);
    // A drift's diff is worked out only when there is a drift; its locked surface is remembered by hash.
    const state = registry.inspect({ revalidate, explainDrift: true, ...(overrides ? { overrides } : {}) });
    for (const role of state.source.roles) this.lastSeen.set(role.roleId, role.span.file);
    return new Analysis(state, registry.config.root, registry.displayFrom, this.lastSeen);
  }
}

function inputProblem(error: unknown): Finding {
  if (error instanceof InputError) return error.finding;
  throw error;
}
