import { Option } from 'commander';
import type { CommandRegistration } from '../command.js';
import { auditHistory, type AuditResult, type HistoryBreak } from '../../audit/audit.js';
import { GitRepository } from '../../support/git.js';
import { CONFIG_FILE_NAME } from '../../source/config.js';
import { formerConfigPaths, lockfilesAt } from '../../lockfile/at-commit.js';
import type { Finding } from '../../core/findings.js';
import { InputError } from '../../core/input-error.js';
import { Registry } from '../../project/registry.js';
import { findingJson } from '../formats/json.js';
import type { ReportContext } from '../../report/location.js';
import { findingLine, findingText } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { EXIT_CLEAN, EXIT_UNUSABLE, EXIT_VIOLATIONS } from '../outcome.js';

interface AuditOptions extends GlobalOptions {
  readonly from: string | undefined;
  readonly to: string;
  readonly format: 'text' | 'json';
  /** Show progress on stderr: true/false when asked, undefined to decide by whether stderr is a TTY. */
  readonly progress: boolean | undefined;
  /** Fail (exit 2) when the audit cannot see the whole range: a shallow clone cut it. */
  readonly strict: boolean;
}

/**
 * `role-registry audit`: checks that every version of the lockfile in the history is an
 * append-only extension of each parent's. Exit 0 clean, 1 when a commit broke the law, 2 when the
 * history cannot be read.
 */
function runAudit(options: AuditOptions, io: CommandIo, stderrIsTTY: boolean): number {
  let lockfilePath: string | null = null;
  try {
    const registry = Registry.open(options);
    const history = GitRepository.open(registry.config.root, registry.config.lockfile, 'audit', {
      message: `${registry.config.root} is not inside a git repository: there is no history to audit.`,
      hint: 'Run the audit inside a git checkout (in CI, with the full history: fetch-depth: 0).',
    });
    lockfilePath = history.relative(registry.config.lockfile);
    const configPath = history.relative(registry.config.configFile);
    const to = history.resolveCommit(options.to, '--to');
    const from = options.from === undefined ? undefined : history.resolveCommit(options.from, '--from');
    const commits = history.commits(to, from);
    // Configs ever added and gone since: where the project stood before it moved (before --from too,
    // for the versions the first audited commits are held to).
    const formerConfigs = formerConfigPaths(history, history.filesAddedNamed(to, undefined, CONFIG_FILE_NAME), configPath);
    const shortName = (sha: string): string => sha.slice(0, 10);
    const showProgress = options.format === 'text' && (options.progress ?? stderrIsTTY);
    const progress = showProgress ? progressLine(io, stderrIsTTY) : undefined;
    const lockfile = lockfilePath;
    const result = auditHistory(
      commits,
      {
        lockfilesAt: (shas) =>
          lockfilesAt(history, shas, { configPath, formerConfigPaths: formerConfigs, lockfilePath: lockfile, shortName }),
        readBlobs: (blobs) => history.readObjects(blobs),
      },
      { context: registry.context, shortName, ...(progress ? { onProgress: progress.update } : {}) },
    );
    progress?.finish();
    const report = { root: registry.config.root, cwd: options.cwd };
    const range = `${from === undefined ? 'the first commit' : shortName(from)}..${options.to}`;
    // A shallow clone shows its oldest commits without parents: they would pass as first commits.
    const boundary = history.shallowBoundary();
    const cutAt = commits.filter((commit) => boundary.has(commit.sha)).map((commit) => commit.sha);
    // --strict: a history that cannot be seen whole makes the audit impossible (exit 2, as for an unknown ref).
    const incomplete =
      cutAt.length > 0 && options.strict
        ? [new InputError('BASELINE_UNAVAILABLE', registry.config.lockfile, cutLine(cutAt), CUT_HINT).finding]
        : [];
    if (options.format === 'json') {
      io.stdout(auditJson(result, report, { lockfile, from: from ?? null, to, findings: incomplete, historyCutAt: cutAt }));
      for (const f of incomplete) io.stderr(`${findingLine(f, report)}\n`);
    } else io.stdout(auditText(result, report, lockfile, range, shortName) + cutText(cutAt, options.strict));
    return result.breaks.length > 0 ? EXIT_VIOLATIONS : incomplete.length > 0 ? EXIT_UNUSABLE : EXIT_CLEAN;
  } catch (error) {
    // JSON must stay parseable: unusable input (not a repository, an unknown ref) is reported in it,
    // with its one line on stderr for whoever reads the log. Text goes the usual way (program.ts).
    if (!(error instanceof InputError) || options.format === 'text') throw error;
    const report = { root: options.cwd, cwd: options.cwd };
    io.stdout(
      auditJson({ commits: 0, touching: 0, breaks: [] }, report, {
        lockfile: lockfilePath,
        from: null,
        to: null,
        findings: [error.finding],
        historyCutAt: [],
      }),
    );
    io.stderr(`${findingLine(error.finding, report)}\n`);
    return EXIT_UNUSABLE;
  }
}

function auditText(
  result: AuditResult,
  report: ReportContext,
  lockfile: string,
  range: string,
  shortName: (sha: string) => string,
): string {
  const counted = `${result.commits} commit${result.commits === 1 ? '' : 's'} (${range}), ${result.touching} of them changing ${lockfile}`;
  if (result.breaks.length === 0) {
    return `✔ Every version of ${lockfile} is an append-only extension of its parents' versions: ${counted}.\n`;
  }
  const lines: string[] = [];
  const breakingCommits = new Set(result.breaks.map((b) => b.commit.sha));
  for (const entry of result.breaks) {
    lines.push(
      `${shortName(entry.commit.sha)}  ${entry.commit.date}  ${entry.commit.authorName} <${entry.commit.authorEmail}>  ${entry.commit.subject}`,
    );
    lines.push(entry.parent === undefined ? `  its ${lockfile} cannot be read:` : `  against its parent ${shortName(entry.parent)}:`);
    for (const f of entry.findings) lines.push(findingText(f, report, '    '));
  }
  const first = result.breaks[0]!;
  lines.push('');
  lines.push(
    `✖ ${breakingCommits.size} commit${breakingCommits.size === 1 ? '' : 's'} broke the append-only law of ${lockfile}, in ${counted}.`,
  );
  lines.push(`  The first: ${first.commit.sha} by ${first.commit.authorName} <${first.commit.authorEmail}> (${describeFirst(first)}).`);
  return `${lines.join('\n')}\n`;
}

/** What a shallow clone hid from the audit; with --strict, why it failed. */
function cutText(cutAt: readonly string[], strict: boolean): string {
  if (cutAt.length === 0) return '';
  return `${strict ? '✖' : '⚠'} ${cutLine(cutAt)}\n    → ${CUT_HINT}\n`;
}

const CUT_HINT = 'Fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run the audit again.';

function cutLine(cutAt: readonly string[]): string {
  const shown = cutAt.slice(0, 3).join(', ') + (cutAt.length > 3 ? ', …' : '');
  return `The history is cut (a shallow clone) at ${shown}: the commits before ${cutAt.length === 1 ? 'it were' : 'them were'} not fetched and not audited.`;
}

function describeFirst(entry: HistoryBreak): string {
  const subjects = entry.findings
    .map((f) => f.subject.contractId ?? f.subject.alias ?? f.subject.roleId)
    .filter((s): s is string => s !== undefined);
  if (subjects.length === 0) return entry.findings[0]?.message.replace(/\.$/, '') ?? 'see above';
  const shown = [...new Set(subjects)].slice(0, 5).map((s) => `\`${s}\``);
  return `${shown.join(', ')}${subjects.length > 5 ? ', …' : ''} vanished or changed`;
}

/** What the JSON report says besides the breaks; null where unusable input left it unknown. */
interface AuditSummary {
  readonly lockfile: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** Problems with the audit's input (config, repository, refs), not with a commit: exit 2. */
  readonly findings: readonly Finding[];
  /** The commits of the range where a shallow clone's history is cut: what lies behind them was not audited. */
  readonly historyCutAt: readonly string[];
}

function auditJson(result: AuditResult, report: ReportContext, summary: AuditSummary): string {
  return `${JSON.stringify(
    {
      formatVersion: 1,
      ok: result.breaks.length === 0 && summary.findings.length === 0,
      lockfile: summary.lockfile,
      from: summary.from,
      to: summary.to,
      commits: result.commits,
      commitsChangingLockfile: result.touching,
      breaks: result.breaks.map((entry) => ({
        commit: entry.commit.sha,
        parent: entry.parent ?? null,
        author: { name: entry.commit.authorName, email: entry.commit.authorEmail },
        date: entry.commit.date,
        subject: entry.commit.subject,
        findings: entry.findings.map((f) => findingJson(f, report)),
      })),
      firstBreak: result.breaks[0]?.commit.sha ?? null,
      historyCutAt: summary.historyCutAt,
      findings: summary.findings.map((f) => findingJson(f, report)),
    },
    null,
    2,
  )}\n`;
}

/** `audit: 1234/5678 commits` rewritten in place on a terminal, a line per tenth otherwise. */
function progressLine(io: CommandIo, tty: boolean): { update: (done: number, total: number) => void; finish: () => void } {
  let lastShown = -1;
  let lastTime = 0;
  let lastText = '';
  return {
    update(done, total) {
      const now = Date.now();
      const tenth = Math.floor((done * 10) / Math.max(total, 1));
      const show = tty ? done === total || now - lastTime >= 100 : tenth !== lastShown || done === total;
      if (!show) return;
      lastShown = tenth;
      lastTime = now;
      lastText = `audit: ${done}/${total} commits`;
      io.stderr(tty ? `\r${lastText}` : `${lastText}\n`);
    },
    finish() {
      if (tty && lastText !== '') io.stderr('\n');
    },
  };
}

export const registerAudit: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('audit')
    .description(
      "Check the lockfile's git history: every version must be an append-only extension of each parent's. Reports the commits that broke it.",
    )
    .option('--from <ref>', 'start after this commit (default: the first commit)')
    .option('--to <ref>', 'audit up to this commit', 'HEAD')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--progress', 'show progress on stderr even when it is not a terminal (never with --format json)')
    .option('--no-progress', 'never show progress')
    .option('--strict', 'exit 2 when the history is incomplete (a shallow clone) instead of auditing what there is')
    .action((options: { from?: string; to: string; format: 'text' | 'json'; progress?: boolean; strict?: boolean }) => {
      exit(
        runAudit(
          {
            ...global(),
            from: options.from,
            to: options.to,
            format: options.format,
            progress: options.progress,
            strict: options.strict === true,
          },
          io,
          Boolean(process.stderr.isTTY),
        ),
      );
    });
};
