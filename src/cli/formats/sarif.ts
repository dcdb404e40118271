import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { isInputProblem, VIOLATION_CODES, VIOLATIONS, type Finding } from '../../core/findings.js';
import type { WaivedFinding } from '../../law/waived-findings.js';
import { DOCS_BASE_URL, PACKAGE_VERSION } from '../../core/version.js';
import { locate, type ReportContext } from '../../report/location.js';
import { driftDetailLines } from '../../report/surface-diff-text.js';

/**
 * SARIF 2.1.0 for code-scanning dashboards. Written by hand against @types/sarif: the format is
 * one JSON document and the builder libraries need Node 22.
 */
export function formatSarif(findings: readonly Finding[], context: ReportContext, waived: readonly WaivedFinding[] = []): string {
  const rules: ReportingDescriptor[] = VIOLATION_CODES.map((code) => ({
    id: code,
    name: code,
    shortDescription: { text: VIOLATIONS[code].title },
    helpUri: `${DOCS_BASE_URL}/violations.md#${code.toLowerCase()}`,
  }));
  // A finding accepted by a waiver is a suppressed result: dashboards show it as accepted, not open.
  const suppressed = waived.map(({ finding, waiver }): Result => ({
    ...sarifResult(finding, context),
    suppressions: [{ kind: 'external', status: 'accepted', justification: waiver.reason, properties: { date: waiver.date } }],
  }));
  const results: Result[] = [...findings.map((f) => sarifResult(f, context)), ...suppressed];
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'role-registry', version: PACKAGE_VERSION, informationUri: DOCS_BASE_URL, rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(context.cwd).href}/` } },
        // Unusable input (exit 2) is a run that did not complete, besides its result.
        invocations: [{ executionSuccessful: !findings.some(isInputProblem) }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifResult(f: Finding, context: ReportContext): Result {
  const where = locate(f, context);
  const result: Result = {
    ruleId: f.code,
    ruleIndex: VIOLATION_CODES.indexOf(f.code),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: [`${f.message} ${f.hint}`, ...driftDetailLines(f)].join('\n') },
    partialFingerprints: {
      'roleRegistry/v1': createHash('sha256')
        .update(`${f.code}\0${f.subject.roleId ?? ''}\0${f.subject.alias ?? ''}\0${f.subject.contractId ?? ''}`)
        .digest('hex'),
    },
  };
  if (f.surfaceDiff !== undefined || f.surfaceDiffUnavailable !== undefined) {
    result.properties = {
      ...(f.surfaceDiff === undefined ? {} : { surfaceDiff: f.surfaceDiff }),
      ...(f.compatibility === undefined ? {} : { compatibility: f.compatibility }),
      ...(f.surfaceDiffUnavailable === undefined ? {} : { surfaceDiffUnavailable: f.surfaceDiffUnavailable }),
    };
  }
  if (where.file !== undefined) {
    result.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(where.file), uriBaseId: 'SRCROOT' },
          ...(where.line === undefined
            ? {}
            : { region: { startLine: where.line, startColumn: where.column, endLine: where.endLine, endColumn: where.endColumn } }),
        },
      },
    ];
  }
  return result;
}
