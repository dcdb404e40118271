import path from 'node:path';
import { Option } from 'commander';
import type { CommandRegistration } from '../command.js';
import { changeLog } from '../../audit/change-log.js';
import { deprecationIn } from '../../audit/deprecation-at.js';
import type { DeprecationDetails } from '../../audit/lockfile-additions.js';
import { GitRepository } from '../../support/git.js';
import { decodeUtf8, JsonTextError } from '../../support/json-text.js';
import { CONFIG_FILE_NAME } from '../../source/config.js';
import { formerConfigPaths, lockfilesAt } from '../../lockfile/at-commit.js';
import { InputError } from '../../core/input-error.js';
import { Registry } from '../../project/registry.js';
import { findingLine } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { EXIT_CLEAN, EXIT_UNUSABLE } from '../outcome.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';
import { shortSha, type ChangeLogReport } from '../formats/change-log-report.js';
import { changeLogText } from '../formats/log-text.js';
import { changeLogMarkdown } from '../formats/log-markdown.js';
import { changeLogFailureJson, changeLogJson } from '../formats/log-json.js';

type LogFormat = 'text' | 'markdown' | 'json';

interface LogOptions extends GlobalOptions {
  readonly from: string | undefined;
  readonly to: string;
  readonly format: LogFormat;
}

/**
 * `role-registry log`: the registry's change log from git history. Exit 0 when the log is printed,
 * law-breaking commits included (they are shown as such: `audit` is the gate), 2 when the history
 * cannot be read.
 */
function runLog(options: LogOptions, io: CommandIo): number {
  try {
    const registry = Registry.open(options);
    const history = GitRepository.open(registry.config.root, registry.config.lockfile, 'log', {
      message: `${registry.config.root} is not inside a git repository: the change log is read from git history.`,
      hint: 'Run the log inside a git checkout (in CI, with the full history: fetch-depth: 0).',
    });
    const lockfile = history.relative(registry.config.lockfile);
    const configPath = history.relative(registry.config.configFile);
    const projectDir = path.posix.dirname(configPath);
    const to = history.resolveCommit(options.to, '--to');
    const from = options.from === undefined ? undefined : history.resolveCommit(options.from, '--from');
    const commits = history.commits(to, from);
    // A shallow clone shows its oldest commits without parents: they would pass as first commits.
    const boundary = history.shallowBoundary();
    const historyCutAt = commits.filter((commit) => boundary.has(commit.sha)).map((commit) => commit.sha);
    const formerConfigs = formerConfigPaths(history, history.filesAddedNamed(to, undefined, CONFIG_FILE_NAME), configPath);
    const log = changeLog(
      commits,
      to,
      {
        lockfilesAt: (shas) =>
          lockfilesAt(history, shas, { configPath, formerConfigPaths: formerConfigs, lockfilePath: lockfile, shortName: shortSha }),
        readBlobs: (blobs) => history.readObjects(blobs),
        deprecationAt: (sha, roleId, declaredIn) => {
          if (declaredIn === undefined) return undefined;
          const file = projectDir === '.' ? declaredIn : `${projectDir}/${declaredIn}`;
          return deprecationAtCommit(history, sha, file, roleId, registry.config.idPattern);
        },
      },
      { context: registry.context, shortName: shortSha, historyCutAt: new Set(historyCutAt) },
    );
    const report: ChangeLogReport = {
      log,
      lockfile,
      from: from ?? null,
      to,
      range: `${from === undefined ? 'the first commit' : shortSha(from)}..${options.to}`,
      historyCutAt,
      report: { root: registry.config.root, cwd: options.cwd },
    };
    io.stdout(
      options.format === 'json' ? changeLogJson(report) : options.format === 'markdown' ? changeLogMarkdown(report) : changeLogText(report),
    );
    return EXIT_CLEAN;
  } catch (error) {
    // JSON stays parseable: unusable input is reported in it too, with its one line on stderr.
    if (!(error instanceof InputError) || options.format !== 'json') throw error;
    const report = { root: options.cwd, cwd: options.cwd };
    io.stdout(changeLogFailureJson([error.finding], report));
    io.stderr(`${findingLine(error.finding, report)}\n`);
    return EXIT_UNUSABLE;
  }
}

/** The deprecation a commit's version of a registry file declares; nothing when it cannot be read there. */
function deprecationAtCommit(
  history: GitRepository,
  sha: string,
  file: string,
  roleId: string,
  idPattern: RegExp,
): DeprecationDetails | undefined {
  const [object] = history.lookup([`${sha}:${file}`]);
  if (object?.type !== 'blob') return undefined;
  const bytes = history.readObjects([object.id]).get(object.id);
  if (!bytes) return undefined;
  const absolute = path.join(history.top, file);
  try {
    return deprecationIn(absolute, decodeUtf8(absolute, bytes), roleId, idPattern);
  } catch (error) {
    if (error instanceof JsonTextError) return undefined;
    throw error;
  }
}

export const registerLog: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('log')
    .description(
      "Print the registry's change log from git history: each commit that changed the lockfile, its registry hash before and after, and what it added.",
    )
    .option('--from <ref>', 'start after this commit (default: the first commit)')
    .option('--to <ref>', 'log up to this commit', 'HEAD')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { from?: string; to: string; format: LogFormat; recursive?: boolean }) => {
      const log = (selected: GlobalOptions, to: CommandIo): number =>
        runLog({ ...selected, from: options.from, to: options.to, format: options.format }, to);
      exit(options.recursive ? forEachRegistry(global(), io, COMBINED[options.format], log) : log(global(), io));
    });
};

/** How `log --recursive` joins the registries' change logs, per format. */
const COMBINED = { text: 'sections', markdown: 'markdown-sections', json: 'json' } as const;
