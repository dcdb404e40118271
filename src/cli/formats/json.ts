import type { Finding } from '../../core/findings.js';
import type { WaivedFinding } from '../../law/waived-findings.js';
import { locate, type ReportContext } from '../../report/location.js';

/** Machine output (format version 1): stable keys, findings in the engine's deterministic order. */
export function formatJson(
  findings: readonly Finding[],
  context: ReportContext,
  extra: Record<string, unknown>,
  waived: readonly WaivedFinding[] = [],
): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${JSON.stringify(
    {
      formatVersion: 1,
      ok: errors === 0,
      summary: { errors, warnings: findings.length - errors },
      ...extra,
      findings: findings.map((f) => findingJson(f, context)),
      // Accepted by a waiver: not counted in `summary`, never failing the run, listed for audits.
      waived: waived.map(({ finding, waiver }) => ({
        ...findingJson(finding, context),
        waiver: { date: waiver.date, reason: waiver.reason, ...(waiver.surfaceHash ? { surfaceHash: waiver.surfaceHash } : {}) },
      })),
    },
    null,
    2,
  )}\n`;
}

/** One finding as every JSON report writes it: code, severity, message, next step, place, subject. */
export function findingJson(f: Finding, context: ReportContext): Record<string, unknown> {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    hint: f.hint,
    ...locate(f, context),
    subject: f.subject,
    ...(f.surfaceDiff === undefined ? {} : { surfaceDiff: f.surfaceDiff }),
    ...(f.compatibility === undefined ? {} : { compatibility: f.compatibility }),
    ...(f.surfaceDiffUnavailable === undefined ? {} : { surfaceDiffUnavailable: f.surfaceDiffUnavailable }),
  };
}
