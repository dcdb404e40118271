import type { HistoryBreak } from '../../audit/audit.js';
import type { ChangeLogEntry } from '../../audit/change-log.js';
import type { LockfileAdditions } from '../../audit/lockfile-additions.js';
import { HISTORY_CUT_HINT, historyCutSentence, shortHash, shortSha, type ChangeLogReport } from './change-log-report.js';

/** `role-registry log --format markdown`: GitHub-flavoured Markdown, ready to paste into release notes. */
export function changeLogMarkdown(report: ChangeLogReport): string {
  const out: string[] = [`## Registry changes (${report.range})`, ''];
  if (report.historyCutAt.length > 0) out.push(`> [!WARNING]`, `> ${historyCutSentence(report.historyCutAt)} ${HISTORY_CUT_HINT}`, '');
  if (report.log.entries.length === 0) out.push(`No commit changed \`${report.lockfile}\`.`, '');
  for (const entry of report.log.entries) out.push(...entryLines(entry));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function entryLines(entry: ChangeLogEntry): string[] {
  const { commit } = entry;
  const broken = entry.added === undefined;
  const out = [
    `### ${broken ? '⚠️ ' : ''}${inline(shortSha(commit.sha))} ${escapeMarkdown(commit.subject)}${broken ? ' (broke the append-only law)' : ''}`,
    '',
    `${escapeMarkdown(commit.authorName)}, ${commit.date}${entry.merge ? `, merge of ${commit.parents.map((p) => inline(shortSha(p))).join(' and ')}` : ''} (commit ${inline(commit.sha)})`,
    '',
    `Registry hash: ${inline(shortHash(entry.hashBefore))} → ${inline(shortHash(entry.hashAfter))}${entry.movedFrom !== null ? `; lockfile moved from ${inline(entry.movedFrom)} to ${inline(entry.lockfile ?? '')}` : ''}`,
    '',
  ];
  if (entry.added) out.push(...additionItems(entry.added), '');
  else out.push('Found by `role-registry audit`:', '', ...breakItems(entry.breaks, false), '');
  if (entry.mergedBreaks.length > 0)
    out.push(
      'It brings in commits that broke the append-only law, found by `role-registry audit`:',
      '',
      ...breakItems(entry.mergedBreaks, true),
      '',
    );
  return out;
}

function breakItems(breaks: readonly HistoryBreak[], nameCommit: boolean): string[] {
  return breaks.flatMap((found) =>
    found.findings.map(
      // Messages are ours, and their backticks already mark ids as code.
      (f) =>
        `- ${nameCommit ? `${inline(shortSha(found.commit.sha))} ` : ''}${inline(f.code)}${found.parent !== undefined ? ` against ${inline(shortSha(found.parent))}` : ''}: ${f.message}`,
    ),
  );
}

function additionItems(added: LockfileAdditions): string[] {
  const items = [
    ...added.roles.map((roleId) => `- New role ${inline(roleId)}`),
    ...added.aliases.map(({ roleId, alias }) => `- New alias ${inline(alias)} for ${inline(roleId)}`),
    ...added.deprecations.map(
      ({ roleId, replacedBy, reason }) =>
        `- Deprecated ${inline(roleId)}${replacedBy !== undefined ? `, replaced by ${inline(replacedBy)}` : ''}${reason !== undefined ? `: ${escapeMarkdown(reason)}` : ''}`,
    ),
    ...added.contracts.map(
      ({ contractId, supersedes }) =>
        `- New contract ${inline(contractId)}${supersedes !== undefined ? ` (after ${inline(supersedes)})` : ''}`,
    ),
    ...added.waivers.map(
      ({ code, id, date, reason }) => `- Waiver: ${inline(code)} for ${inline(id)} (${date}): ${escapeMarkdown(reason)}`,
    ),
  ];
  return items.length > 0 ? items : ['- No new entries'];
}

/** Inline code that holds any text: a fence longer than any run of backticks inside it. */
function inline(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/**
 * Text from commits and waivers, shown as written: what Markdown would interpret mid-line (emphasis,
 * code, links, HTML, tables) is escaped. It never starts a line, so `#`, `-` and `1.` are safe.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}
