import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, removeTree, runCli, tempDir, writeFiles } from '../support/cli.js';
import { largeRegistryFiles, writeLargeRegistry } from './support/large.js';

/**
 * Kills `role-registry lock` with SIGKILL at varied moments around its write, repeatedly, and
 * checks that the lockfile is always exactly the old or exactly the new bytes.
 */
let project: string;
let lockfile: string;
let oldBytes: Buffer;
let newBytes: Buffer;
/** How long one complete `lock` takes here: kills without a visible temp file are spread over it. */
let fullRunMs: number;

beforeAll(() => {
  project = tempDir('crash');
  lockfile = path.join(project, 'role-registry.lock.json');
  writeLargeRegistry(project, 12, 100);
  expect(runCli(['init'], project).code).toBe(0);
  oldBytes = readFileSync(lockfile);
  // The change `lock` records: 400 more roles, so old and new bytes differ throughout the file.
  writeFiles(project, largeRegistryFiles('added', 3, 100));
  const started = Date.now();
  expect(runCli(['lock'], project).code).toBe(0);
  fullRunMs = Date.now() - started;
  newBytes = readFileSync(lockfile);
  expect(newBytes.length).toBeGreaterThan(600_000);
});

afterAll(() => removeTree(project));

interface KilledRun {
  readonly sawTempFile: boolean;
  readonly signal: NodeJS.Signals | null;
}

/** Starts `lock`, kills it `delayMs` after its write begins (or after `fallbackMs`). */
function lockAndKill(delayMs: number, fallbackMs: number): Promise<KilledRun> {
  return new Promise((resolve) => {
    let sawTempFile = false;
    const startMtime = statSync(lockfile).mtimeMs;
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(process.execPath, [BIN, 'lock'], { cwd: project, stdio: 'ignore' });
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    const watcher = watch(project, (_event, name) => {
      // The first sign of the write: its temporary file appears, or (for a writer that is not
      // atomic) the lockfile itself is truncated. Not the advisory `.lock` file, taken at the start.
      // Reading the lockfile updates its atime, which fs.watch also reports: only a new mtime counts.
      if (sawTempFile || !name) return;
      const temp = /^\.role-registry\.lock\.json\.role-registry-\d+-[0-9a-f]{12}\.tmp$/.test(String(name));
      if (!temp && !(String(name) === 'role-registry.lock.json' && modifiedSince(startMtime))) return;
      sawTempFile = true;
      clearTimeout(killTimer);
      killTimer = setTimeout(kill, delayMs);
    });
    killTimer = setTimeout(kill, fallbackMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(killTimer);
      watcher.close();
      resolve({ sawTempFile, signal });
    });
  });
}

function modifiedSince(mtimeMs: number): boolean {
  try {
    return statSync(lockfile).mtimeMs !== mtimeMs;
  } catch {
    return true;
  }
}

describe('crash safety of lock (SIGKILL mid-write, real processes)', () => {
  it('leaves the old or the new lockfile, never a torn one, whenever it is killed', async () => {
    // Kills timed from the first sign of the write (its temporary file appears, or the lockfile is
    // modified): they land while it is written, fsynced, renamed, or just after. The long fallback
    // only guards against a write never seen. Then kills at fixed fractions of a run (analysis).
    const plan = [
      ...[0, 0, 1, 2, 3, 5, 8, 13].map((delay) => ({ label: `write+${delay}ms`, delay, fallback: 120_000 })),
      ...[0.25, 0.5, 0.75].map((fraction) => ({ label: `run*${fraction}`, delay: 120_000, fallback: Math.round(fullRunMs * fraction) })),
    ];
    const outcomes: string[] = [];
    for (const step of plan) {
      writeFileSync(lockfile, oldBytes);
      const run = await lockAndKill(step.delay, step.fallback);
      const after = readFileSync(lockfile);
      const state = after.equals(oldBytes) ? 'old' : after.equals(newBytes) ? 'new' : 'torn';
      outcomes.push(`${step.label}:${run.signal ?? 'exited'}:${state}`);
      expect(state, `after a kill at ${step.label}: ${outcomes.join(' ')}`).not.toBe('torn');
    }
    // Killed processes leave their advisory lock and maybe a temp file: the next lock recovers.
    writeFileSync(lockfile, oldBytes);
    const final = runCli(['lock', '--wait', '5'], project);
    expect(final.stderr).not.toMatch(/^\s+at /m);
    expect(final.code).toBe(0);
    expect(readFileSync(lockfile).equals(newBytes)).toBe(true);
    expect(readdirSync(project).filter((name) => name !== 'role-registry.lock.json' && name.includes('role-registry.lock.json'))).toEqual(
      [],
    );
    console.log(`crash-safety outcomes (moment:signal:state): ${outcomes.join(' ')}`);
  });
});
