import path from 'node:path';
import { globSync } from 'tinyglobby';
import { compareCodeUnits } from '../canonical/hashing.js';
import { InputError } from '../core/input-error.js';
import { CONFIG_FILE_NAME } from '../source/config.js';
import { formatText } from '../report/finding-text.js';
import { portableRelative } from '../support/portable-path.js';
import type { CommandIo, GlobalOptions } from './io.js';
import { EXIT_UNUSABLE } from './outcome.js';

export const RECURSIVE_FLAGS = '-r, --recursive';
export const RECURSIVE_HELP = `run for every ${CONFIG_FILE_NAME} below the working directory (node_modules and dot-folders skipped), one report, the highest exit code`;

/** How the outputs of several registries become one report. */
export type Combine =
  /** Each registry's text under a heading naming its config. */
  | 'sections'
  /** One line per registry: its one-line output, then its config (like `sha256sum`). */
  | 'lines'
  /** One JSON document: `{ registries: [{ config, exitCode, report }] }`. */
  | 'json'
  /** One SARIF log whose runs are every registry's runs. */
  | 'sarif'
  /** Annotations, one after the other. */
  | 'concatenated'
  /** Each registry's Markdown report under a heading naming its config. */
  | 'markdown-sections'
  /** One JSON array holding every registry's array (GitLab code quality). */
  | 'json-array';

/** Every role-registry.config.json below `cwd`, sorted; none is an error naming where it looked. */
function registryConfigsBelow(cwd: string): string[] {
  const found = globSync([`**/${CONFIG_FILE_NAME}`], {
    cwd,
    ignore: ['**/node_modules/**'],
    absolute: true,
    onlyFiles: true,
    // Dot-folders (.git, .cache, .turbo, …) hold copies and caches, never a project's own registry.
    dot: false,
    followSymbolicLinks: false,
  });
  const configs = found.map((file) => path.resolve(file)).sort(compareCodeUnits);
  if (configs.length === 0) {
    throw new InputError(
      'CONFIG_INVALID',
      path.join(cwd, CONFIG_FILE_NAME),
      `No ${CONFIG_FILE_NAME} in ${cwd} or any folder below it (node_modules and dot-folders are skipped).`,
      'Run the command in the repository (or the folder) that holds the registries, or run `role-registry init` in a package first.',
    );
  }
  return configs;
}

/**
 * Runs `run` once per registry below the working directory (each with its config named, paths in
 * its report relative to the working directory) and writes one combined report. The exit code is
 * the highest of all: unusable input in one registry (2) outranks a violation in another (1).
 */
export function forEachRegistry(
  global: GlobalOptions,
  io: CommandIo,
  combine: Combine,
  run: (options: GlobalOptions, io: CommandIo) => number,
): number {
  if (global.configFile !== undefined) {
    throw new InputError(
      'CONFIG_INVALID',
      path.resolve(global.cwd, global.configFile),
      '--recursive finds every config below the working directory, so it does not take --config.',
      'Drop --config, or drop --recursive to run on that one config.',
    );
  }
  const results = registryConfigsBelow(global.cwd).map((configFile) => {
    let stdout = '';
    let stderr = '';
    const captured: CommandIo = { cwd: io.cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) };
    let exitCode: number;
    try {
      exitCode = run({ ...global, configFile }, captured);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      stderr += formatText([error.finding], { root: global.cwd, cwd: global.cwd }, '');
      exitCode = EXIT_UNUSABLE;
    }
    return { config: portableRelative(global.cwd, configFile), stdout, stderr, exitCode };
  });
  const exitCode = Math.max(...results.map((result) => result.exitCode));
  switch (combine) {
    case 'sections':
      for (const result of results) {
        io.stdout(`── ${result.config} (exit ${result.exitCode})\n${result.stdout}`);
        if (result.stderr) io.stderr(`── ${result.config}\n${result.stderr}`);
      }
      io.stdout(`\n${summary(results)}\n`);
      break;
    case 'lines':
      for (const result of results) {
        const line = result.exitCode === 0 ? result.stdout.trimEnd() : `(exit ${result.exitCode})`;
        io.stdout(`${line}  ${result.config}\n`);
        if (result.stderr) io.stderr(`── ${result.config}\n${result.stderr}`);
      }
      break;
    case 'json':
      io.stdout(
        `${JSON.stringify(
          {
            registries: results.map((result) => ({
              config: result.config,
              exitCode: result.exitCode,
              report: parsedOrNull(result.stdout),
            })),
            exitCode,
          },
          null,
          2,
        )}\n`,
      );
      for (const result of results) if (result.stderr) io.stderr(result.stderr);
      break;
    case 'sarif': {
      const logs = results.map((result) => parsedOrNull(result.stdout) as { runs?: unknown[] } | null);
      const first = logs.find((log) => log !== null) ?? {};
      io.stdout(`${JSON.stringify({ ...first, runs: logs.flatMap((log) => log?.runs ?? []) }, null, 2)}\n`);
      for (const result of results) if (result.stderr) io.stderr(result.stderr);
      break;
    }
    case 'concatenated':
      for (const result of results) {
        io.stdout(result.stdout);
        if (result.stderr) io.stderr(result.stderr);
      }
      break;
    case 'markdown-sections':
      for (const result of results) {
        io.stdout(`## \`${result.config}\` (exit ${result.exitCode})\n\n${result.stdout}\n`);
        if (result.stderr) io.stderr(result.stderr);
      }
      io.stdout(`${summary(results)}\n`);
      break;
    case 'json-array': {
      const issues = results.flatMap((result) => {
        const parsed = parsedOrNull(result.stdout);
        return Array.isArray(parsed) ? parsed : [];
      });
      io.stdout(`${JSON.stringify(issues, null, 2)}\n`);
      for (const result of results) if (result.stderr) io.stderr(result.stderr);
      break;
    }
  }
  return exitCode;
}

function summary(results: readonly { exitCode: number }[]): string {
  const count = (code: number): number => results.filter((result) => result.exitCode === code).length;
  return `${results.length} registries: ${count(0)} clean, ${count(1)} with violations, ${count(2)} unusable.`;
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
