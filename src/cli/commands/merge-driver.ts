import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandRegistration } from '../command.js';
import { writeFileAtomically } from '../../support/atomic-file.js';
import type { Finding } from '../../core/findings.js';
import { InputError } from '../../core/input-error.js';
import { decodeUtf8, JsonTextError } from '../../support/json-text.js';
import { lawContext } from '../../law/context.js';
import { parseLockfile, serializeLockfile, type Lockfile } from '../../lockfile/format.js';
import { lockfileEntrySpan } from '../../lockfile/entry.js';
import { mergeLockfiles, type MergeConflict, type MergeSide } from '../../merge/union.js';
import type { ReportContext } from '../../report/location.js';
import { findingText } from '../../report/finding-text.js';
import type { CommandIo } from '../io.js';

interface MergeDriverArguments {
  /** %O: the common ancestor's version (an empty file when there is none). */
  readonly ancestor: string;
  /** %A: our version; the merge result is written here. */
  readonly ours: string;
  /** %B: their version. */
  readonly theirs: string;
  /** %P: the path in the repository, for messages. */
  readonly pathname: string | undefined;
}

/**
 * `role-registry merge-driver %O %A %B %P`: a git merge driver for the lockfile (docs/merging.md).
 * Exit 0 with the canonical union written to %A; on a conflict, exit 1 with %A holding both sides
 * between conflict markers (so it can never be committed by accident) and the reasons on stderr.
 */
function runMergeDriver(args: MergeDriverArguments, io: CommandIo): number {
  const shown = args.pathname ?? 'role-registry.lock.json';
  const lockfile = path.resolve(io.cwd, shown);
  const context = lawContext(path.resolve(io.cwd), lockfile);
  const report: ReportContext = { root: io.cwd, cwd: io.cwd };
  const texts = { ancestor: readText(args.ancestor), ours: readText(args.ours), theirs: readText(args.theirs) };
  const problems: Finding[] = [];
  const parse = (text: string, side: string): Lockfile | undefined => {
    // A side's problems name the side as their file: their lines and columns count in that version.
    const file = `${lockfile} (${side})`;
    try {
      return parseLockfile(file, decodeUtf8(file, Buffer.from(text, 'latin1')));
    } catch (error) {
      const problem =
        error instanceof InputError
          ? error.finding
          : error instanceof JsonTextError
            ? new InputError('LOCKFILE_INVALID', file, `The lockfile cannot be read: ${error.message}.`, 'Fix that side first.', error.span)
                .finding
            : undefined;
      if (!problem) throw error;
      problems.push(problem);
      return undefined;
    }
  };
  const ancestor = texts.ancestor.trim() === '' ? undefined : parse(texts.ancestor, 'the common ancestor');
  const ours = parse(texts.ours, 'our side');
  const theirs = parse(texts.theirs, 'their side');
  if (problems.length > 0 || !ours || !theirs) {
    return conflict(args, texts, shown, problems, report, io, 2);
  }
  const result = mergeLockfiles(ancestor, ours, theirs, context);
  if (!result.ok) {
    const written = conflictedFile(texts);
    return conflict(
      args,
      texts,
      shown,
      result.conflicts.map((c) => locatedInConflictedFile(c, written, lockfile)),
      report,
      io,
      1,
    );
  }
  writeFileAtomically(args.ours, serializeLockfile(result.lock));
  return 0;
}

/** The file's bytes as latin1 (one char per byte), so that decodeUtf8 can judge the bytes. */
function readText(file: string): string {
  try {
    return readFileSync(file).toString('latin1');
  } catch (error) {
    throw new InputError(
      'LOCKFILE_INVALID',
      file,
      `Cannot read ${file}: ${(error as Error).message}.`,
      'git passes %O %A %B: configure the driver as `role-registry merge-driver %O %A %B %P`.',
    );
  }
}

/** What a conflict leaves in %A: both versions between conflict markers, so it is never committed by accident. */
function conflictedFile(texts: { readonly ours: string; readonly theirs: string }): {
  readonly bytes: Buffer;
  readonly sections: Record<MergeSide, { readonly text: string; readonly firstLine: number }>;
} {
  const withNewline = (bytes: Buffer): Buffer =>
    bytes.length === 0 || bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from('\n')]);
  const ours = withNewline(Buffer.from(texts.ours, 'latin1'));
  const theirs = withNewline(Buffer.from(texts.theirs, 'latin1'));
  const lines = (bytes: Buffer): number => bytes.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
  return {
    bytes: Buffer.concat([Buffer.from('<<<<<<< ours\n'), ours, Buffer.from('=======\n'), theirs, Buffer.from('>>>>>>> theirs\n')]),
    sections: {
      ours: { text: ours.toString('utf8'), firstLine: 2 },
      theirs: { text: theirs.toString('utf8'), firstLine: 2 + lines(ours) + 1 },
    },
  };
}

/**
 * A conflict pointed at its entry in the file the driver leaves behind (our version first, then
 * theirs), so that the position opens the right line; otherwise it names the lockfile only.
 */
function locatedInConflictedFile(conflict: MergeConflict, written: ReturnType<typeof conflictedFile>, lockfile: string): Finding {
  const entry = conflict.finding.lockfileEntry;
  if (!entry) return conflict.finding;
  for (const side of conflict.side === 'both' ? (['ours', 'theirs'] as const) : [conflict.side]) {
    const section = written.sections[side];
    const span = lockfileEntrySpan(lockfile, section.text, entry);
    if (span)
      return {
        ...conflict.finding,
        span: { ...span, line: span.line + section.firstLine - 1, endLine: span.endLine + section.firstLine - 1 },
      };
  }
  return conflict.finding;
}

function conflict(
  args: MergeDriverArguments,
  texts: { ours: string; theirs: string },
  shown: string,
  findings: readonly Finding[],
  report: ReportContext,
  io: CommandIo,
  code: number,
): number {
  const lines = [`role-registry merge-driver: ${shown} cannot be merged as the union of both sides:`];
  for (const f of findings) lines.push(findingText(f, report, '  '));
  lines.push(
    `Both versions are left in ${shown} between conflict markers; resolve, then run \`role-registry lock\` and \`role-registry check\`.`,
  );
  // Written first: if %A cannot be written (a full disk), that error is what the user must fix.
  writeFileAtomically(args.ours, conflictedFile(texts).bytes);
  io.stderr(`${lines.join('\n')}\n`);
  return code;
}

export const registerMergeDriver: CommandRegistration = ({ program, io, exit }) => {
  program
    .command('merge-driver')
    .description(
      'git merge driver for the lockfile: merges both sides as a union, or fails naming the conflicting id (see docs/merging.md).',
    )
    .argument('<ancestor>', '%O: the common ancestor version')
    .argument('<ours>', '%A: our version, where the result is written')
    .argument('<theirs>', '%B: their version')
    .argument('[pathname]', '%P: the path of the file in the repository, for messages')
    .action((ancestor: string, ours: string, theirs: string, pathname: string | undefined) => {
      exit(runMergeDriver({ ancestor, ours, theirs, pathname }, io));
    });
};
