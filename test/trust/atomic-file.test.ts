import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTempFileOf, writeFileAtomically, writeFilesAtomically } from '../../src/support/atomic-file.js';
import { InputError } from '../../src/core/input-error.js';
import { removeTree, tempDir } from '../support/cli.js';
import { directoryOn, mountRefusal, mountSmallDisk, PAGE, type SmallDisk } from '../trust/support/full-disk.js';

/** The writer every command uses, on a real tmpfs filled to the byte: no mock of the file system. */
const refusal = mountRefusal();
if (refusal) console.warn(`skipping the atomic writer's full-disk tests: ${refusal}`);

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the write to fail');
}

describe.skipIf(refusal !== undefined)(`the atomic writer on a real small file system${refusal ? ` (skipped: ${refusal})` : ''}`, () => {
  let disk: SmallDisk;
  let directory: string;
  const previous = Buffer.from('{ "previous": true }\n');

  beforeAll(() => {
    disk = mountSmallDisk(256 * 1024);
  });
  afterAll(() => disk?.unmount());
  beforeEach(() => {
    disk.drain();
    rmSync(path.join(disk.root, 'w'), { recursive: true, force: true });
    directory = directoryOn(disk, 'w');
    writeFileSync(path.join(directory, 'target.json'), previous);
  });

  it('meets a real short write on a nearly full disk (the kernel takes part of the bytes and says so)', () => {
    disk.fillLeaving(PAGE);
    const fd = openSync(path.join(directory, 'raw'), 'w');
    try {
      expect(writeSync(fd, Buffer.alloc(3 * PAGE, 0x61))).toBe(PAGE);
    } finally {
      closeSync(fd);
      unlinkSync(path.join(directory, 'raw'));
    }
  });

  it('writes every byte when the file just fits in the space left', () => {
    const bytes = Buffer.alloc(3 * PAGE, 0x62);
    disk.fillLeaving(3 * PAGE);
    writeFileAtomically(path.join(directory, 'target.json'), bytes);
    expect(readFileSync(path.join(directory, 'target.json')).equals(bytes)).toBe(true);
    expect(readdirSync(directory)).toEqual(['target.json']);
  });

  it.each([
    ['a short write (one page of three fits)', PAGE],
    ['no space at all', 0],
  ])('never renames a cut-off file into place: %s is WRITE_FAILED, the previous bytes stay, no temp file', (_label, free) => {
    disk.fillLeaving(free);
    const error = thrown(() => writeFileAtomically(path.join(directory, 'target.json'), Buffer.alloc(3 * PAGE, 0x63)));
    expect(error).toBeInstanceOf(InputError);
    const { finding } = error as InputError;
    expect(finding.code).toBe('WRITE_FAILED');
    expect(finding.inputFile).toBe(path.join(directory, 'target.json'));
    expect(finding.message).toBe('Cannot write target.json: no space left on the device (ENOSPC); the file was left as it was.');
    expect(finding.hint).toBe(`Free some space on the disk that holds ${directory} and run the command again.`);
    expect(readFileSync(path.join(directory, 'target.json')).equals(previous)).toBe(true);
    expect(readdirSync(directory)).toEqual(['target.json']);
  });

  it('stages every file of a change before any is put in place: a full disk changes none of them', () => {
    writeFileSync(path.join(directory, 'source.ts'), 'export const a = 1;\n');
    disk.fillLeaving(2 * PAGE);
    const error = thrown(() =>
      writeFilesAtomically([
        { file: path.join(directory, 'source.ts'), bytes: 'export const a = 2;\n' },
        { file: path.join(directory, 'created.ts'), bytes: 'export const b = 1;\n', mode: 'create' },
        { file: path.join(directory, 'target.json'), bytes: Buffer.alloc(4 * PAGE, 0x64) },
      ]),
    );
    expect((error as InputError).finding.inputFile).toBe(path.join(directory, 'target.json'));
    expect(readFileSync(path.join(directory, 'source.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(readFileSync(path.join(directory, 'target.json')).equals(previous)).toBe(true);
    expect(readdirSync(directory).sort()).toEqual(['source.ts', 'target.json']);
  });

  it('puts back the files already replaced when a later one cannot be put in place', () => {
    writeFileSync(path.join(directory, 'source.ts'), 'export const a = 1;\n');
    mkdirSync(path.join(directory, 'occupied', 'inside'), { recursive: true });
    const error = thrown(() =>
      writeFilesAtomically([
        { file: path.join(directory, 'source.ts'), bytes: 'export const a = 2;\n' },
        { file: path.join(directory, 'created.ts'), bytes: 'export const b = 1;\n', mode: 'create' },
        // rename(2) cannot replace a directory that holds files.
        { file: path.join(directory, 'occupied'), bytes: 'x' },
      ]),
    );
    expect((error as InputError).finding.code).toBe('WRITE_FAILED');
    expect((error as InputError).finding.inputFile).toBe(path.join(directory, 'occupied'));
    expect(readFileSync(path.join(directory, 'source.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(readdirSync(directory).sort()).toEqual(['occupied', 'source.ts', 'target.json']);
  });

  it('removes the directories it created for a file it could not write', () => {
    disk.fillLeaving(0);
    const error = thrown(() =>
      writeFileAtomically(path.join(directory, 'gen', 'deep', 'provenance.ts'), 'export {};\n', { createDirectory: true }),
    );
    expect((error as InputError).finding.code).toBe('WRITE_FAILED');
    expect(readdirSync(directory)).toEqual(['target.json']);
  });
});

describe('temporary file names', () => {
  it('are unmistakable: a dated backup or a file of another tool is never taken for one', () => {
    expect(isTempFileOf('.role-registry.lock.json.role-registry-4242-0123456789ab.tmp', 'role-registry.lock.json')).toBe(true);
    for (const name of [
      'role-registry.lock.json.20240101',
      'role-registry.lock.json.1234567',
      'role-registry.lock.json.bak',
      '.role-registry.lock.json.role-registry-4242-xyz.tmp',
      '.other.json.role-registry-4242-0123456789ab.tmp',
    ]) {
      expect(isTempFileOf(name, 'role-registry.lock.json'), name).toBe(false);
    }
  });
});

describe('replacing a file', () => {
  let directory: string;
  beforeEach(() => {
    directory = tempDir('atomic-file');
  });

  it('keeps the permissions of the file it replaces', () => {
    try {
      const file = path.join(directory, 'run.ts');
      writeFileSync(file, 'old\n');
      chmodSync(file, 0o750);
      writeFileAtomically(file, 'new\n');
      expect(readFileSync(file, 'utf8')).toBe('new\n');
      expect(statSync(file).mode & 0o777).toBe(0o750);
    } finally {
      removeTree(directory);
    }
  });

  it('writes through a symbolic link to the file it points to, keeping the link', () => {
    try {
      writeFileSync(path.join(directory, 'real.ts'), 'old\n');
      symlinkSync('real.ts', path.join(directory, 'link.ts'));
      writeFileAtomically(path.join(directory, 'link.ts'), 'new\n');
      expect(lstatSync(path.join(directory, 'link.ts')).isSymbolicLink()).toBe(true);
      expect(readFileSync(path.join(directory, 'real.ts'), 'utf8')).toBe('new\n');
      expect(readdirSync(directory).sort()).toEqual(['link.ts', 'real.ts']);
    } finally {
      removeTree(directory);
    }
  });
});
