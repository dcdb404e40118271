import type { HistoryBreak } from '../../audit/audit.js';
import type { LockfileAdditions } from '../../audit/lockfile-additions.js';
import { findingText } from '../../report/finding-text.js';
import { HISTORY_CUT_HINT, historyCutSentence, shortHash, shortSha, type ChangeLogReport } from './change-log-report.js';

/** `role-registry log` for a terminal: one block per commit, newest first, then a summary line. */
export function changeLogText(report: ChangeLogReport): string {
  const lines: string[] = [];
  for (const entry of report.log.entries) {
    const { commit } = entry;
    lines.push(`${shortSha(commit.sha)}  ${commit.date}  ${commit.authorName} <${commit.authorEmail}>  ${commit.subject}`);
    if (entry.merge) lines.push(`  merge of ${commit.parents.map(shortSha).join(', ')}`);
    if (entry.movedFrom !== null) lines.push(`  lockfile moved: ${entry.movedFrom} → ${entry.lockfile}`);
    lines.push(`  registry ${shortHash(entry.hashBefore)} → ${shortHash(entry.hashAfter)}`);
    if (entry.added) lines.push(...additionLines(entry.added));
    else lines.push('  ✖ broke the append-only law (as `role-registry audit` reports it):', ...breakLines(entry.breaks, report, false));
    if (entry.mergedBreaks.length > 0)
      lines.push(
        '  ✖ brings in commits that broke the append-only law (as `role-registry audit` reports them):',
        ...breakLines(entry.mergedBreaks, report, true),
      );
  }
  const count = report.log.entries.length;
  const broken = report.log.entries.filter((entry) => entry.added === undefined || entry.mergedBreaks.length > 0).length;
  if (count > 0) lines.push('');
  lines.push(
    `${count} change${count === 1 ? '' : 's'} to ${report.lockfile} in ${report.log.commits} commit${report.log.commits === 1 ? '' : 's'} (${report.range})` +
      (broken > 0 ? `; ${broken} of them broke the append-only law or bring in a commit that did: run \`role-registry audit\`.` : '.'),
  );
  if (report.historyCutAt.length > 0) lines.push(`⚠ ${historyCutSentence(report.historyCutAt)}`, `    → ${HISTORY_CUT_HINT}`);
  return `${lines.join('\n')}\n`;
}

function additionLines(added: LockfileAdditions): string[] {
  const lines = [
    ...added.roles.map((roleId) => `  + role ${roleId}`),
    ...added.aliases.map(({ roleId, alias }) => `  + alias ${alias} → ${roleId}`),
    ...added.deprecations.map(
      ({ roleId, replacedBy, reason }) =>
        `  + deprecated ${roleId}${replacedBy !== undefined ? `, replaced by ${replacedBy}` : ''}${reason !== undefined ? ` (${reason})` : ''}`,
    ),
    ...added.contracts.map(
      ({ contractId, supersedes }) => `  + contract ${contractId}${supersedes !== undefined ? ` (after ${supersedes})` : ''}`,
    ),
    ...added.waivers.map(({ code, id, date, reason }) => `  + waiver ${code} ${id} (${date}: ${reason})`),
  ];
  return lines.length > 0 ? lines : ['  (no new entries)'];
}

function breakLines(breaks: readonly HistoryBreak[], report: ChangeLogReport, nameCommit: boolean): string[] {
  const lines: string[] = [];
  for (const found of breaks) {
    const commit = nameCommit ? `${shortSha(found.commit.sha)} (${found.commit.subject}) ` : '';
    lines.push(
      found.parent === undefined
        ? `    ${commit}its ${report.lockfile} cannot be read:`
        : `    ${commit}against its parent ${shortSha(found.parent)}:`,
    );
    for (const f of found.findings) lines.push(findingText(f, report.report, '      '));
  }
  return lines;
}
