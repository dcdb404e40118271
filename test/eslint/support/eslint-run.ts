import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Fixture } from './fixture.js';

interface LintMessage {
  readonly file: string;
  readonly ruleId: string | null;
  readonly messageId?: string;
  readonly severity: number;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface EslintRun {
  readonly code: number;
  readonly messages: readonly LintMessage[];
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the project's `eslint` CLI (node_modules/eslint) with the JSON formatter, in a child process. */
export function runEslint(project: Fixture, args: readonly string[] = ['.']): Promise<EslintRun> {
  const bin = project.file('node_modules/eslint/bin/eslint.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, '--format', 'json', ...args],
      { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let messages: LintMessage[] = [];
        try {
          const results = JSON.parse(stdout) as { filePath: string; messages: Omit<LintMessage, 'file'>[] }[];
          messages = results.flatMap((result) =>
            result.messages.map((m) => ({ ...m, file: path.relative(project.dir, result.filePath).split(path.sep).join('/') })),
          );
        } catch {
          messages = [];
        }
        resolve({ code, messages, stdout, stderr });
      },
    );
  });
}

/** The messages as `file:line:column rule messageId`, sorted: compact to assert exactly. */
export function summary(run: EslintRun): string[] {
  return run.messages.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.messageId ?? m.message}`).sort();
}
