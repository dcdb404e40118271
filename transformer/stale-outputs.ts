/**
 * Outputs an incremental or watch build keeps with an old registry hash. TypeScript re-emits a
 * file only when its source (or its type dependencies) changes, and the lockfile is neither: after
 * `role-registry lock`, the output of a file that imports `role-registry/provenance` keeps the old
 * value until that file changes. Under ts-patch the transformer sees the whole program before it
 * emits, so it can name such an output instead of only warning that one might exist.
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type ts from 'typescript';
import { portableRelative } from '../src/support/portable-path.js';
import { registryHashesIn } from '../src/provenance/attestation.js';
import type { ResolvedOptions } from './options.js';
import { readingFor } from './reader.js';
import { createReporter, DIAGNOSTIC_CODES } from './reporter.js';
import { findProvenanceSites } from './rewrite-imports.js';

export type BuildMode = 'incremental' | 'watch';

/** Whether TypeScript may skip re-emitting an unchanged file in this build. */
export function buildMode(options: ts.CompilerOptions): BuildMode | undefined {
  if (options.watch) return 'watch';
  if (options.incremental || options.composite) return 'incremental';
  return undefined;
}

interface StaleOutput {
  readonly sourceFile: ts.SourceFile;
  /** The provenance import in it (where the diagnostic points). */
  readonly site: ts.Node;
  readonly output: string;
  /** The registry hashes the output embeds that are not the lockfile's. */
  readonly embedded: readonly string[];
  readonly current: string;
}

/** The subset of the compiler API this needs: ts-patch hands the host's own `ts` to transformers. */
export type CompilerApi = Pick<typeof ts, 'getOutputFileNames' | 'getTsBuildInfoEmitOutputFilePath' | 'factory' | 'sys'>;

/**
 * The program's files that import the provenance value and whose output on disk embeds another
 * registry hash than their lockfile's while the source is older than that output, so that this
 * build will not re-emit them (a changed source is re-emitted, and then gets the new value).
 */
function findStaleOutputs(program: ts.Program, api: CompilerApi, configFile?: string): StaleOutput[] {
  const options = program.getCompilerOptions();
  if (!buildMode(options)) return [];
  const buildInfo = options.watch ? undefined : api.getTsBuildInfoEmitOutputFilePath(options);
  if (buildInfo !== undefined && !existsSync(buildInfo)) return []; // no build info: this build emits every file
  const commandLine = { options, fileNames: program.getRootFileNames() as string[], errors: [] } as unknown as ts.ParsedCommandLine;
  const stale: StaleOutput[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const sites = findProvenanceSites(sourceFile, api.factory);
    if (sites.length === 0) continue;
    const reading = readingFor(sourceFile.fileName, configFile);
    if (!reading.provenance) continue; // reported when the file is transformed
    const current = reading.provenance.registryHash;
    for (const output of api.getOutputFileNames(commandLine, sourceFile.fileName, !api.sys.useCaseSensitiveFileNames)) {
      if (!/\.[cm]?js$/.test(output)) continue;
      const embedded = embeddedHashes(output, sourceFile.fileName);
      if (embedded === undefined) continue;
      const others = embedded.filter((hash) => hash !== current);
      if (others.length > 0) stale.push({ sourceFile, site: sites[0]!, output, embedded: others, current });
    }
  }
  return stale;
}

/** The hashes in `output`, when it exists and is not older than its source (else it will be re-emitted). */
function embeddedHashes(output: string, source: string): string[] | undefined {
  try {
    if (statSync(source).mtimeMs > statSync(output).mtimeMs) return undefined;
    return registryHashesIn(readFileSync(output, 'utf8'));
  } catch {
    return undefined; // no output yet: this build writes it
  }
}

/** What to do after a lock, per kind of build. */
export const MODE_REMEDY: Record<BuildMode, string> = {
  watch:
    'After locking, restart the watch (or save the file that imports it), or import the module written by `role-registry provenance --out <file>`, which changes when the lockfile does.',
  incremental:
    'After locking, rebuild without the cache (delete the .tsbuildinfo, or `tsc -b --force`), or import the module written by `role-registry provenance --out <file>`, which changes when the lockfile does.',
};

/**
 * Warns about stale outputs under ts-patch, where the transformer gets the program. It checks each
 * time the program emits (an incremental build after a lock emits the changed role files), and in
 * a watch build also when the lockfile changes: `tsc --watch` does not rebuild for the lockfile,
 * and `role-registry lock` usually lands after the rebuild its role edit triggered.
 */
export class StaleOutputWarner {
  private readonly warned = new Set<string>();
  private readonly watchers = new Map<string, FSWatcher>();
  /** The first program of a watch session emits every file: nothing can be stale yet. */
  private firstWatchProgram: ts.Program | undefined;
  private latest: { program: ts.Program; api: CompilerApi; options: ResolvedOptions } | undefined;

  onEmit(program: ts.Program, api: CompilerApi, options: ResolvedOptions): void {
    const mode = buildMode(program.getCompilerOptions());
    if (!mode) return;
    this.latest = { program, api, options };
    if (mode === 'watch') {
      this.firstWatchProgram ??= program;
      this.watchLockfiles(program, api, options.configFile);
      if (program === this.firstWatchProgram) return;
    }
    this.check();
  }

  private check(): void {
    if (!this.latest) return;
    const { program, api, options } = this.latest;
    const mode = buildMode(program.getCompilerOptions())!;
    const reporter = createReporter(undefined, options.onWarning);
    for (const stale of findStaleOutputs(program, api, options.configFile)) {
      const key = `${stale.output}\0${stale.embedded.join(',')}\0${stale.current}`;
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      const source = shown(stale.sourceFile.fileName);
      reporter.report(
        'warning',
        DIAGNOSTIC_CODES.staleOutputRisk,
        `role-registry: ${shown(stale.output)} embeds registry hash ${stale.embedded.map((hash) => `${hash.slice(0, 12)}…`).join(', ')}, but the lockfile is at ${stale.current.slice(0, 12)}…. ` +
          `In ${mode === 'watch' ? 'a watch' : 'an incremental'} build TypeScript re-emits ${source} only when it changes, and it has not since that output was written, so the output keeps the old hash. ${MODE_REMEDY[mode]}`,
        stale.sourceFile,
        stale.site,
      );
    }
  }

  /** Watches the directory of each lockfile the program's provenance imports read (a lock replaces the file, so its directory is what sees it). */
  private watchLockfiles(program: ts.Program, api: CompilerApi, configFile: string | undefined): void {
    for (const sourceFile of program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || findProvenanceSites(sourceFile, api.factory).length === 0) continue;
      const lockfile = readingFor(sourceFile.fileName, configFile).lockfile;
      if (lockfile === undefined || this.watchers.has(lockfile)) continue;
      let pending: NodeJS.Timeout | undefined;
      const watcher = watch(path.dirname(lockfile), (_event, name) => {
        if (name !== path.basename(lockfile)) return;
        clearTimeout(pending);
        pending = setTimeout(() => this.check(), 100);
        pending.unref();
      });
      watcher.unref(); // never what keeps the compiler running
      this.watchers.set(lockfile, watcher);
    }
  }
}

function shown(file: string): string {
  return portableRelative(process.cwd(), file) || file;
}
