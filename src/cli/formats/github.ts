import type { Finding } from '../../core/findings.js';
import type { WaivedFinding } from '../../law/waived-findings.js';
import { locate, type ReportContext } from '../../report/location.js';
import { driftSummary } from '../../report/surface-diff-text.js';

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request, and
 * each finding accepted by a waiver a notice, so that reviewers see what was approved.
 */
export function formatGithub(findings: readonly Finding[], context: ReportContext, waived: readonly WaivedFinding[] = []): string {
  const annotations = findings.map((f) =>
    annotation(
      f.severity === 'error' ? 'error' : 'warning',
      f,
      `role-registry ${f.code}`,
      [f.message, driftSummary(f), f.hint].filter((part) => part !== undefined).join(' '),
      context,
    ),
  );
  const notices = waived.map(({ finding, waiver }) =>
    annotation(
      'notice',
      finding,
      `role-registry ${finding.code} (waived)`,
      `${finding.message} Accepted by a waiver of ${waiver.date}: ${waiver.reason}`,
      context,
    ),
  );
  return [...annotations, ...notices].join('');
}

function annotation(command: 'error' | 'warning' | 'notice', f: Finding, title: string, text: string, context: ReportContext): string {
  const where = locate(f, context);
  const properties = [
    where.file === undefined ? undefined : `file=${escapeProperty(where.file)}`,
    where.line === undefined ? undefined : `line=${where.line}`,
    where.column === undefined ? undefined : `col=${where.column}`,
    where.endLine === undefined ? undefined : `endLine=${where.endLine}`,
    where.endColumn === undefined ? undefined : `endColumn=${where.endColumn}`,
    `title=${escapeProperty(title)}`,
  ].filter((p): p is string => p !== undefined);
  return `::${command} ${properties.join(',')}::${escapeData(text)}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
