import type ts from 'typescript';
import { describeProblems, describeUnusable } from '../src/provenance/source.js';
import type { ResolvedOptions } from './options.js';
import { readingFor } from './reader.js';
import { createReporter, DIAGNOSTIC_CODES } from './reporter.js';
import { findDynamicProvenanceLoads, findProvenanceSites, replaceSite } from './rewrite-imports.js';
import { buildMode, MODE_REMEDY, type BuildMode } from './stale-outputs.js';

export interface TransformHost {
  readonly options: ResolvedOptions;
  /** ts-patch's diagnostics channel, when there is one. */
  readonly addDiagnostic?: ((diagnostic: ts.Diagnostic) => unknown) | undefined;
}

const MODE_PHRASE: Record<BuildMode, string> = { watch: 'a watch build', incremental: 'an incremental build' };

const DOWNGRADE_HINT = {
  error: 'To build anyway during local development, set the transformer option "registryProblems": "warning".',
  warning: 'The build goes on because the transformer option "registryProblems" is "warning"; `role-registry check` still fails in CI.',
};

/**
 * The transformer: replaces imports of `role-registry/provenance` with the provenance value of
 * the lockfile, and reports registry problems and stale-output risks. It uses only the host's
 * node factory, so it needs no type information and runs under transpileModule, ts-loader's
 * transpileOnly and ts-jest's isolatedModules alike.
 */
export function createProvenanceTransformer(host: TransformHost): ts.TransformerFactory<ts.SourceFile> {
  const { options } = host;
  const reporter = createReporter(host.addDiagnostic, options.onWarning);
  const reported = new Set<string>();
  const once = (key: string, report: () => void): void => {
    if (reported.has(key)) return;
    reported.add(key);
    report();
  };

  return (context) => (sourceFile) => {
    for (const load of findDynamicProvenanceLoads(sourceFile, context.factory)) {
      reporter.report(
        'error',
        DIAGNOSTIC_CODES.unsupportedImport,
        "role-registry: the build fills in static imports of role-registry/provenance only, and this load would reach the shipped module, which throws when read: write `import { REGISTRY_PROVENANCE } from 'role-registry/provenance'` at the top of the file.",
        sourceFile,
        load,
      );
    }
    const sites = findProvenanceSites(sourceFile, context.factory);
    if (sites.length === 0) return sourceFile;
    const cwd = process.cwd();
    const reading = readingFor(sourceFile.fileName, options.configFile);
    const firstSite = sites[0]!;
    if (!reading.provenance) {
      // Nothing true to embed: leave the import, so the output also throws if run, and fail the build.
      reporter.report('error', DIAGNOSTIC_CODES.noProvenance, describeUnusable(reading), sourceFile, firstSite);
      return sourceFile;
    }
    if (reading.problems.length > 0) {
      once(`problems:${reading.configFile}`, () =>
        reporter.report(
          options.registryProblems,
          DIAGNOSTIC_CODES.registryProblems,
          describeProblems(reading, cwd, DOWNGRADE_HINT[options.registryProblems]),
          sourceFile,
          firstSite,
        ),
      );
    }
    const mode = buildMode(context.getCompilerOptions());
    if (mode) {
      once(`stale:${sourceFile.fileName}`, () =>
        reporter.report(
          'warning',
          DIAGNOSTIC_CODES.staleOutputRisk,
          `role-registry: this file embeds REGISTRY_PROVENANCE (registry hash ${reading.provenance!.registryHash.slice(0, 12)}…), but this is ${MODE_PHRASE[mode]}: TypeScript re-emits a file only when its source changes, so after \`role-registry lock\` its output keeps the old hash. ${MODE_REMEDY[mode]}`,
          sourceFile,
          firstSite,
        ),
      );
    }
    const statements: ts.Statement[] = [];
    let changed = false;
    for (const statement of sourceFile.statements) {
      if (!sites.includes(statement as (typeof sites)[number])) {
        statements.push(statement);
        continue;
      }
      const replacement = replaceSite(statement as (typeof sites)[number], reading.provenance, context, sourceFile);
      if ('message' in replacement) {
        reporter.report('error', DIAGNOSTIC_CODES.unsupportedImport, `role-registry: ${replacement.message}`, sourceFile, replacement.node);
        statements.push(statement);
        continue;
      }
      statements.push(...replacement);
      changed = true;
    }
    return changed ? context.factory.updateSourceFile(sourceFile, statements) : sourceFile;
  };
}
