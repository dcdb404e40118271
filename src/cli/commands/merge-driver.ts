import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandRegistration } from '../command.js';
import type { Finding } from '../../findings.js';
import { InputError } from '../../input-error.js';
import { decodeUtf8, JsonTextError } from '../../json-text.js';
import { lawContext } from '../../law/context.js';
import { parseLockfile, serializeLockfile, type Lockfile } from '../../lockfile/format.js';
import { mergeLockfiles } from '../../merge/union.js';
import type { CommandIo } from '../io.js';

export interface MergeDriverArguments {
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
export function runMergeDriver(args: MergeDriverArguments, io: CommandIo): number {
  const shown = args.pathname ?? 'role-registry.lock.json';
  const context = lawContext(path.resolve(io.cwd), path.resolve(io.cwd, shown));
  const texts = { ancestor: readText(args.ancestor), ours: readText(args.ours), theirs: readText(args.theirs) };
  const problems: Finding[] = [];
  const parse = (text: string, side: string): Lockfile | undefined => {
    try {
      return parseLockfile(`${shown} (${side})`, decodeUtf8(`${shown} (${side})`, Buffer.from(text, 'latin1')));
    } catch (error) {
      const problem =
        error instanceof InputError
          ? error.finding
          : error instanceof JsonTextError
            ? new InputError('LOCKFILE_INVALID', shown, `The lockfile cannot be read: ${error.message}.`, 'Fix that side first.').finding
            : undefined;
      if (!problem) throw error;
      problems.push({ ...problem, message: `(${side}) ${problem.message}` });
      return undefined;
    }
  };
  const ancestor = texts.ancestor.trim() === '' ? undefined : parse(texts.ancestor, 'the common ancestor');
  const ours = parse(texts.ours, 'our side');
  const theirs = parse(texts.theirs, 'their side');
  if (problems.length > 0 || !ours || !theirs) {
    return conflict(args, texts, shown, problems, io, 2);
  }
  const result = mergeLockfiles(ancestor, ours, theirs, context);
  if (!result.ok) return conflict(args, texts, shown, result.conflicts, io, 1);
  writeFileSync(args.ours, serializeLockfile(result.lock));
  return 0;
}

/** The file's bytes as latin1 (one char per byte), so that decodeUtf8 can judge the bytes. */
function readText(file: string): string {
  try {
    return readFileSync(file).toString('latin1');
  } catch (error) {
    throw new InputError('LOCKFILE_INVALID', file, `Cannot read ${file}: ${(error as Error).message}.`, 'git passes %O %A %B: configure the driver as `role-registry merge-driver %O %A %B %P`.');
  }
}

function conflict(args: MergeDriverArguments, texts: { ours: string; theirs: string }, shown: string, findings: readonly Finding[], io: CommandIo, code: number): number {
  const lines = [`role-registry merge-driver: ${shown} cannot be merged as the union of both sides:`];
  for (const f of findings) {
    lines.push(`  ${f.code}  ${f.message}`, `    → ${f.hint}`);
  }
  lines.push(`Both versions are left in ${shown} between conflict markers; resolve, then run \`role-registry lock\` and \`role-registry check\`.`);
  io.stderr(`${lines.join('\n')}\n`);
  const ours = Buffer.from(texts.ours, 'latin1');
  const theirs = Buffer.from(texts.theirs, 'latin1');
  const withNewline = (bytes: Buffer): Buffer => (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from('\n')]));
  writeFileSync(args.ours, Buffer.concat([Buffer.from('<<<<<<< ours\n'), withNewline(ours), Buffer.from('=======\n'), withNewline(theirs), Buffer.from('>>>>>>> theirs\n')]));
  return code;
}

export const registerMergeDriver: CommandRegistration = ({ program, io, exit }) => {
  program
    .command('merge-driver')
    .description('git merge driver for the lockfile: merges both sides as a union, or fails naming the conflicting id (see docs/merging.md).')
    .argument('<ancestor>', '%O: the common ancestor version')
    .argument('<ours>', '%A: our version, where the result is written')
    .argument('<theirs>', '%B: their version')
    .argument('[pathname]', '%P: the path of the file in the repository, for messages')
    .action((ancestor: string, ours: string, theirs: string, pathname: string | undefined) => {
      exit(runMergeDriver({ ancestor, ours, theirs, pathname }, io));
    });
};
