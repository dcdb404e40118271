import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, removeTree, runCliAsync, runCli, snapshotTree, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';
import { directoryOn, mountRefusal, mountSmallDisk, PAGE, type SmallDisk } from './support/full-disk.js';
import { PUBLISHED_STUDIO_FILES } from '../support/studio.js';

/**
 * Every command that writes, run through the real CLI on a real file system (tmpfs) filled so that
 * no byte, one page or two pages stay free: the file being written does not fit, so the kernel
 * refuses it at once or accepts part of it (a short write). Each run must exit 2 with one located
 * sentence naming the file and saying to free space, no stack trace, and leave the project exactly
 * as it was: the lockfile and every source byte-identical, no temporary file, no advisory lock.
 */
const refusal = mountRefusal();
if (refusal) console.warn(`skipping the full-disk tests: ${refusal}`);

const LOCKFILE = 'role-registry.lock.json';
const ADVISORY_LOCK = 'role-registry.lock.json.lock';

/** A role file larger than three pages, so that a rewrite of it never fits in the space left. */
function crewFile(prefix: string, count: number): string {
  const lines = ["import { defineRole } from 'role-registry';", ''];
  for (let i = 0; i < count; i++) {
    lines.push(
      `export const ${prefix}${i} = defineRole({`,
      `  role_id: '${prefix}_${i}',`,
      `  produce_contracts: [{ contract_id: 'ROLE:${prefix}_${i}:C:1', schema_json: { type: 'object', required: ['take_${i}'], properties: { take_${i}: { type: 'string' } } } }],`,
      '});',
      '',
    );
  }
  return lines.join('\n');
}

const PACK = {
  pack_id: 'night_shift',
  roles: [
    {
      role_id: 'night_writer',
      department_id: 'Story',
      produce_contracts: [{ contract_id: 'ROLE:night_writer:C:1', schema_json: { type: 'string', minLength: 1 } }],
    },
    {
      role_id: 'night_grip',
      department_id: 'camera',
      produce_contracts: [{ contract_id: 'ROLE:night_grip:C:1', schema_json: { type: 'object' } }],
    },
  ],
};

const BUILT_FILES = Array.from({ length: 100 }, (_, i) => `dist/chunk-${i}.js`);

interface WritingCommand {
  readonly name: string;
  readonly args: readonly string[];
  /** What the case needs besides the published project (runs on the small disk before it is filled). */
  readonly prepare?: (project: string) => void;
  /** The files (project-relative) whose write may be the one that fails. */
  readonly files: readonly string[];
  /** The space left free, in bytes; by default none, one page and two (short writes). */
  readonly free?: readonly number[];
}

const COMMANDS: readonly WritingCommand[] = [
  {
    name: 'lock',
    args: ['lock'],
    prepare: (p) => writeFiles(p, { 'src/roles/night.ts': crewFile('night', 3) }),
    files: [LOCKFILE, ADVISORY_LOCK],
  },
  {
    name: 'init',
    args: ['init', '--include', 'src/roles/**/*.ts'],
    prepare: (p) => {
      unlinkSync(path.join(p, LOCKFILE));
      unlinkSync(path.join(p, 'role-registry.config.json'));
    },
    files: [LOCKFILE, ADVISORY_LOCK, 'role-registry.config.json'],
  },
  {
    name: 'waive',
    args: ['waive', 'ROLE_REMOVED', 'director', '--reason', 'merged into the crew', '--date', '2025-01-31'],
    prepare: (p) => unlinkSync(path.join(p, 'src/roles/director.ts')),
    files: [LOCKFILE, ADVISORY_LOCK],
  },
  {
    name: 'import --out',
    args: ['import', 'pack.json', '--out', 'src/roles/imported'],
    files: [LOCKFILE, ADVISORY_LOCK, 'src/roles/imported/story.ts', 'src/roles/imported/camera.ts'],
  },
  { name: 'deprecate', args: ['deprecate', 'crew_7', '--reason', 'no longer staffed'], files: ['src/roles/crew.ts'] },
  { name: 'alias', args: ['alias', 'crew_7', 'crew_seven'], files: ['src/roles/crew.ts'] },
  { name: 'bump', args: ['bump', 'ROLE:crew_7:C:1'], files: ['src/roles/crew.ts'] },
  {
    name: 'provenance --out (a stale module)',
    args: ['provenance', '--out', 'src/generated/provenance.ts'],
    prepare: (p) => writeFiles(p, { 'src/generated/provenance.ts': '// stale: written for an older lockfile\n' }),
    files: ['src/generated/provenance.ts'],
    // The module is smaller than a page: it fits in one, so only a disk with no page left refuses it.
    free: [0],
  },
  {
    name: 'provenance --out (new directories)',
    args: ['provenance', '--out', 'gen/deep/provenance.ts'],
    files: ['gen/deep/provenance.ts'],
    free: [0],
  },
  { name: 'attest --out', args: ['attest', ...BUILT_FILES, '--out', 'attestation.json'], files: ['attestation.json'] },
  { name: 'merge-driver', args: ['merge-driver', 'base.json', 'ours.json', 'theirs.json', LOCKFILE], files: ['ours.json'] },
];

describe.skipIf(refusal !== undefined)(`every writing command on a full disk${refusal ? ` (skipped: ${refusal})` : ''}`, () => {
  let template: string;
  let disk: SmallDisk;

  beforeAll(() => {
    // The published project, prepared on an ordinary disk and copied onto the small one per case.
    template = tempDir('full-disk');
    writeFiles(template, {
      ...PUBLISHED_STUDIO_FILES,
      'src/roles/crew.ts': crewFile('crew', 60),
      'pack.json': `${JSON.stringify(PACK, null, 2)}\n`,
    });
    expect(runCli(['init'], template).code).toBe(0);
    // The merge driver's three versions: both sides and their ancestor; theirs adds roles.
    copyFileSync(path.join(template, LOCKFILE), path.join(template, 'base.json'));
    copyFileSync(path.join(template, LOCKFILE), path.join(template, 'ours.json'));
    writeFiles(template, { 'src/roles/night.ts': crewFile('night', 3) });
    expect(runCli(['lock'], template).code).toBe(0);
    copyFileSync(path.join(template, LOCKFILE), path.join(template, 'theirs.json'));
    copyFileSync(path.join(template, 'base.json'), path.join(template, LOCKFILE));
    unlinkSync(path.join(template, 'src/roles/night.ts'));
    // Built files that carry the registry hash, as `attest` expects of its subjects.
    const hash = runCli(['hash', '--lockfile'], template).stdout.trim();
    writeFiles(
      template,
      Object.fromEntries(BUILT_FILES.map((file, i) => [file, `export const chunk${i} = { registryHash: ${JSON.stringify(hash)} };\n`])),
    );
    // Every file a command writes is larger than the space left, whatever it is (but see provenance).
    expect(statSync(path.join(template, LOCKFILE)).size).toBeGreaterThan(3 * PAGE);
    expect(statSync(path.join(template, 'src/roles/crew.ts')).size).toBeGreaterThan(3 * PAGE);
    expect(runCli(['attest', ...BUILT_FILES], template).stdout.length).toBeGreaterThan(3 * PAGE);
    disk = mountSmallDisk(2 * 1024 * 1024);
  });

  afterAll(() => {
    disk?.unmount();
    if (template) removeTree(template);
  });

  /** A fresh copy of the project on the small disk, with the case prepared. */
  function projectOnDisk(command: WritingCommand): string {
    disk.drain();
    rmSync(path.join(disk.root, 'project'), { recursive: true, force: true });
    const project = directoryOn(disk, 'project');
    copyTree(template, project);
    command.prepare?.(project);
    return project;
  }

  for (const command of COMMANDS) {
    for (const free of command.free ?? [0, PAGE, 2 * PAGE]) {
      it(`${command.name}, ${free} bytes free: exit 2, one located sentence saying to free space, the project byte-identical`, async () => {
        const project = projectOnDisk(command);
        const before = snapshotTree(project);
        disk.fillLeaving(free);
        const result = await runCliAsync(command.args, project);
        disk.drain();

        expect(result.stderr).not.toMatch(STACK_TRACE);
        expect(result.stderr).not.toContain('internal error');
        expect(result.code, result.stderr).toBe(2);
        const named = /^(\S+)  error  WRITE_FAILED  Cannot (?:write|create the advisory lock) \S+: (.+)\.$/m.exec(result.stderr);
        expect(named, result.stderr).not.toBeNull();
        expect(command.files).toContain(named![1]);
        expect(named![2]).toMatch(/no space left on the device/);
        const directory = path.dirname(path.join(project, named![1]!));
        expect(result.stderr).toContain(`    → Free some space on the disk that holds ${directory} and run the command again.\n`);
        // Nothing else changed: the lockfile, every source, no temporary file, no advisory lock.
        expect(snapshotTree(project)).toEqual(before);
      });
    }
  }

  it('after a failure on a full disk, the next run (with space again) proceeds at once: no lock left to wait for', async () => {
    const project = projectOnDisk(COMMANDS[0]!);
    disk.fillLeaving(0);
    expect((await runCliAsync(['lock'], project)).code).toBe(2);
    disk.drain();
    const started = Date.now();
    const result = await runCliAsync(['lock', '--wait', '0'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(path.join(project, LOCKFILE), 'utf8')).toContain('night_2');
  });
});

// The temp and lock names are checked on an ordinary disk too (they need no mount).
describe('what an interrupted write leaves, and what the next writer removes', () => {
  it('removes only its own temporary files, never a dated backup of the lockfile', async () => {
    const project = tempDir('leftovers');
    try {
      writeFiles(project, { ...PUBLISHED_STUDIO_FILES, 'src/roles/night.ts': crewFile('night', 1) });
      const published = runCli(['init'], project);
      expect(published.code).toBe(0);
      const backup = `${LOCKFILE}.20240101`;
      const ours = `.${LOCKFILE}.role-registry-99999-0123456789ab.tmp`;
      writeFileSync(path.join(project, backup), '{ "a dated backup": true }\n');
      writeFileSync(path.join(project, ours), '{ "half": ');
      writeFiles(project, { 'src/roles/night2.ts': crewFile('late', 1) });
      const result = await runCliAsync(['lock'], project);
      expect(result.stderr).toBe(`Removed ${ours}, left by an interrupted write (the lockfile itself was not affected).\n`);
      expect(result.code).toBe(0);
      expect(readFileSync(path.join(project, backup), 'utf8')).toBe('{ "a dated backup": true }\n');
    } finally {
      removeTree(project);
    }
  });
});
