import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { writeFilesAtomically } from '../support/atomic-file.js';
import { withoutBom } from '../support/bom.js';
import { assertInsideProject } from '../support/confinement.js';
import { isInputProblem, type Finding } from '../core/findings.js';
import { blocksLocking } from '../law/judge.js';
import { describeChange, nextLockfile, type LockChange } from '../project/lock-update.js';
import { portableRelative } from '../support/portable-path.js';
import type { Registry, RegistryState } from '../project/registry.js';
import { formatText } from '../report/finding-text.js';
import { CodemodRefusal } from './refusal.js';

/**
 * What every codemod does around its rewrite: read the sources, ask the engine whether the
 * rewritten text breaks a law, show the diff and what `lock` will record, write atomically.
 */

export interface SourceText {
  readonly file: string;
  /** The text without a byte-order mark (what the engine and ts-morph read). */
  readonly text: string;
  readonly bom: boolean;
}

export function readSource(file: string): SourceText {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CodemodRefusal(`cannot read ${file}: ${(error as Error).message}.`, 'Check that the file exists and is readable.', 2);
  }
  const text = withoutBom(raw);
  return { file, text, bom: text !== raw };
}

export interface PlannedFile {
  readonly file: string;
  /** Undefined for a file the codemod creates. */
  readonly before: SourceText | undefined;
  readonly after: string;
}

/** The registry state before any rewrite: input problems (unparseable files, bad lockfile) stop here. */
export function inspectBefore(registry: Registry): RegistryState {
  const state = registry.inspect();
  const unusable = state.findings.filter(isInputProblem);
  if (unusable.length > 0) throw new UnusableInput(unusable);
  return state;
}

/** Input problems the engine reported: shown as findings, exit 2. */
export class UnusableInput extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super('unusable input');
  }
}

const findingKey = (f: Finding): string =>
  `${f.code}\0${f.subject.roleId ?? ''}\0${f.subject.alias ?? ''}\0${f.subject.contractId ?? ''}\0${f.span?.file ?? f.inputFile ?? f.declaredIn ?? ''}`;

/**
 * Findings `after` has that `before` did not: the law the rewrite would break. Additions waiting to
 * be locked (LOCK_OUTDATED) are the expected result of every codemod and never count.
 */
function introducedFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of before) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  const introduced: Finding[] = [];
  for (const f of after) {
    const key = findingKey(f);
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else if (f.code !== 'LOCK_OUTDATED') introduced.push(f);
  }
  return introduced;
}

/** Re-analyses the rewritten texts in memory and refuses when they break a law that was not broken. */
export function judgeRewrite(registry: Registry, before: RegistryState, files: readonly PlannedFile[], cwd: string): RegistryState {
  const overrides = new Map(files.map((planned) => [planned.file, planned.after]));
  const after = registry.inspect({ overrides });
  const introduced = introducedFindings(before.findings, after.findings);
  if (introduced.length > 0) {
    throw new LawRefusal(introduced, formatText(introduced, { root: registry.config.root, cwd }, ''));
  }
  return after;
}

/** The rewrite would break the law: the findings, as `check` would print them on the rewritten source. */
export class LawRefusal extends CodemodRefusal {
  constructor(
    readonly findings: readonly Finding[],
    readonly report: string,
  ) {
    super('the change would break the law; nothing was changed.', 'Fix what the findings above name, or make the change by hand.', 1);
  }
}

export function unifiedDiff(files: readonly PlannedFile[], cwd: string): string {
  return files
    .map((planned) => {
      const name = portableRelative(cwd, planned.file);
      const patch = createTwoFilesPatch(
        planned.before ? `a/${name}` : '/dev/null',
        `b/${name}`,
        planned.before?.text ?? '',
        planned.after,
        undefined,
        undefined,
        { context: 3 },
      );
      // jsdiff starts with a line of '=' (its Index header); git-style patches start at '---'.
      return patch.replace(/^=+\r?\n/, '');
    })
    .join('');
}

/** What `lock` will record once the rewrite is written (and what would stop it). */
function lockPreview(registry: Registry, after: RegistryState): { changes: LockChange[]; text: string } {
  const { changes } = nextLockfile(after.source.roles, after.lock, registry.context);
  const blocking = after.findings.filter(blocksLocking);
  const lines =
    changes.length === 0
      ? ['`role-registry lock` will then have nothing to record.']
      : ['`role-registry lock` will then record:', ...changes.map((change) => `  ${describeChange(change)}`)];
  if (blocking.length > 0)
    lines.push(
      `(It refuses until the ${blocking.length} problem${blocking.length === 1 ? '' : 's'} \`role-registry check\` reports already are fixed.)`,
    );
  return { changes, text: `${lines.join('\n')}\n` };
}

/**
 * Writes the files as one atomic change (src/support/atomic-file.ts: all staged in full before any is put in
 * place; a full disk leaves every file as it was). A file that changed on disk since it was read is
 * not overwritten: the whole write is refused first.
 */
export function writePlanned(files: readonly PlannedFile[], root: string): void {
  for (const planned of files) assertInsideProject(planned.file, root, 'The source file to rewrite');
  for (const planned of files) {
    let current: string | undefined;
    try {
      current = readFileSync(planned.file, 'utf8');
    } catch {
      current = undefined;
    }
    const expected = planned.before ? (planned.before.bom ? '\ufeff' : '') + planned.before.text : undefined;
    if (current !== expected) {
      throw new CodemodRefusal(
        planned.before
          ? `${planned.file} changed on disk while the rewrite was prepared.`
          : `${planned.file} appeared on disk while the files were prepared.`,
        'Run the command again.',
        2,
      );
    }
  }
  writeFilesAtomically(
    files.map((planned) => ({
      file: planned.file,
      bytes: (planned.before?.bom ? '\ufeff' : '') + planned.after,
      mode: planned.before ? 'replace' : 'create',
    })),
  );
}

export function relativeTo(cwd: string, file: string): string {
  return portableRelative(cwd, file) || '.';
}

/**
 * What a source-rewriting codemod decided, for the command to show and, unless it is a dry run,
 * write with `writePlanned`: the files and their new text, notes for the user, what `lock` will
 * record afterwards, and the step that comes next.
 */
export interface CodemodPlan {
  readonly files: readonly PlannedFile[];
  readonly notes: readonly string[];
  readonly lockPreview: string;
  readonly nextStep: string;
  /** The project root: every planned file must stay inside it. */
  readonly root: string;
}

/** The plan of a rewrite the law accepted (`after` is the state `judgeRewrite` returned). */
export function planOf(
  registry: Registry,
  files: readonly PlannedFile[],
  after: RegistryState,
  notes: readonly string[],
  nextStep: string,
): CodemodPlan {
  return { files, notes, lockPreview: lockPreview(registry, after).text, nextStep, root: registry.config.root };
}
