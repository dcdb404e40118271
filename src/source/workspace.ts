import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { withoutBom } from '../support/bom.js';
import type { RegistryConfig } from './config.js';
import { SharedBindings, type ModuleGraph } from '../extract/evaluate.js';
import { factsOfText, type FileFacts, type ParseProblem } from '../extract/file-facts.js';
import { ModuleResolver } from '../extract/module-resolver.js';
import { readFileRoles, type FileRoles } from '../extract/roles.js';
import { spanFromRange } from '../support/spans.js';
import { mayHaveChanged, MISSING_STAMP, stampOf } from '../support/file-stamp.js';
import { compareFindings, finding, type Finding } from '../core/findings.js';
import { compareCodeUnits } from '../canonical/hashing.js';
import { InputError } from '../core/input-error.js';
import type { DeclaredRole } from '../core/model.js';
import { portableRelative } from '../support/portable-path.js';
import { unrecordableNameReason } from './recordable-name.js';
import { noteEvaluation, noteExtraction, noteFileSystem } from '../support/probe.js';
import { decodeSource, type DecodedSource } from '../extract/source-text.js';

/** What the source declares, with the findings extraction made on the way. */
export interface SourceAnalysis {
  /** Registry files (absolute, sorted). */
  readonly files: readonly string[];
  readonly roles: readonly DeclaredRole[];
  /**
   * `roles` file by file (concatenated, they are `roles`). A file that did not change keeps the same
   * array from one analysis to the next: laws remember their verdicts on it (see law/role-groups.ts).
   */
  readonly roleGroups?: readonly (readonly DeclaredRole[])[];
  readonly findings: readonly Finding[];
  /** Files whose roles are unknown because they do not parse. */
  readonly unparseableFiles: ReadonlySet<string>;
  /**
   * Files where some role's id is unknown: they do not parse, or a `defineRole` call's `role_id`
   * could not be read. A locked role last declared there is unknown, not removed.
   */
  readonly unknownRoleFiles: ReadonlySet<string>;
  /** Ids declared by a `defineRole` call but invalid (ROLE_ID_INVALID): declared, though not judged. */
  readonly invalidRoleIds: ReadonlySet<string>;
}

export interface AnalyzeOptions {
  /** Texts that replace files on disk (an editor's unsaved buffers). */
  readonly overrides?: ReadonlyMap<string, string>;
  /**
   * Check the disk for changes (stat every known file and re-run the include globs). Callers that
   * lint many files in one burst pass false after the first call: one sweep per burst keeps the
   * cost O(N) instead of O(N²).
   */
  readonly revalidate?: boolean;
}

interface FileEntry {
  readonly version: number;
  readonly stamp: string;
  readonly text: string;
  readonly facts: FileFacts;
}

interface FileResult extends FileRoles {
  /** Every file the evaluation read, with the version it read. */
  readonly dependencies: ReadonlyMap<string, number>;
  /** Every import it resolved, with the answer: a new or deleted file can change one. */
  readonly resolutions: ReadonlyMap<string, string>;
}

/** The stamp of an entry whose text is an override (an editor's buffer), not the file on disk. */
const OVERRIDE_STAMP = 'override';

/** Never registry files, whatever the globs say (exported so single-path matching agrees with the glob). */
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

/**
 * The imperative shell around extraction: reads files, caches facts by content and role results by
 * the versions of every file they depend on, so one edited file means one re-extraction.
 */
export class RegistryWorkspace {
  private readonly entries = new Map<string, FileEntry | null>();
  private readonly results = new Map<string, FileResult>();
  private readonly resolver: ModuleResolver;
  private files: string[] | undefined;
  private nextVersion = 1;
  private readonly realRoot: string;

  constructor(
    readonly config: RegistryConfig,
    /** Where messages name files from (see LawContext.display). */
    private readonly displayFrom = config.root,
  ) {
    this.resolver = new ModuleResolver(config.root, config.tsconfig, config.tsconfigNamedAt);
    this.realRoot = realpathSync.native(config.root);
  }

  /** The registry files matched by the config's globs. */
  listFiles(revalidate = true): readonly string[] {
    if (this.files && !revalidate) return this.files;
    noteFileSystem('glob', this.config.root);
    const matched = globSync([...this.config.include], {
      cwd: this.config.root,
      ignore: [...this.config.exclude, ...ALWAYS_IGNORED],
      absolute: true,
      onlyFiles: true,
      // Links are followed so that a linked file or directory is never silently skipped; each file
      // counts once (by its real path), and one whose real path leaves the root is an error.
      followSymbolicLinks: true,
      expandDirectories: false,
    });
    const files: string[] = [];
    const seen = new Set<string>();
    for (const file of matched.map((match) => path.resolve(match)).sort(compareCodeUnits)) {
      const real = this.assertInsideRoot(file);
      this.assertRecordableName(file);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push(file);
    }
    if (this.files && (this.files.length !== files.length || this.files.some((file, index) => file !== files[index]))) {
      this.resolver.reset();
    }
    this.files = files;
    return files;
  }

  /** Parses and extracts every registry file (from cache where nothing changed). */
  analyze(options: AnalyzeOptions = {}): SourceAnalysis {
    const revalidate = options.revalidate ?? true;
    const overrides = options.overrides ?? new Map<string, string>();
    // Files may have appeared or vanished since the last sweep: resolve imports afresh.
    if (revalidate) this.resolver.reset();
    const files = [...this.listFiles(revalidate)];
    for (const file of overrides.keys()) {
      if (!files.includes(file) && this.isRegistryFile(file)) files.push(file);
    }
    files.sort(compareCodeUnits);
    if (files.length === 0) {
      throw new InputError(
        'CONFIG_INVALID',
        this.config.configFile,
        `The include globs of ${this.config.configFile} match no files (include: ${JSON.stringify(this.config.include)}).`,
        'Point "include" at the files that declare roles, relative to the config file.',
      );
    }
    const checked = new Map<string, FileEntry | null>();
    const load = (file: string): FileEntry | null => {
      const known = checked.get(file);
      if (known !== undefined) return known;
      const entry = this.load(file, overrides.get(file), revalidate);
      checked.set(file, entry);
      return entry;
    };

    const roles: DeclaredRole[] = [];
    const roleGroups: (readonly DeclaredRole[])[] = [];
    const findings: Finding[] = [];
    const unparseableFiles = new Set<string>();
    const unknownRoleFiles = new Set<string>();
    const invalidRoleIds = new Set<string>();
    const reportedUnparseable = new Set<string>();
    const reportUnparseable = (entry: FileEntry): void => {
      if (reportedUnparseable.has(entry.facts.file)) return;
      reportedUnparseable.add(entry.facts.file);
      const first = entry.facts.parseProblems[0]!;
      const span = spanFromRange(entry.facts.file, entry.facts.lineStarts, first.range);
      findings.push(
        finding('SOURCE_UNPARSEABLE', {
          message: first.encoding
            ? `${this.displayName(entry.facts.file)} cannot be read as text: ${first.message}`
            : `${this.displayName(entry.facts.file)} does not parse as TypeScript: ${first.message}`,
          hint: first.encoding
            ? 'Save the file as UTF-8 and check the text at this place; until then the roles of this file are unknown and are not judged.'
            : 'Fix the syntax error; until then the roles of this file are unknown and are not judged.',
          subject: {},
          span,
        }),
      );
    };

    // A write into a shared schema is found by every registry file that reads it: reported once.
    const reportedAt = new Set<string>();
    const isNewFinding = (found: Finding): boolean => {
      if (!found.span) return true;
      const key = `${found.code}\0${found.span.file}\0${found.span.line}\0${found.span.column}\0${found.message}\0${JSON.stringify(found.subject)}`;
      if (reportedAt.has(key)) return false;
      reportedAt.add(key);
      return true;
    };
    // Within one analysis every file keeps one version: files evaluated here share constants' values.
    const shared = new SharedBindings();
    for (const file of files) {
      const entry = load(file);
      if (!entry) continue;
      if (entry.facts.parseProblems.length > 0) {
        unparseableFiles.add(file);
        unknownRoleFiles.add(file);
        reportUnparseable(entry);
        continue;
      }
      const result = this.fileResult(file, load, reportUnparseable, shared);
      roles.push(...result.roles);
      if (result.roles.length > 0) roleGroups.push(result.roles);
      for (const found of result.findings) if (isNewFinding(found)) findings.push(found);
      if (result.hasUnknownRole) unknownRoleFiles.add(file);
      for (const roleId of result.invalidRoleIds) invalidRoleIds.add(roleId);
    }
    for (const [file, entry] of checked)
      if (entry && entry.facts.parseProblems.length > 0 && !unparseableFiles.has(file)) reportUnparseable(entry);
    return { files, roles, roleGroups, findings: findings.sort(compareFindings), unparseableFiles, unknownRoleFiles, invalidRoleIds };
  }

  /**
   * What the workspace holds for a file, without any I/O: undefined when no analysis read it,
   * `text: undefined` when it was read as missing. `fromDisk` is false for an override (a buffer).
   */
  peek(file: string): { readonly text: string | undefined; readonly fromDisk: boolean } | undefined {
    const entry = this.entries.get(file);
    if (entry === undefined) return undefined;
    if (entry === null) return { text: undefined, fromDisk: true };
    return { text: entry.text, fromDisk: entry.stamp !== OVERRIDE_STAMP };
  }

  /**
   * Every file the analyses so far read (absolute, sorted): registry files, the sources their
   * imports reached (shared schemas in other packages included), the tsconfig chain and the
   * package.json files module resolution read. What a build cache must key a check on, and what a
   * watching bundler must watch. Unsaved editor buffers are not files read.
   */
  filesRead(): readonly string[] {
    const sources = [...this.entries].filter(([, entry]) => entry !== null && entry.stamp !== OVERRIDE_STAMP).map(([file]) => file);
    return [...new Set([...sources, ...this.resolver.configurationFiles()])].sort(compareCodeUnits);
  }

  isRegistryFile(file: string): boolean {
    return (this.files ?? this.listFiles(false)).includes(file);
  }

  /**
   * The module graph over the files as the workspace holds them (read from disk on first sight, not
   * revalidated): for tools that evaluate declarations again after an analysis, e.g. codemods.
   */
  moduleGraph(): ModuleGraph {
    return {
      factsOf: (file) => {
        const entry = this.load(file, undefined, false);
        return entry && entry.facts.parseProblems.length === 0 ? entry.facts : undefined;
      },
      resolveImport: (specifier, fromFile) => this.resolver.resolve(specifier, fromFile),
      displayName: (file) => this.displayName(file),
    };
  }

  private displayName(file: string): string {
    return portableRelative(this.displayFrom, file);
  }

  private fileResult(
    file: string,
    load: (file: string) => FileEntry | null,
    reportUnparseable: (entry: FileEntry) => void,
    shared: SharedBindings,
  ): FileResult {
    const cached = this.results.get(file);
    if (
      cached &&
      [...cached.dependencies].every(([dependency, version]) => (load(dependency)?.version ?? 0) === version) &&
      [...cached.resolutions].every(([key, answer]) => {
        const [specifier = '', fromFile = ''] = key.split('\0');
        return JSON.stringify(this.resolver.resolve(specifier, fromFile)) === answer;
      })
    ) {
      return cached;
    }
    noteEvaluation(file);
    const dependencies = new Map<string, number>();
    const resolutions = new Map<string, string>();
    const graph: ModuleGraph = {
      factsOf: (target) => {
        const entry = load(target);
        dependencies.set(target, entry?.version ?? 0);
        if (!entry) return undefined;
        if (entry.facts.parseProblems.length > 0) {
          reportUnparseable(entry);
          return undefined;
        }
        return entry.facts;
      },
      resolveImport: (specifier, fromFile) => {
        const answer = this.resolver.resolve(specifier, fromFile);
        const key = `${specifier}\0${fromFile}`;
        if (!resolutions.has(key)) resolutions.set(key, JSON.stringify(answer));
        return answer;
      },
      displayName: (target) => this.displayName(target),
    };
    const result: FileResult = { dependencies, resolutions, ...readFileRoles(graph.factsOf(file)!, graph, this.config.idPattern, shared) };
    this.results.set(file, result);
    return result;
  }

  private load(file: string, override: string | undefined, revalidate: boolean): FileEntry | null {
    const known = this.entries.get(file);
    if (override !== undefined) {
      const text = withoutBom(override);
      if (known && known.text === text) return known;
      return this.store(file, OVERRIDE_STAMP, text);
    }
    if (known !== undefined && !revalidate && known?.stamp !== OVERRIDE_STAMP) return known;
    const stamp = stampOf(file);
    if (stamp === MISSING_STAMP) {
      this.entries.set(file, null);
      return null;
    }
    if (known && !mayHaveChanged(known.stamp, stamp)) return known;
    let decoded: DecodedSource;
    noteFileSystem('read', file);
    try {
      decoded = decodeSource(readFileSync(file));
    } catch {
      this.entries.set(file, null);
      return null;
    }
    const { text } = decoded;
    // A racy file (see file-stamp.ts) is read at every check, but extracted again only when its text changed.
    if (known && known.text === text) {
      const refreshed = { ...known, stamp };
      this.entries.set(file, refreshed);
      return refreshed;
    }
    return this.store(file, stamp, text, decoded.problem);
  }

  private store(file: string, stamp: string, text: string, encodingProblem?: ParseProblem): FileEntry {
    noteExtraction(file);
    const parsed = factsOfText(file, text);
    // A file whose bytes are not the text it shows is unknown, like one that does not parse.
    const facts = encodingProblem ? { ...parsed, parseProblems: [encodingProblem] } : parsed;
    const entry: FileEntry = { version: this.nextVersion++, stamp, text, facts };
    this.entries.set(file, entry);
    return entry;
  }

  /** A registry file's name must round-trip through the lockfile's `declaredIn`. */
  private assertRecordableName(file: string): void {
    const name = portableRelative(this.config.root, file);
    const reason = unrecordableNameReason(name);
    if (reason === undefined) return;
    throw new InputError(
      'CONFIG_INVALID',
      this.config.configFile,
      `${JSON.stringify(name)} is matched by the include globs, but its name holds ${reason}.`,
      'Rename the file, or exclude it from the include globs.',
    );
  }

  /** The file's real path, after checking that it stays inside the project root. */
  private assertInsideRoot(file: string): string {
    let real: string;
    noteFileSystem('realpath', file);
    try {
      real = realpathSync.native(file);
    } catch {
      return file;
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      throw new InputError(
        'CONFIG_INVALID',
        this.config.configFile,
        `${file} is matched by the include globs but is a link to ${real}, outside the project root ${this.config.root}.`,
        'Registry files must live inside the project; copy the file in or exclude the link.',
      );
    }
    return real;
  }
}
