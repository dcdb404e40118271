import { formatText } from '../report/finding-text.js';
import { LawRefusal, relativeTo, UnusableInput, unifiedDiff, writePlanned, type CodemodPlan } from '../codemods/pipeline.js';
import { CodemodRefusal } from '../codemods/refusal.js';
import type { CommandIo } from './io.js';

/**
 * How the codemod commands talk to the user: the codemods return a plan or throw a refusal, and
 * this module prints it, writes it and chooses the exit code. Loaded only by those commands (it
 * brings the codemods' pipeline, never ts-morph).
 */

/** Shows the diff and what `lock` will record, then writes (unless --dry-run). */
export function showAndWrite(plan: CodemodPlan, io: CommandIo, cwd: string, dryRun: boolean): number {
  io.stdout(unifiedDiff(plan.files, cwd));
  io.stdout(`\n${plan.lockPreview}`);
  for (const note of plan.notes) io.stdout(`Note: ${note}\n`);
  if (dryRun) {
    io.stdout('Dry run: nothing was written.\n');
    return 0;
  }
  writePlanned(plan.files, plan.root);
  io.stdout(`Wrote ${plan.files.map((file) => relativeTo(cwd, file.file)).join(', ')}. ${plan.nextStep}\n`);
  return 0;
}

/** Prints a refusal (or unusable input) and returns its exit code; anything else is rethrown. */
export function reportRefusal(command: string, error: unknown, io: CommandIo, report: { root: string; cwd: string }): number {
  if (error instanceof LawRefusal) {
    io.stderr(error.report);
    io.stderr(`role-registry ${command}: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CodemodRefusal) {
    if (error.findingsReport !== undefined) io.stderr(error.findingsReport);
    const where = error.where ? `${relativeTo(report.cwd, error.where.file)}:${error.where.line}:${error.where.column}: ` : '';
    io.stderr(`role-registry ${command}: ${where}${error.message}\n    → ${error.hint}\nNothing was changed.\n`);
    return error.exitCode;
  }
  if (error instanceof UnusableInput) {
    io.stderr(formatText(error.findings, report, ''));
    io.stderr(`role-registry ${command}: the input above is unusable; nothing was changed.\n`);
    return 2;
  }
  throw error;
}
