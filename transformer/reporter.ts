import path from 'node:path';
import type ts from 'typescript';
import { portableRelative } from '../src/support/portable-path.js';
import { CATEGORY_ERROR, CATEGORY_WARNING } from './syntax-kinds.js';

/** Diagnostic codes of the transformer (printed as TS<code> by tsc/tspc). */
export const DIAGNOSTIC_CODES = {
  /** The registry source has findings or unlocked changes. */
  registryProblems: 917_001,
  /** No usable config or lockfile: nothing to embed. */
  noProvenance: 917_002,
  /** incremental / composite / watch may keep an old hash in unchanged outputs. */
  staleOutputRisk: 917_003,
  /** An import form the rewrite cannot keep the meaning of. */
  unsupportedImport: 917_004,
} as const;

/** Thrown for an error when the host has no diagnostics channel (ts-loader, Rollup, transpileModule, ts-jest). */
export class RoleRegistryTransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleRegistryTransformError';
  }
}

export interface Reporter {
  report(
    category: 'error' | 'warning',
    code: number,
    message: string,
    sourceFile: ts.SourceFile | undefined,
    node: ts.Node | undefined,
  ): void;
}

/**
 * Where diagnostics go. Errors: with ts-patch they join the program's diagnostics (tspc prints them
 * and fails); elsewhere they are thrown, which every host turns into a failed build naming the file.
 * Warnings go to `onWarning` everywhere: tsc exits non-zero on any diagnostic, whatever its
 * category, so a warning passed to ts-patch would fail the build.
 */
export function createReporter(
  addDiagnostic: ((diagnostic: ts.Diagnostic) => unknown) | undefined,
  onWarning: (message: string) => void,
): Reporter {
  return {
    report(category, code, message, sourceFile, node) {
      if (category === 'error' && addDiagnostic) {
        const start = node && sourceFile ? node.getStart(sourceFile) : undefined;
        addDiagnostic({
          category: (category === 'error' ? CATEGORY_ERROR : CATEGORY_WARNING) as ts.DiagnosticCategory,
          code,
          file: sourceFile,
          start,
          length: node && start !== undefined ? node.getEnd() - start : undefined,
          messageText: message,
          source: 'role-registry',
        });
        return;
      }
      const where = sourceFile ? `${location(sourceFile, node)}: ` : '';
      if (category === 'error') throw new RoleRegistryTransformError(`${where}error TS${code}: ${message}`);
      onWarning(`${where}warning TS${code}: ${message}`);
    },
  };
}

function location(sourceFile: ts.SourceFile, node: ts.Node | undefined): string {
  const file = portableRelative(process.cwd(), path.resolve(sourceFile.fileName));
  if (!node) return file;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${file}:${line + 1}:${character + 1}`;
}
