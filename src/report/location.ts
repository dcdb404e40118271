import path from 'node:path';
import type { Finding } from '../core/findings.js';
import { portableRelative } from '../support/portable-path.js';

export interface ReportContext {
  /** Project root: relative `declaredIn` hints are resolved against it. */
  readonly root: string;
  /** Paths in reports are relative to this directory (the process's working directory). */
  readonly cwd: string;
}

export interface FindingLocation {
  /** Path relative to the report's cwd, with forward slashes. */
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
}

/** Where a finding points: its span, else the file that declared its subject, else the input file. */
export function locate(f: Finding, context: ReportContext): FindingLocation {
  const absolute = f.span?.file ?? (f.declaredIn !== undefined ? path.resolve(context.root, f.declaredIn) : f.inputFile);
  const file = absolute === undefined ? undefined : portableRelative(context.cwd, absolute) || '.';
  return {
    file,
    line: f.span?.line,
    column: f.span?.column,
    endLine: f.span?.endLine,
    endColumn: f.span?.endColumn,
  };
}
