import path from 'node:path';
import { isInputProblem, type Finding, type SchemaValue, type SurfaceChange } from '../../core/findings.js';
import { DOCS_BASE_URL } from '../../core/version.js';
import type { WaivedFinding } from '../../law/waived-findings.js';
import { locate, type ReportContext } from '../../report/location.js';

/** What the report says besides the findings; null where the check could not tell (a law broken, unusable input). */
export interface MarkdownSummary {
  readonly registryHash: string | null;
  readonly roles: number | null;
  readonly contracts: number | null;
  readonly against: string | null;
}

/** Turns a place in the project into a URL, when the report is read where the files are browsable. */
export type SourceLink = (file: string, line: number | undefined) => string | undefined;

/** A drift's diff shows this many changes; the rest are counted, so a job summary stays readable. */
const MAX_CHANGES_SHOWN = 50;
/** A before/after value longer than this (as JSON) is cut, with an ellipsis. */
const MAX_VALUE_LENGTH = 200;

/**
 * The whole `check` report as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` or a pull
 * request comment: a summary line, a table of findings, each drift's surface diff in a collapsible
 * block, and the findings accepted by a waiver. Every piece of text that comes from the project (ids,
 * messages, reasons, paths, schema values) is escaped, so a pipe, a backtick or a `<` in it can
 * neither break the table nor inject markup.
 */
export function formatMarkdown(
  findings: readonly Finding[],
  context: ReportContext,
  summary: MarkdownSummary,
  waived: readonly WaivedFinding[] = [],
  link: SourceLink = () => undefined,
): string {
  const blocks = ['## role-registry check', summaryLine(findings, summary)];
  if (findings.length > 0) blocks.push(findingsTable(findings, context, link));
  const drifts = findings.filter(
    (f) => f.code === 'CONTRACT_DRIFT' && (f.surfaceDiff !== undefined || f.surfaceDiffUnavailable !== undefined),
  );
  if (drifts.length > 0) blocks.push('### Contract drift', ...drifts.map((f) => driftBlock(f, context)));
  if (waived.length > 0) blocks.push(`### Accepted by waiver (${waived.length})`, waivedTable(waived, context, link));
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Links to the files of the commit a GitHub Actions job runs on (`GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY`, `GITHUB_SHA`, paths relative to `GITHUB_WORKSPACE`); none elsewhere, where a
 * relative link would lead nowhere from a job summary or a comment.
 */
export function githubSourceLink(env: NodeJS.ProcessEnv, cwd: string): SourceLink {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = env;
  if (!server || !repository || !sha || !workspace) return () => undefined;
  return (file, line) => {
    const inRepository = path.relative(workspace, path.resolve(cwd, file));
    if (inRepository === '' || inRepository.startsWith('..') || path.isAbsolute(inRepository)) return undefined;
    const pathPart = inRepository.split(path.sep).map(encodeURIComponent).join('/');
    return `${server}/${repository}/blob/${sha}/${pathPart}${line === undefined ? '' : `#L${line}`}`;
  };
}

function summaryLine(findings: readonly Finding[], summary: MarkdownSummary): string {
  const against = summary.against === null ? 'the lockfile' : `the lockfile and the lockfile at ${code(summary.against)}`;
  if (findings.some(isInputProblem)) return `✖ **Unusable input**: the check could not run against ${against} (exit 2).`;
  const counts = summary.roles === null ? '' : ` ${plural(summary.roles, 'role')}, ${plural(summary.contracts ?? 0, 'contract')}.`;
  const hash = summary.registryHash === null ? ' No registry hash while a law is broken.' : ` Registry hash ${code(summary.registryHash)}.`;
  if (findings.length === 0) return `✔ **Clean**: the source agrees with ${against}.${counts}${hash}`;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const mark = errors === 0 ? '⚠' : '✖';
  return `${mark} **${plural(findings.length, 'violation')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) against ${against}.${counts}${hash}`;
}

function findingsTable(findings: readonly Finding[], context: ReportContext, link: SourceLink): string {
  const rows = findings.map((f) => row(place(f, context, link), codeCell(f), `${text(f.message)}<br>→ ${text(f.hint)}`));
  return [row('File', 'Code', 'Message'), row('---', '---', '---'), ...rows].join('\n');
}

function waivedTable(waived: readonly WaivedFinding[], context: ReportContext, link: SourceLink): string {
  const rows = waived.map(({ finding, waiver }) => {
    const surface = waiver.surfaceHash ? ` (accepts surface ${code(`${waiver.surfaceHash.slice(0, 12)}…`)})` : '';
    return row(
      place(finding, context, link),
      codeCell(finding),
      text(finding.message),
      `${text(waiver.date)}${surface}: ${text(waiver.reason)}`,
    );
  });
  return [row('File', 'Code', 'Message', 'Waiver'), row('---', '---', '---', '---'), ...rows].join('\n');
}

/** One drift's surface diff, folded: the table of changes and who the change breaks, or why there is none. */
function driftBlock(f: Finding, context: ReportContext): string {
  const title = f.subject.contractId === undefined ? (locate(f, context).file ?? '(registry)') : f.subject.contractId;
  const changes = f.surfaceDiff;
  if (changes === undefined)
    return details(`${code(title)}: no diff`, `The locked surface could not be recovered: ${text(f.surfaceDiffUnavailable ?? '')}`);
  const verdict = f.compatibility ? `, ${text(f.compatibility.verdict)}` : '';
  const shown = changes.slice(0, MAX_CHANGES_SHOWN);
  const table = [
    row('op', 'JSON Pointer', 'before', 'after', 'effect'),
    row('---', '---', '---', '---', '---'),
    ...shown.map((change) => changeRow(change)),
  ];
  const parts = [table.join('\n')];
  if (changes.length > shown.length) parts.push(`… and ${plural(changes.length - shown.length, 'more change')}.`);
  if (f.compatibility) parts.push(`**Compatibility:** ${text(f.compatibility.verdict)}: ${text(f.compatibility.breaks)}`);
  return details(`${code(title)}: ${plural(changes.length, 'change')}${verdict}`, parts.join('\n\n'));
}

function changeRow(change: SurfaceChange): string {
  return row(
    change.op,
    code(change.path === '' ? '(whole schema)' : change.path),
    value(change.before),
    value(change.after),
    change.effect,
  );
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function place(f: Finding, context: ReportContext, link: SourceLink): string {
  const where = locate(f, context);
  if (where.file === undefined) return '(registry)';
  const label = code(where.line === undefined ? where.file : `${where.file}:${where.line}`);
  const url = link(where.file, where.line);
  return url === undefined ? label : `[${label}](${url})`;
}

function codeCell(f: Finding): string {
  return `[${f.code}](${DOCS_BASE_URL}/violations.md#${f.code.toLowerCase()})`;
}

function value(v: SchemaValue | undefined): string {
  if (v === undefined) return '';
  const json = JSON.stringify(v);
  return code(json.length > MAX_VALUE_LENGTH ? `${json.slice(0, MAX_VALUE_LENGTH)}…` : json);
}

function row(...cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Literal text as an HTML code element: a backtick inside it cannot end it, as it would a code span. */
function code(literal: string): string {
  return `<code>${text(literal)}</code>`;
}

/**
 * Literal text in a table cell or an HTML element: every character that Markdown or HTML would read as
 * syntax becomes a character reference (a table splits cells on `|` even inside code), and line breaks
 * become `<br>`, so the text shows as written and stays in its cell.
 */
function text(literal: string): string {
  return literal
    .replace(/[&<>"|`*_~[\]\\#!]/g, (char) => `&#${char.codePointAt(0)};`)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '<br>')
    .replace(/\p{Cc}/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
