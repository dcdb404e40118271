import type { Finding } from '../core/findings.js';
import { locate, type ReportContext } from './location.js';
import { driftDetailLines } from './surface-diff-text.js';

/** Human output: one finding per line with its code, then the next step, then a summary. */
export function formatText(findings: readonly Finding[], context: ReportContext, summaryWhenClean: string): string {
  if (findings.length === 0) return `✔ ${summaryWhenClean}\n`;
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(findingText(f, context));
    for (const detail of driftDetailLines(f)) lines.push(`      ${detail}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  lines.push('');
  lines.push(
    `✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * One finding as `check` prints it: place, severity, code and message, then the next step on its own
 * line. `indent` nests it in a longer message (a build tool's diagnostic).
 */
export function findingText(f: Finding, context: ReportContext, indent = ''): string {
  return `${indent}${findingLine(f, context)}\n${indent}    → ${f.hint}`;
}

/** The first line of `findingText`: place, severity, code and message. */
export function findingLine(f: Finding, context: ReportContext): string {
  const where = locate(f, context);
  const position = where.line === undefined ? '' : `:${where.line}:${where.column}`;
  return `${where.file ?? '(registry)'}${position}  ${f.severity}  ${f.code}  ${f.message}`;
}
