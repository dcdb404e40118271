import { Option } from 'commander';
import type { CommandRegistration } from '../command.js';
import { Registry } from '../../project/registry.js';
import { registryHash } from '../../canonical/hashing.js';
import { isInputProblem, type Finding } from '../../core/findings.js';
import { InputError } from '../../core/input-error.js';
import { sourceSnapshot } from '../../canonical/snapshot.js';
import { waivedFindings, type WaivedFinding } from '../../law/waived-findings.js';
import { formatGithub } from '../formats/github.js';
import { formatGitlab } from '../formats/gitlab.js';
import { formatJson } from '../formats/json.js';
import { formatMarkdown, githubSourceLink } from '../formats/markdown.js';
import { formatSarif } from '../formats/sarif.js';
import { findingLine, formatText } from '../../report/finding-text.js';
import { waivedText } from '../formats/text.js';
import type { ReportContext } from '../../report/location.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';
import { EXIT_UNUSABLE, exitCodeFor } from '../outcome.js';

type CheckFormat = 'text' | 'json' | 'sarif' | 'github' | 'markdown' | 'gitlab';

interface CheckOptions extends GlobalOptions {
  readonly against: string | false | undefined;
  readonly format: CheckFormat;
}

/** What the JSON report says besides the findings; null where unusable input left it unknown. */
interface CheckSummary {
  readonly registryHash: string | null;
  readonly roles: number | null;
  readonly contracts: number | null;
  readonly against: string | null;
}

/** The blocking validator: every law, every finding in one run. */
function runCheck(options: CheckOptions, io: CommandIo): number {
  // Known before anything is read, refined once the config names its baseRef: a report on unusable
  // input says what was to be compared.
  let against = typeof options.against === 'string' ? options.against : undefined;
  try {
    const registry = Registry.open(options);
    // Without a lockfile nothing is published, so "the source agrees with the lockfile" would be a lie.
    if (!registry.lockfile()) {
      throw new InputError(
        'LOCKFILE_INVALID',
        registry.config.lockfile,
        `There is no lockfile at ${registry.config.lockfile}, so there is nothing to check the source against.`,
        'Run `role-registry init` to publish the registry and commit the lockfile; if it was deleted, restore it from git.',
      );
    }
    against = options.against === false ? undefined : (options.against ?? registry.config.baseRef);
    const state = registry.inspect(against === undefined ? { explainDrift: true } : { against, explainDrift: true });
    const findings = state.findings;
    const waived = waivedFindings({ source: state.source, lock: state.lock, context: registry.context }, findings);
    const exitCode = exitCodeFor(findings);
    const report = { root: registry.config.root, cwd: options.cwd };
    const roles = state.source.roles.length;
    const contracts = state.source.roles.reduce((sum, role) => sum + role.contracts.length, 0);
    const hash = exitCode === 0 ? registryHash(sourceSnapshot(state.source.roles)) : undefined;
    if (options.format === 'text') {
      const baseline =
        against === undefined
          ? ''
          : state.baseline?.lock
            ? ` and with the lockfile at ${against}`
            : ` (no lockfile at ${against}: nothing to compare there)`;
      io.stdout(
        formatText(
          findings,
          report,
          `${roles} roles, ${contracts} contracts: the source agrees with the lockfile${baseline}. Registry hash ${hash}.`,
        ) + waivedText(waived),
      );
    } else {
      writeMachineReport(
        options.format,
        findings,
        waived,
        report,
        { registryHash: hash ?? null, roles, contracts, against: against ?? null },
        io,
      );
    }
    return exitCode;
  } catch (error) {
    // Text goes the usual way (program.ts prints it on stderr); a machine format must stay parseable,
    // so unusable input is reported in it too.
    if (!(error instanceof InputError) || options.format === 'text') throw error;
    const report = { root: options.cwd, cwd: options.cwd };
    writeMachineReport(
      options.format,
      [error.finding],
      [],
      report,
      { registryHash: null, roles: null, contracts: null, against: against ?? null },
      io,
    );
    return EXIT_UNUSABLE;
  }
}

/**
 * JSON, SARIF, GitHub annotations, Markdown or GitLab code quality on stdout. Unusable input (exit 2)
 * also gets its one line on stderr, where a person reading the CI log looks for why the step failed.
 */
function writeMachineReport(
  format: Exclude<CheckFormat, 'text'>,
  findings: readonly Finding[],
  waived: readonly WaivedFinding[],
  report: ReportContext,
  summary: CheckSummary,
  io: CommandIo,
): void {
  switch (format) {
    case 'json':
      io.stdout(formatJson(findings, report, { ...summary }, waived));
      break;
    case 'sarif':
      io.stdout(formatSarif(findings, report, waived));
      break;
    case 'github':
      io.stdout(formatGithub(findings, report, waived));
      break;
    case 'gitlab':
      io.stdout(formatGitlab(findings, report, waived));
      break;
    case 'markdown':
      io.stdout(formatMarkdown(findings, report, summary, waived, githubSourceLink(process.env, report.cwd)));
      break;
  }
  for (const f of findings.filter(isInputProblem)) io.stderr(`${findingLine(f, report)}\n`);
}

export const registerCheck: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('check')
    .description(
      'Validate the source against the lockfile (and, with --against, the lockfile against a base git ref). Exit 0 clean, 1 violations, 2 unusable input.',
    )
    .option('--against <ref>', 'also compare with the lockfile at this git ref (default: baseRef from the config, if set)')
    .option('--no-against', 'do not compare with a base ref even if the config sets baseRef')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github', 'markdown', 'gitlab']).default('text'),
    )
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { against?: string | false; format: CheckFormat; recursive?: boolean }) => {
      const check = (selected: GlobalOptions, to: CommandIo): number =>
        runCheck({ ...selected, against: options.against, format: options.format }, to);
      exit(options.recursive ? forEachRegistry(global(), io, COMBINED[options.format], check) : check(global(), io));
    });
};

/** How `check --recursive` joins the registries' reports, per format. */
const COMBINED = {
  text: 'sections',
  json: 'json',
  sarif: 'sarif',
  github: 'concatenated',
  markdown: 'markdown-sections',
  gitlab: 'json-array',
} as const;
