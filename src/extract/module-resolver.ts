import { realpathSync } from 'node:fs';
import path from 'node:path';
import type TS from 'typescript';
import { ts } from './typescript.js';

/**
 * Resolves import specifiers the way TypeScript does for the project (paths, NodeNext `.js`
 * specifiers naming `.ts` files, index files), and decides whether the target can be followed:
 * only TypeScript sources inside the project root are, never declaration files or packages.
 */
export class ModuleResolver {
  private readonly options: TS.CompilerOptions;
  private cache: TS.ModuleResolutionCache;
  private readonly results = new Map<string, { file: string } | { problem: string }>();
  /** Real paths of resolved files: many specifiers (from many directories) name the same few files. */
  private readonly realpaths = new Map<string, string>();
  private readonly realRoot: string;

  constructor(
    private readonly root: string,
    tsconfig: string | undefined,
  ) {
    this.options = compilerOptionsFor(root, tsconfig);
    this.cache = ts.createModuleResolutionCache(root, (name) => name, this.options);
    this.realRoot = safeRealpath(root);
  }

  /** Forgets resolutions, e.g. after files were added or deleted. */
  reset(): void {
    this.results.clear();
    this.realpaths.clear();
    this.cache = ts.createModuleResolutionCache(this.root, (name) => name, this.options);
  }

  resolve(specifier: string, fromFile: string): { file: string } | { problem: string } {
    const key = `${path.dirname(fromFile)}\0${specifier}\0${fromFile.endsWith('.cts') ? 'c' : fromFile.endsWith('.mts') ? 'm' : ''}`;
    const known = this.results.get(key);
    if (known) return known;
    const result = this.compute(specifier, fromFile);
    this.results.set(key, result);
    return result;
  }

  private compute(specifier: string, fromFile: string): { file: string } | { problem: string } {
    const mode = ts.getImpliedNodeFormatForFile(fromFile as TS.Path, this.cache.getPackageJsonInfoCache(), ts.sys, this.options);
    const resolved = ts.resolveModuleName(specifier, fromFile, this.options, ts.sys, this.cache, undefined, mode).resolvedModule;
    if (!resolved) return { problem: 'cannot be found (TypeScript does not resolve it)' };
    const file = path.resolve(resolved.resolvedFileName);
    if (resolved.isExternalLibraryImport || file.split(path.sep).includes('node_modules')) {
      return { problem: 'is a package: only the project\'s own TypeScript sources are read' };
    }
    if (resolved.extension === ts.Extension.Dts || resolved.extension === ts.Extension.Dmts || resolved.extension === ts.Extension.Dcts) {
      return { problem: 'is a declaration file, which has types but no values' };
    }
    if (![ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts].includes(resolved.extension as TS.Extension)) {
      return { problem: `is a ${resolved.extension} file; only TypeScript sources are read` };
    }
    let real = this.realpaths.get(file);
    if (real === undefined) {
      real = safeRealpath(file);
      this.realpaths.set(file, real);
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      return { problem: `is outside the project root ${this.root}` };
    }
    return { file };
  }
}

function compilerOptionsFor(root: string, tsconfig: string | undefined): TS.CompilerOptions {
  const fallback: TS.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
  if (!tsconfig) return fallback;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  if (!parsed) return fallback;
  // parsed.options keeps TypeScript's internal pathsBasePath, so `paths` resolve relative to the tsconfig.
  return parsed.options;
}

function safeRealpath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
