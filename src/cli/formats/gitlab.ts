import { createHash } from 'node:crypto';
import type { Finding } from '../../core/findings.js';
import type { WaivedFinding } from '../../law/waived-findings.js';
import { locate, type ReportContext } from '../../report/location.js';

/** One issue of GitLab's code quality report (the subset of Code Climate's format that GitLab reads). */
interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'info' | 'minor' | 'major';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * GitLab's code quality report (`artifacts: reports: codequality`): a JSON array of Code Climate
 * issues, shown in the merge request widget and on the diff. Errors are `major`, warnings `minor`;
 * findings accepted by a waiver are `info`, with the waiver's date and reason, so reviewers see what
 * was approved. Fingerprints are stable across line moves (code, subject and file), as GitLab needs to
 * tell a new issue from one that was already there.
 */
export function formatGitlab(findings: readonly Finding[], context: ReportContext, waived: readonly WaivedFinding[] = []): string {
  const seen = new Map<string, number>();
  const issue = (f: Finding, severity: CodeQualityIssue['severity'], description: string): CodeQualityIssue => {
    const where = locate(f, context);
    const path = where.file ?? '.';
    const key = `${f.code}\0${f.subject.roleId ?? ''}\0${f.subject.alias ?? ''}\0${f.subject.contractId ?? ''}\0${path}\0${severity}`;
    // The same finding twice in one file (a duplicate declaration) still needs two fingerprints.
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return {
      description,
      check_name: f.code,
      fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex'),
      severity,
      location: { path, lines: { begin: where.line ?? 1 } },
    };
  };
  const issues = [
    ...findings.map((f) => issue(f, f.severity === 'error' ? 'major' : 'minor', `${f.code}: ${f.message} ${f.hint}`)),
    ...waived.map(({ finding, waiver }) =>
      issue(finding, 'info', `${finding.code} (waived): ${finding.message} Accepted by a waiver of ${waiver.date}: ${waiver.reason}`),
    ),
  ];
  return `${JSON.stringify(issues, null, 2)}\n`;
}
