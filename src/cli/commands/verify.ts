import type { CommandRegistration } from '../command.js';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readStatement, type ReadStatement } from '../../provenance/attestation-statement.js';
import { isUnusable, locateArtifact } from '../../provenance/attested-artifact.js';
import { canonicalJson } from '../../canonical/hashing.js';
import { InputError } from '../../core/input-error.js';
import { registryHashProblem, sha256OfBytes } from '../../provenance/attestation.js';
import { provenanceOf, type RegistryProvenance } from '../../provenance/value.js';
import { Registry } from '../../project/registry.js';
import type { CommandIo, GlobalOptions } from '../io.js';

interface VerifyOptions extends GlobalOptions {
  readonly files: readonly string[];
  /** An in-toto statement written by `attest`: its subjects are verified too, by sha256. */
  readonly attestation?: string | undefined;
}

/**
 * `role-registry verify <files…>`: every artifact must carry the registry hash of the current
 * lockfile. Exit 0 when all do, 1 when one carries none or another, 2 when input is unusable.
 */
function runVerify(options: VerifyOptions, io: CommandIo): number {
  if (options.files.length === 0 && options.attestation === undefined) {
    io.stderr(
      'role-registry verify: name the artifacts to check, or an attestation statement.\n    → Run `role-registry verify <files...>` or `role-registry verify --attestation <statement> [files...]`.\n',
    );
    return 2;
  }
  const registry = Registry.open(options);
  const lock = registry.lockfile();
  if (!lock)
    throw new InputError(
      'LOCKFILE_INVALID',
      registry.config.lockfile,
      `There is no lockfile at ${registry.config.lockfile} to verify against.`,
      'Run `role-registry init` first.',
    );
  const provenance = provenanceOf(lock);
  if (options.attestation !== undefined) return verifyAttestation(options, options.attestation, registry.config.root, provenance, io);
  const expected = provenance.registryHash;
  let failed = 0;
  for (const file of options.files) {
    let text: string;
    try {
      text = readFileSync(path.resolve(options.cwd, file), 'latin1');
    } catch (error) {
      io.stderr(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const problem = registryHashProblem(text, expected);
    if (problem === undefined) {
      io.stdout(`✔ ${file}: registry ${expected}.\n`);
    } else {
      failed += 1;
      io.stdout(`✖ ${file}: ${problem}.\n`);
    }
  }
  if (failed > 0)
    io.stdout(
      `\n${failed} of ${options.files.length} artifact${options.files.length === 1 ? '' : 's'} do not carry the current registry hash.\n`,
    );
  return failed > 0 ? 1 : 0;
}

/**
 * `verify --attestation <statement> [files…]`: the statement must be one `attest` wrote for the
 * current lockfile, each subject must be on disk with the attested sha256 and carry the current
 * registry hash, and each file named besides must be a subject. Every mismatch is reported, not
 * only the first.
 */
function verifyAttestation(options: VerifyOptions, shown: string, root: string, provenance: RegistryProvenance, io: CommandIo): number {
  const statementFile = path.resolve(options.cwd, shown);
  let bytes: Buffer;
  try {
    bytes = readFileSync(statementFile);
  } catch (error) {
    throw new InputError(
      'ATTESTATION_INVALID',
      statementFile,
      `Cannot read the attestation statement: ${(error as Error).message}.`,
      'Pass the file that `role-registry attest --out <statement>` wrote.',
    );
  }
  const statement = readStatement(statementFile, bytes);
  const realRoot = realpathSync.native(root);

  const lines: string[] = [];
  let failed = 0;
  const fail = (line: string): void => {
    failed += 1;
    lines.push(`✖ ${line}`);
  };
  judgeStatement(statement, provenance, shown, fail, (line) => lines.push(`✔ ${line}`));
  const expected = provenance.registryHash;
  for (const subject of statement.subjects) {
    const artifact = locateArtifact(realRoot, path.resolve(realRoot, subject.name));
    if (isUnusable(artifact)) {
      fail(
        artifact.missing
          ? `${subject.name}: missing; the statement binds it with sha256 ${subject.sha256}.`
          : `${subject.name}: ${artifact.problem}.`,
      );
      continue;
    }
    let content: Buffer;
    try {
      content = readFileSync(artifact.file);
    } catch (error) {
      fail(`${subject.name}: cannot be read (${(error as Error).message}).`);
      continue;
    }
    const actual = sha256OfBytes(content);
    const problem = registryHashProblem(content.toString('latin1'), expected);
    if (actual !== subject.sha256)
      fail(`${subject.name}: its sha256 is ${actual}, but the statement binds ${subject.sha256}; it changed after it was attested.`);
    if (problem !== undefined) fail(`${subject.name}: ${problem}.`);
    if (actual === subject.sha256 && problem === undefined)
      lines.push(`✔ ${subject.name}: sha256 ${actual} as attested, registry ${expected}.`);
  }
  const subjectNames = new Set(statement.subjects.map((subject) => subject.name));
  for (const file of options.files) {
    const artifact = locateArtifact(realRoot, path.resolve(options.cwd, file));
    if (isUnusable(artifact)) fail(`${file}: ${artifact.problem}.`);
    else if (!subjectNames.has(artifact.name)) fail(`${file}: not a subject of ${shown}; it was not attested.`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  if (failed === 0) return 0;
  io.stdout(`\n${failed} problem${failed === 1 ? '' : 's'}: ${shown} does not vouch for these artifacts.\n`);
  return 1;
}

/** The statement as a whole: made for the current lockfile, with its provenance value unedited. */
function judgeStatement(
  statement: ReadStatement,
  provenance: RegistryProvenance,
  shown: string,
  fail: (line: string) => void,
  pass: (line: string) => void,
): void {
  if (statement.registryHash !== provenance.registryHash) {
    fail(
      `${shown}: attests registry ${statement.registryHash}, but the lockfile is at ${provenance.registryHash}; rebuild and attest again.`,
    );
  } else if (!sameJson(statement.predicate, provenance)) {
    fail(
      `${shown}: its predicate names registry ${provenance.registryHash} but is not that registry's provenance value; it was edited after attest wrote it.`,
    );
  } else {
    pass(`${shown}: attests registry ${provenance.registryHash}.`);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    // A value without a canonical form (a lone surrogate in a string) is no provenance value.
    return false;
  }
}

export const registerVerify: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('verify')
    .description(
      'Check that built artifacts carry the registry hash of the current lockfile; with --attestation, also that the statement attest wrote is for the current lockfile and each subject has its attested sha256. Exit 1 on a mismatch, 2 on unusable input.',
    )
    .argument('[files...]', 'built artifacts (with --attestation: files that must be subjects of the statement)')
    .option('--attestation <statement>', 'an in-toto statement written by `role-registry attest`: check it and every subject it binds')
    .action((files: string[], options: { attestation?: string }) => {
      exit(runVerify({ ...global(), files, attestation: options.attestation }, io));
    });
};
