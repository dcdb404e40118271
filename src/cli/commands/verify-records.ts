import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option } from 'commander';
import type { Invocation, Log, Notification, Result } from 'sarif';
import type { CommandRegistration } from '../command.js';
import { registryVersionsInHistory } from '../../audit/registry-versions.js';
import { CONFIG_FILE_NAME } from '../../source/config.js';
import { formerConfigPaths, lockfilesAt } from '../../lockfile/at-commit.js';
import { readLockfile } from '../../lockfile/io.js';
import { InputError } from '../../core/input-error.js';
import { DOCS_BASE_URL, PACKAGE_VERSION } from '../../core/version.js';
import { GitRepository } from '../../support/git.js';
import { Registry } from '../../project/registry.js';
import { findingLine } from '../../report/finding-text.js';
import { recordsIn, RecordFileError, type RecordPlace } from '../../provenance/record-files.js';
import { RecordJudge, type RecordVerdict } from '../../provenance/verify-records.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { EXIT_CLEAN, EXIT_UNUSABLE, EXIT_VIOLATIONS } from '../outcome.js';

type Format = 'text' | 'json' | 'sarif';

interface VerifyRecordsOptions extends GlobalOptions {
  readonly files: readonly string[];
  readonly format: Format;
}

interface Checked {
  readonly place: RecordPlace;
  readonly contractId: unknown;
  readonly verdict: RecordVerdict;
}

/**
 * `role-registry verify-records`: checks stored output records against the lockfile and its git
 * history. Exit 0 all hold, 1 a record fails, 2 unusable input (config, lockfile, history, a file).
 */
async function runVerifyRecords(options: VerifyRecordsOptions, io: CommandIo): Promise<number> {
  let judge: RecordJudge;
  try {
    const registry = Registry.open(options);
    const lock = readLockfile(registry.config.lockfile);
    if (!lock)
      throw new InputError(
        'LOCKFILE_INVALID',
        registry.config.lockfile,
        `There is no lockfile at ${registry.config.lockfile}, so no record can be checked.`,
        'Run verify-records in the checkout of the project whose jobs made the records.',
      );
    const history = GitRepository.open(registry.config.root, registry.config.lockfile, 'verify-records', {
      message: `${registry.config.root} is not inside a git repository: the registry hashes records carry cannot be checked against the lockfile's history.`,
      hint: 'Run verify-records in a git checkout with the full history (in CI: fetch-depth: 0).',
    });
    const lockfilePath = history.relative(registry.config.lockfile);
    const configPath = history.relative(registry.config.configFile);
    const head = history.resolveCommit('HEAD', 'HEAD');
    const shortName = (sha: string): string => sha.slice(0, 10);
    const formerConfigs = formerConfigPaths(history, history.filesAddedNamed(head, undefined, CONFIG_FILE_NAME), configPath);
    const versions = registryVersionsInHistory(history.commits(head, undefined), {
      lockfilesAt: (shas) => lockfilesAt(history, shas, { configPath, formerConfigPaths: formerConfigs, lockfilePath, shortName }),
      readBlobs: (blobs) => history.readObjects(blobs),
    });
    judge = new RecordJudge(lock, versions);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`${findingLine(error.finding, { root: options.cwd, cwd: options.cwd })}\n`);
    const { code, message, hint, span, inputFile } = error.finding;
    writeUnusable(options, io, { code, file: span?.file ?? inputFile, line: span?.line, message, hint });
    return EXIT_UNUSABLE;
  }

  const reported: Checked[] = [];
  const counts = { records: 0, failed: 0, historical: 0 };
  try {
    for (const file of options.files) {
      for await (const found of recordsIn(path.resolve(options.cwd, file))) {
        const verdict = judge.judge(found.record);
        counts.records++;
        if (!verdict.ok) counts.failed++;
        else if (verdict.status === 'historical') counts.historical++;
        // Records that hold under an active contract are counted, not kept: memory stays flat on huge inputs.
        if (verdict.ok && verdict.status === 'active') continue;
        const entry = { place: { ...found.place, file }, contractId: found.record['contractId'], verdict };
        if (options.format === 'text') io.stdout(textLine(entry));
        else reported.push(entry);
      }
    }
  } catch (error) {
    if (!(error instanceof RecordFileError)) throw error;
    const where = path.relative(options.cwd, error.file) || error.file;
    const hint = 'verify-records reads JSON documents, JSON arrays and JSON Lines (one JSON value per line); fix or leave out this file.';
    io.stderr(`✖ ${where}${error.line === undefined ? '' : `:${error.line}`}: ${error.message}.\n    → ${hint}\n`);
    writeUnusable(options, io, { code: RECORD_FILE_INVALID, file: error.file, line: error.line, message: `${error.message}.`, hint });
    return EXIT_UNUSABLE;
  }
  if (options.format === 'json') io.stdout(jsonReport(reported, counts));
  else if (options.format === 'sarif') io.stdout(sarifReport(reported, options.cwd));
  else io.stdout(textSummary(counts, options.files.length));
  return counts.failed > 0 ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

const RECORD_FILE_INVALID = 'RECORD_FILE_INVALID';

/** Why verify-records could not judge (exit 2): what a machine format reports instead of results. */
interface Unusable {
  readonly code: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly message: string;
  readonly hint: string;
}

/**
 * A machine format stays parseable when the input is unusable: CI that reads the JSON or uploads
 * the SARIF gets the reason there too, not an empty stdout. The text format has its stderr line.
 */
function writeUnusable(options: VerifyRecordsOptions, io: CommandIo, unusable: Unusable): void {
  const file = unusable.file === undefined ? null : path.relative(options.cwd, unusable.file) || unusable.file;
  if (options.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          formatVersion: 1,
          ok: false,
          records: null,
          failed: null,
          historical: null,
          results: [],
          unusable: { code: unusable.code, file, line: unusable.line ?? null, message: unusable.message, hint: unusable.hint },
        },
        null,
        2,
      )}\n`,
    );
  } else if (options.format === 'sarif') {
    const notification: Notification = {
      level: 'error',
      descriptor: { id: unusable.code },
      message: { text: `${unusable.message} ${unusable.hint}` },
      ...(file === null
        ? {}
        : {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(file.split(path.sep).join('/')), uriBaseId: 'SRCROOT' },
                  ...(unusable.line === undefined ? {} : { region: { startLine: unusable.line } }),
                },
              },
            ],
          }),
    };
    io.stdout(sarifLog([], options.cwd, [{ executionSuccessful: false, toolExecutionNotifications: [notification] }]));
  }
}

function placeText(place: RecordPlace): string {
  return `${place.file}${place.line === undefined ? '' : `:${place.line}`}${place.pointer === '' ? '' : ` ${place.pointer}`}`;
}

function textLine({ place, contractId, verdict }: Checked): string {
  const id = typeof contractId === 'string' ? contractId : 'record';
  if (verdict.ok)
    return `${placeText(place)}  ✔ ${id} (historical: the contract is retired today; the record was made while it was active, registry first committed in ${verdict.madeAt!.slice(0, 10)})\n`;
  return `${placeText(place)}  ✖ ${id}: ${verdict.problems.join('; ')}.\n`;
}

function textSummary(counts: { records: number; failed: number; historical: number }, files: number): string {
  const scope = `${counts.records} record${counts.records === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  if (counts.failed > 0)
    return `✖ ${counts.failed} of ${scope} fail.\n    → A failing record was not made by a build of this registry, or was altered since: see docs/provenance.md.\n`;
  return `✔ Every record holds: ${scope}${counts.historical > 0 ? `, ${counts.historical} of them historical` : ''}.\n`;
}

function jsonReport(reported: readonly Checked[], counts: { records: number; failed: number; historical: number }): string {
  return `${JSON.stringify(
    {
      formatVersion: 1,
      ok: counts.failed === 0,
      records: counts.records,
      failed: counts.failed,
      historical: counts.historical,
      // Failing and historical records; those that hold under an active contract are only counted.
      results: reported.map(({ place, contractId, verdict }) => ({
        file: place.file,
        line: place.line ?? null,
        pointer: place.pointer,
        contractId: typeof contractId === 'string' ? contractId : null,
        ok: verdict.ok,
        status: verdict.status,
        madeAt: verdict.madeAt ?? null,
        problems: verdict.problems,
      })),
    },
    null,
    2,
  )}\n`;
}

const RULE_ID = 'OUTPUT_RECORD_INVALID';

function sarifReport(reported: readonly Checked[], cwd: string): string {
  const results: Result[] = reported.map(({ place, contractId, verdict }) => ({
    ruleId: RULE_ID,
    level: verdict.ok ? 'note' : 'error',
    message: {
      text: verdict.ok
        ? `${String(contractId)} is retired today; the record was made while it was active.`
        : `${typeof contractId === 'string' ? contractId : 'record'}: ${verdict.problems.join('; ')}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(place.file.split(path.sep).join('/')), uriBaseId: 'SRCROOT' },
          ...(place.line === undefined ? {} : { region: { startLine: place.line } }),
        },
        logicalLocations: [{ fullyQualifiedName: place.pointer === '' ? '/' : place.pointer, kind: 'object' }],
      },
    ],
  }));
  return sarifLog(results, cwd);
}

function sarifLog(results: readonly Result[], cwd: string, invocations?: Invocation[]): string {
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'role-registry',
            version: PACKAGE_VERSION,
            informationUri: DOCS_BASE_URL,
            rules: [
              {
                id: RULE_ID,
                name: RULE_ID,
                shortDescription: { text: 'An output record that the registry and its history do not confirm' },
                helpUri: `${DOCS_BASE_URL}/provenance.md#verifying-records`,
              },
            ],
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href}/` } },
        ...(invocations === undefined ? {} : { invocations }),
        results: [...results],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

export const registerVerifyRecords: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('verify-records')
    .description(
      'Check stored output records (JSON, JSON arrays, JSON Lines) against the lockfile and its git history: contract locked, surface hash the locked one, registry hash one the lockfile had.',
    )
    .argument('<files...>', 'files holding records (every object whose format is role-registry.output/1, at any depth)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (files: string[], options: { format: Format }) => {
      exit(await runVerifyRecords({ ...global(), files, format: options.format }, io));
    });
};
