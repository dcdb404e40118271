import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, removeTree, runCliAsync, runCli, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';
import { largeRegistryFiles } from './support/large.js';

const HOLD_LOCK = path.join(path.dirname(new URL(import.meta.url).pathname), 'support/hold-lock.mjs');
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

function project(roles: { files: number; perFile: number }): string {
  const root = tempDir('concurrent');
  cleanup.push(() => removeTree(root));
  writeFiles(root, {
    'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n',
    ...largeRegistryFiles('role', roles.files, roles.perFile),
  });
  expect(runCli(['init'], root).code).toBe(0);
  return root;
}

/** Starts a process that holds the lockfile's advisory lock until released. */
async function holdLock(lockfile: string): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const child = spawn(process.execPath, [HOLD_LOCK, lockfile], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanup.push(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', (data: Buffer) => (String(data).startsWith('held') ? resolve() : reject(new Error(String(data)))));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return {
    child,
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** Starts the CLI and resolves once its stderr contains `text`. */
function startCli(
  args: string[],
  cwd: string,
): { done: Promise<{ code: number; stdout: string; stderr: string }>; stderrContains: (text: string) => Promise<void> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd });
  cleanup.push(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (data: Buffer) => (stdout += String(data)));
  child.stderr.on('data', (data: Buffer) => {
    stderr += String(data);
    for (const waiter of waiters.splice(0)) {
      if (stderr.includes(waiter.text)) waiter.resolve();
      else waiters.push(waiter);
    }
  });
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  return {
    done,
    stderrContains: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void done.then(() => reject(new Error(`exited before printing ${JSON.stringify(text)}: ${stderr}`)));
      }),
  };
}

describe('two writers at once (real processes)', () => {
  it('never lose what either recorded: one waits, the other sees its entries', async () => {
    // Two configs over one lockfile, each excluding the other's new role: whichever locks second
    // either records its role on top of the first one's, or (seeing the other's role locked but not
    // declared in its view) refuses. Without the advisory lock both would read the old lockfile
    // and the second write would silently drop the first one's role.
    const root = project({ files: 8, perFile: 100 });
    writeFiles(root, {
      'a.config.json': '{ "include": ["src/roles/**/*.ts"], "exclude": ["src/roles/extra_b.ts"] }\n',
      'b.config.json': '{ "include": ["src/roles/**/*.ts"], "exclude": ["src/roles/extra_a.ts"] }\n',
      'src/roles/extra_a.ts': "import { defineRole } from 'role-registry';\nexport const a = defineRole({ role_id: 'extra_a' });\n",
      'src/roles/extra_b.ts': "import { defineRole } from 'role-registry';\nexport const b = defineRole({ role_id: 'extra_b' });\n",
    });
    const lockfile = path.join(root, 'role-registry.lock.json');
    const original = readFileSync(lockfile);
    for (let round = 0; round < 3; round++) {
      writeFileSync(lockfile, original);
      const [a, b] = await Promise.all([
        runCliAsync(['--config', 'a.config.json', 'lock'], root),
        runCliAsync(['--config', 'b.config.json', 'lock'], root),
      ]);
      const locked = JSON.parse(readFileSync(lockfile, 'utf8')) as { roles: Record<string, unknown> };
      for (const [name, result] of [
        ['extra_a', a],
        ['extra_b', b],
      ] as const) {
        expect(result.stderr).not.toMatch(STACK_TRACE);
        if (result.code === 0) expect(Object.keys(locked.roles), `${name} was recorded, then lost`).toContain(name);
        else {
          expect(result.code).toBe(1);
          expect(result.stderr).toContain('ROLE_REMOVED');
          expect(result.stderr).toContain('The lockfile was not changed.');
        }
      }
      expect([a.code, b.code]).toContain(0);
      expect(existsSync(`${lockfile}.lock`)).toBe(false);
    }
  });

  it('waits for a running holder and proceeds when it releases', async () => {
    const root = project({ files: 1, perFile: 3 });
    const lockfile = path.join(root, 'role-registry.lock.json');
    writeFiles(root, {
      'src/roles/editor.ts': "import { defineRole } from 'role-registry';\nexport const editor = defineRole({ role_id: 'editor' });\n",
    });
    const holder = await holdLock(lockfile);
    const before = readFileSync(lockfile);
    const lock = startCli(['lock', '--wait', '60'], root);
    await lock.stderrContains(`Waiting for process ${holder.child.pid} to release role-registry.lock.json.lock…`);
    // Still waiting: nothing written while the other process holds the lock.
    expect(readFileSync(lockfile).equals(before)).toBe(true);
    await holder.release();
    const result = await lock.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Recorded in role-registry.lock.json:\n  + role editor\n');
    expect(readFileSync(lockfile, 'utf8')).toContain('"editor": {');
    expect(existsSync(`${lockfile}.lock`)).toBe(false);
  });

  it('gives up clearly after --wait, writing nothing', async () => {
    const root = project({ files: 1, perFile: 3 });
    const lockfile = path.join(root, 'role-registry.lock.json');
    writeFiles(root, {
      'src/roles/editor.ts': "import { defineRole } from 'role-registry';\nexport const editor = defineRole({ role_id: 'editor' });\n",
    });
    const holder = await holdLock(lockfile);
    const before = readFileSync(lockfile);
    const result = await runCliAsync(['lock', '--wait', '0.5'], root);
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe(`Waiting for process ${holder.child.pid} to release role-registry.lock.json.lock…`);
    expect(lines[1]).toMatch(
      new RegExp(
        `^role-registry\\.lock\\.json  error  LOCKFILE_BUSY  Another role-registry process holds role-registry\\.lock\\.json\\.lock \\(process ${holder.child.pid} on .+, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); waited 1 s\\. The lockfile was not changed\\.$`,
      ),
    );
    expect(lines[2]).toBe(
      `    → Wait for it to finish and run the command again (or pass a longer --wait). If no such process runs, delete ${lockfile}.lock.`,
    );
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(readFileSync(lockfile).equals(before)).toBe(true);
    await holder.release();
  });

  it("takes over a lock left by a killed process, removes its abandoned temp file, keeps a live writer's", async () => {
    const root = project({ files: 1, perFile: 3 });
    const lockfile = path.join(root, 'role-registry.lock.json');
    writeFiles(root, {
      'src/roles/editor.ts': "import { defineRole } from 'role-registry';\nexport const editor = defineRole({ role_id: 'editor' });\n",
    });
    const holder = await holdLock(lockfile);
    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.once('exit', resolve));
    expect(existsSync(`${lockfile}.lock`)).toBe(true);
    // Left by the killed holder: its process is gone, so the file is abandoned.
    const abandoned = `.role-registry.lock.json.role-registry-${holder.child.pid}-0123456789ab.tmp`;
    writeFileSync(path.join(root, abandoned), '{ "half": ');
    // Being written by a live process (here this test's), e.g. a waiter's holder record about to be
    // linked into place as the advisory lock: never removed.
    const inFlight = `.role-registry.lock.json.lock.role-registry-${process.pid}-abcdefabcdef.tmp`;
    writeFileSync(path.join(root, inFlight), '{ "pid": 1 }');
    // A dated backup has the form write-file-atomic gave its temporary files: it is the user's, kept.
    writeFileSync(`${lockfile}.20240101`, '{ "backup": true }\n');
    const result = await runCliAsync(['lock', '--wait', '0'], root);
    expect(result.stderr).toBe(`Removed ${abandoned}, left by an interrupted write (the lockfile itself was not affected).\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Recorded in role-registry.lock.json:\n  + role editor\n');
    expect(readdirSync(root).filter((name) => name !== 'role-registry.lock.json' && name.includes('role-registry.lock.json'))).toEqual([
      inFlight,
      'role-registry.lock.json.20240101',
    ]);
  });

  it.each([
    ['empty (a writer that created it and died before writing, or a full disk)', ''],
    ['cut off', '{"pid":12'],
  ])('takes over a lock file whose holder cannot be read once it is a moment old: %s', async (_label, content) => {
    const root = project({ files: 1, perFile: 3 });
    const lockfile = path.join(root, 'role-registry.lock.json');
    writeFiles(root, {
      'src/roles/editor.ts': "import { defineRole } from 'role-registry';\nexport const editor = defineRole({ role_id: 'editor' });\n",
    });
    writeFileSync(`${lockfile}.lock`, content);
    // A few seconds: a lock file appears with its holder in it, so it need not be given long.
    const secondsAgo = new Date(Date.now() - 5_000);
    utimesSync(`${lockfile}.lock`, secondsAgo, secondsAgo);
    const result = await runCliAsync(['lock', '--wait', '0'], root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Recorded in role-registry.lock.json:\n  + role editor\n');
    expect(existsSync(`${lockfile}.lock`)).toBe(false);
  });
});
