/**
 * `attest` certifies only what `verify` accepts, and `verify --attestation` checks the statement
 * and every subject's sha256: the real CLI on a published project in a temp directory, with real
 * files and symbolic links.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyTree, removeTree, runCliAsync, snapshotTree, STACK_TRACE, tempDir, writeFiles, type CliResult } from '../support/cli.js';
import { writeStudio } from '../support/studio.js';

const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const PREDICATE_TYPE = 'https://github.com/role-registry/role-registry/blob/main/docs/transformer.md#predicate-registry-provenance-v1';

let template: string;
let tmp: string;
let project: string;
let current: string;
const OTHER = 'a'.repeat(64);

beforeAll(async () => {
  template = tempDir('attest-template');
  writeStudio(template);
  current = (JSON.parse((await runCliAsync(['provenance'], template)).stdout) as { registryHash: string }).registryHash;
});

afterAll(() => removeTree(template));

beforeEach(() => {
  tmp = realpathSync(tempDir('attest'));
  project = path.join(tmp, 'project');
  copyTree(template, project);
  return () => removeTree(tmp);
});

const built = (hash: string): string =>
  `const REGISTRY_PROVENANCE = Object.freeze({ registryHash: "${hash}" });\nconsole.log(REGISTRY_PROVENANCE);\n`;
const sha = (file: string): string =>
  createHash('sha256')
    .update(readFileSync(path.join(project, file)))
    .digest('hex');
const cli = (...args: string[]): Promise<CliResult> => runCliAsync(args, project);

function expectClean(result: CliResult): void {
  expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK_TRACE);
  expect(result.stderr).not.toContain('internal error');
}

describe('attest refuses what verify would reject (exit 2, every bad subject named, nothing written)', () => {
  it('a file with another registry hash, one with none, one that does not exist, and one outside the project, each in one sentence', async () => {
    writeFiles(project, { 'dist/ok.js': built(current), 'dist/old.js': built(OTHER), 'dist/none.js': 'console.log(1);\n' });
    writeFiles(tmp, { 'outside/app.js': built(current) });
    const before = snapshotTree(tmp);
    const result = await cli(
      'attest',
      'dist/ok.js',
      'dist/old.js',
      'dist/none.js',
      'dist/gone.js',
      '../outside/app.js',
      '--out',
      'dist/statement.json',
    );
    expectClean(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `✖ dist/old.js: built against registry ${OTHER}, but the lockfile is at ${current}. Rebuild it.`,
        '✖ dist/none.js: carries no registry hash (was it built without the role-registry transformer or bundler plugin?).',
        '✖ dist/gone.js: does not exist.',
        `✖ ../outside/app.js: is outside the project root ${project}; only files of the project are attested.`,
        `Nothing attested: a statement binds only files of the project that carry the registry hash of the current lockfile (${current}).`,
        '    → Rebuild those files against the current lockfile, or leave them out, and run attest again.',
        '',
      ].join('\n'),
    );
    expect(snapshotTree(tmp)).toEqual(before);
  });

  it('a file carrying the current hash and another one is refused too (verify rejects it)', async () => {
    writeFiles(project, { 'dist/mixed.js': built(current) + built(OTHER) });
    const result = await cli('attest', 'dist/mixed.js');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `✖ dist/mixed.js: built against registry ${OTHER}, but the lockfile is at ${current}. Rebuild it.`,
    );
  });

  it('a link inside the project that leads outside it is refused by its real path, before reading it', async () => {
    writeFiles(tmp, { 'outside/app.js': built(current) });
    mkdirSync(path.join(project, 'dist'));
    symlinkSync(path.join(tmp, 'outside'), path.join(project, 'dist/linked'));
    const result = await cli('attest', 'dist/linked/app.js');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `✖ dist/linked/app.js: is outside the project root ${project} (its real path is ${path.join(tmp, 'outside/app.js')}); only files of the project are attested.`,
    );
  });

  it('a directory is no subject', async () => {
    mkdirSync(path.join(project, 'dist'));
    const result = await cli('attest', 'dist');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('✖ dist: is not a regular file.');
  });
});

describe('attest names each real file once, by its path from the project root', () => {
  it('a.js, ./a.js, a path through a linked directory and a link to the file are one subject; the notes say so', async () => {
    writeFiles(project, { 'dist/a.js': built(current), 'dist/b.js': built(current) });
    symlinkSync('dist', path.join(project, 'build'));
    symlinkSync('a.js', path.join(project, 'dist/latest.js'));
    mkdirSync(path.join(project, 'packages'));
    const result = await runCliAsync(
      ['attest', '../dist/a.js', './../dist/b.js', '../dist/./a.js', '../build/a.js', '../dist/latest.js'],
      path.join(project, 'packages'),
    );
    expectClean(result);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        'note: ../dist/./a.js is the same file as ../dist/a.js; it is attested once, as dist/a.js.',
        'note: ../build/a.js is the same file as ../dist/a.js; it is attested once, as dist/a.js.',
        'note: ../dist/latest.js is the same file as ../dist/a.js; it is attested once, as dist/a.js.',
        '',
      ].join('\n'),
    );
    const statement = JSON.parse(result.stdout) as { subject: unknown };
    expect(statement.subject).toEqual([
      { name: 'dist/a.js', digest: { sha256: sha('dist/a.js') } },
      { name: 'dist/b.js', digest: { sha256: sha('dist/b.js') } },
    ]);
  });
});

describe('verify --attestation', () => {
  async function attested(...files: string[]): Promise<void> {
    const result = await cli('attest', ...files, '--out', 'statement.intoto.json');
    expect(result.code, result.stderr).toBe(0);
  }
  const statement = (): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(project, 'statement.intoto.json'), 'utf8')) as Record<string, unknown>;
  const setStatement = (value: unknown): void =>
    writeFileSync(path.join(project, 'statement.intoto.json'), `${JSON.stringify(value, null, 2)}\n`);

  it('accepts the statement attest wrote while every subject is unchanged (exit 0), also with the subjects named', async () => {
    writeFiles(project, { 'dist/a.js': built(current), 'dist/b.js': built(current) });
    await attested('dist/a.js', 'dist/b.js');
    const result = await cli('verify', '--attestation', 'statement.intoto.json');
    expectClean(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `✔ statement.intoto.json: attests registry ${current}.`,
        `✔ dist/a.js: sha256 ${sha('dist/a.js')} as attested, registry ${current}.`,
        `✔ dist/b.js: sha256 ${sha('dist/b.js')} as attested, registry ${current}.`,
        '',
      ].join('\n'),
    );
    expect((await cli('verify', '--attestation', 'statement.intoto.json', 'dist/a.js', './dist/b.js')).code).toBe(0);
  });

  it('reports each changed, missing and extra file, and a subject rebuilt against another registry (exit 1)', async () => {
    writeFiles(project, {
      'dist/a.js': built(current),
      'dist/b.js': built(current),
      'dist/c.js': built(current),
      'dist/extra.js': built(current),
    });
    await attested('dist/a.js', 'dist/b.js', 'dist/c.js');
    const attestedA = sha('dist/a.js');
    const attestedC = sha('dist/c.js');
    writeFiles(project, { 'dist/a.js': `${built(current)}// patched\n`, 'dist/c.js': built(OTHER) });
    unlinkSync(path.join(project, 'dist/b.js'));
    const before = snapshotTree(tmp);
    const result = await cli('verify', '--attestation', 'statement.intoto.json', 'dist/a.js', 'dist/extra.js');
    expectClean(result);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `✔ statement.intoto.json: attests registry ${current}.`,
        `✖ dist/a.js: its sha256 is ${sha('dist/a.js')}, but the statement binds ${attestedA}; it changed after it was attested.`,
        `✖ dist/b.js: missing; the statement binds it with sha256 ${statement()['subject'] && (statement()['subject'] as { digest: { sha256: string } }[])[1]!.digest.sha256}.`,
        `✖ dist/c.js: its sha256 is ${sha('dist/c.js')}, but the statement binds ${attestedC}; it changed after it was attested.`,
        `✖ dist/c.js: built against registry ${OTHER}, but the lockfile is at ${current}. Rebuild it.`,
        '✖ dist/extra.js: not a subject of statement.intoto.json; it was not attested.',
        '',
        '5 problems: statement.intoto.json does not vouch for these artifacts.',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(snapshotTree(tmp)).toEqual(before);
  });

  it('a statement of an earlier lockfile fails after the next lock (exit 1), and so does an edited predicate', async () => {
    writeFiles(project, { 'dist/a.js': built(current) });
    await attested('dist/a.js');
    const original = statement();
    setStatement({ ...original, predicate: { ...(original['predicate'] as object), roleCount: 99 } });
    const edited = await cli('verify', '--attestation', 'statement.intoto.json');
    expect(edited.code).toBe(1);
    expect(edited.stdout.split('\n')[0]).toBe(
      `✖ statement.intoto.json: its predicate names registry ${current} but is not that registry's provenance value; it was edited after attest wrote it.`,
    );
    setStatement(original);
    writeFiles(project, {
      'src/roles/gaffer.ts': "import { defineRole } from 'role-registry';\nexport const gaffer = defineRole({ role_id: 'gaffer' });\n",
    });
    expect((await cli('lock')).code).toBe(0);
    const next = (JSON.parse((await cli('provenance')).stdout) as { registryHash: string }).registryHash;
    const stale = await cli('verify', '--attestation', 'statement.intoto.json');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe(
      [
        `✖ statement.intoto.json: attests registry ${current}, but the lockfile is at ${next}; rebuild and attest again.`,
        `✖ dist/a.js: built against registry ${current}, but the lockfile is at ${next}. Rebuild it.`,
        '',
        '2 problems: statement.intoto.json does not vouch for these artifacts.',
        '',
      ].join('\n'),
    );
  });

  it('a subject that became a link out of the project is refused without reading it (exit 1)', async () => {
    writeFiles(project, { 'dist/a.js': built(current) });
    writeFiles(tmp, { 'outside/a.js': built(current) });
    await attested('dist/a.js');
    unlinkSync(path.join(project, 'dist/a.js'));
    symlinkSync(path.join(tmp, 'outside/a.js'), path.join(project, 'dist/a.js'));
    const result = await cli('verify', '--attestation', 'statement.intoto.json');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[1]).toBe(
      `✖ dist/a.js: is outside the project root ${project} (its real path is ${path.join(tmp, 'outside/a.js')}); only files of the project are attested.`,
    );
  });

  const HINT =
    '    → Verify the statement that `role-registry attest --out <statement> <files...>` wrote, unedited; a rewritten statement, or one of another tool, cannot vouch for these artifacts.';
  const subject = { name: 'dist/a.js', digest: { sha256: 'b'.repeat(64) } };
  const valid = (): Record<string, unknown> => ({
    _type: STATEMENT_TYPE,
    subject: [subject],
    predicateType: PREDICATE_TYPE,
    predicate: { registryHash: 'c'.repeat(64) },
  });

  it.each([
    [
      'malformed JSON',
      '{\n  "_type": "x",\n  "subject": [\n}\n',
      '4:1',
      'The attestation statement cannot be read: it is not valid JSON: the file ends too early (value expected); it may be truncated (line 4, column 1).',
    ],
    [
      'a duplicate key',
      '{\n  "_type": "x",\n  "_type": "y"\n}\n',
      '3:3',
      'The attestation statement cannot be read: the key "_type" appears twice in one object (JSON parsers keep only one of them silently) (line 3, column 3).',
    ],
    ['an array', '[]\n', '1:1', 'The attestation statement is invalid at line 1, column 1: it is not a JSON object.'],
    [
      'another _type',
      { ...valid(), _type: 'https://in-toto.io/Statement/v0.1' },
      '2:12',
      `The attestation statement is invalid at line 2, column 12: "_type" is "https://in-toto.io/Statement/v0.1", not "${STATEMENT_TYPE}": it is not an in-toto Statement v1.`,
    ],
    [
      'no _type',
      (({ _type, ...rest }) => rest)(valid()),
      '1:1',
      `The attestation statement is invalid at line 1, column 1: it has no "_type", not "${STATEMENT_TYPE}": it is not an in-toto Statement v1.`,
    ],
    [
      'another predicateType',
      { ...valid(), predicateType: 'https://slsa.dev/provenance/v1' },
      '11:20',
      `The attestation statement is invalid at line 11, column 20: "predicateType" is "https://slsa.dev/provenance/v1", not "${PREDICATE_TYPE}": it is not a role-registry attestation.`,
    ],
    [
      'a predicate without registryHash',
      { ...valid(), predicate: { format: 'role-registry.provenance/1' } },
      '12:16',
      'The attestation statement is invalid at line 12, column 16: "predicate.registryHash" must be a registry hash (64 lowercase hex digits).',
    ],
    [
      'no subject',
      { ...valid(), subject: [] },
      '3:14',
      'The attestation statement is invalid at line 3, column 14: "subject" must be a non-empty array of the attested files.',
    ],
    [
      'a subject without digest',
      { ...valid(), subject: [{ name: 'dist/a.js' }] },
      '4:5',
      'The attestation statement is invalid at line 4, column 5: the subject "dist/a.js" needs "digest": { "sha256": <64 lowercase hex digits> }.',
    ],
    [
      'a short sha256',
      { ...valid(), subject: [{ name: 'dist/a.js', digest: { sha256: 'abc' } }] },
      '7:19',
      'The attestation statement is invalid at line 7, column 19: the subject "dist/a.js" needs "digest": { "sha256": <64 lowercase hex digits> }.',
    ],
    [
      'a subject twice',
      { ...valid(), subject: [subject, subject] },
      '11:15',
      'The attestation statement is invalid at line 11, column 15: the subject "dist/a.js" is listed twice.',
    ],
    [
      'a subject outside the project',
      { ...valid(), subject: [{ ...subject, name: '../outside/a.js' }] },
      '5:15',
      'The attestation statement is invalid at line 5, column 15: the subject "../outside/a.js" is not a path inside the project as attest writes it (relative to the project root, with forward slashes, no "." or ".." segments).',
    ],
    [
      'an absolute subject',
      { ...valid(), subject: [{ ...subject, name: '/etc/passwd' }] },
      '5:15',
      'The attestation statement is invalid at line 5, column 15: the subject "/etc/passwd" is not a path inside the project as attest writes it (relative to the project root, with forward slashes, no "." or ".." segments).',
    ],
  ] as const)('%s is unusable input: exit 2, located at the value, nothing read beyond it', async (_label, content, place, message) => {
    writeFiles(project, { 'statement.intoto.json': typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n` });
    const before = snapshotTree(tmp);
    const result = await cli('verify', '--attestation', 'statement.intoto.json');
    expectClean(result);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `statement.intoto.json:${place}  error  ATTESTATION_INVALID  ${message}\n${HINT}\n\n✖ 1 problem (1 error, 0 warnings)\n`,
    );
    expect(snapshotTree(tmp)).toEqual(before);
  });

  it('a statement that cannot be read, and a verify with nothing to check, are unusable input (exit 2)', async () => {
    const missing = await cli('verify', '--attestation', 'nope.json');
    expectClean(missing);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "nope.json  error  ATTESTATION_INVALID  Cannot read the attestation statement: ENOENT: no such file or directory, open '" +
        path.join(project, 'nope.json') +
        "'.\n    → Pass the file that `role-registry attest --out <statement>` wrote.\n\n✖ 1 problem (1 error, 0 warnings)\n",
    );
    const nothing = await cli('verify');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe(
      'role-registry verify: name the artifacts to check, or an attestation statement.\n    → Run `role-registry verify <files...>` or `role-registry verify --attestation <statement> [files...]`.\n',
    );
  });
});
