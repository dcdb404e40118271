import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createFileUnlessExists, describeWriteError } from '../support/atomic-file.js';
import { InputError } from '../core/input-error.js';

/**
 * An advisory lock next to the lockfile (`role-registry.lock.json.lock`), held by `init` and `lock`
 * from before they read the lockfile until after they wrote it. Two writers at once would otherwise
 * each judge the lockfile they read and the second write would drop what the first recorded.
 *
 * Created atomically with its content (a complete temporary file hard-linked into place, which
 * fails if the lock exists); it names its holder (pid, host, start time, a random token). A holder
 * that died (SIGKILL, power loss) leaves the file behind: a lock whose pid no longer runs on this
 * host is stale and taken over; one from another host is stale after STALE_AFTER_MS. Release removes the file only if it still carries our token.
 */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: number;
  readonly token: string;
}

export interface AcquireOptions {
  /** How long to wait for another holder, in milliseconds. */
  readonly waitMs: number;
  /** Called once when the lock is busy and we start waiting. */
  readonly onWait?: (holder: LockHolder | undefined, lockPath: string) => void;
}

export interface HeldLock {
  readonly path: string;
  release(): void;
}

/** A lock from another host is presumed abandoned after this long (its pid cannot be checked). */
const STALE_AFTER_MS = 10 * 60 * 1000;
/**
 * A lock file with no readable holder (empty, cut off by a full disk, garbage) is abandoned once it
 * is this old. This release never shows a lock file without its holder; the grace covers a writer on
 * a file system without hard links, or an older release, between creating the file and writing it.
 */
const UNREADABLE_GRACE_MS = 2 * 1000;
const POLL_MS = 50;

/** How long writers wait for another holder by default, in seconds (`--wait`). */
export const DEFAULT_LOCK_WAIT_SECONDS = 60;

/** Waiting options that tell the user, once, that (and for whom) they wait. */
export function announcedWait(waitSeconds: number, write: (text: string) => void): AcquireOptions {
  return {
    waitMs: Math.max(0, waitSeconds) * 1000,
    onWait: (holder, lockPath) =>
      write(`Waiting for ${holder ? `process ${holder.pid}` : 'another role-registry process'} to release ${path.basename(lockPath)}…\n`),
  };
}

export function advisoryLockPath(lockfile: string): string {
  return `${lockfile}.lock`;
}

export function acquireLockfileLock(lockfile: string, options: AcquireOptions): HeldLock {
  const lockPath = advisoryLockPath(lockfile);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: Date.now(), token: randomBytes(12).toString('hex') };
  const deadline = Date.now() + options.waitMs;
  let announced = false;
  for (;;) {
    if (tryCreate(lockPath, me)) {
      return { path: lockPath, release: () => release(lockPath, me.token) };
    }
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (isStale(lockPath, holder)) {
      takeOver(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder
        ? `process ${holder.pid} on ${holder.host}, since ${new Date(holder.startedAt).toISOString()}`
        : 'a process that is still creating it';
      throw new InputError(
        'LOCKFILE_BUSY',
        lockfile,
        `Another role-registry process holds ${path.basename(lockPath)} (${who}); waited ${Math.round(options.waitMs / 1000)} s. The lockfile was not changed.`,
        `Wait for it to finish and run the command again (or pass a longer --wait). If no such process runs, delete ${lockPath}.`,
      );
    }
    if (!announced) {
      announced = true;
      options.onWait?.(holder, lockPath);
    }
    sleep(POLL_MS);
  }
}

/** Runs `action` while holding the advisory lock of `lockfile`. */
export function withLockfileLock<T>(lockfile: string, options: AcquireOptions, action: () => T): T {
  const held = acquireLockfileLock(lockfile, options);
  try {
    return action();
  } finally {
    held.release();
  }
}

/**
 * The lock file appears with its holder already in it (createFileUnlessExists), so an empty or
 * cut-off lock file is never one being created by this release: on a full disk nothing is left
 * behind and the error (WRITE_FAILED) says to free space.
 */
function tryCreate(lockPath: string, me: LockHolder): boolean {
  try {
    return createFileUnlessExists(lockPath, `${JSON.stringify(me)}\n`);
  } catch (error) {
    const { reason, hint } = describeWriteError(error, path.dirname(path.resolve(lockPath)));
    throw new InputError(
      'WRITE_FAILED',
      lockPath,
      `Cannot create the advisory lock ${path.basename(lockPath)}: ${reason}; the lockfile was not changed.`,
      hint,
    );
  }
}

function readHolder(lockPath: string): LockHolder | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return undefined;
  }
  return parseHolder(text);
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.startedAt === 'number' &&
      typeof value.token === 'string'
    ) {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt, token: value.token };
    }
  } catch {
    // Unreadable: being written right now, or garbage; the age decides (isStale).
  }
  return undefined;
}

function isStale(lockPath: string, holder: LockHolder | undefined): boolean {
  if (!holder) {
    try {
      return Date.now() - statSync(lockPath).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return false;
    }
  }
  if (holder.host !== hostname()) return Date.now() - holder.startedAt > STALE_AFTER_MS;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves a stale lock aside before deleting it, so that two processes taking over at once cannot
 * delete a fresh lock one of them just created: only the file we judged stale is removed.
 */
function takeOver(lockPath: string, judged: LockHolder | undefined): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  let moved: LockHolder | undefined;
  try {
    moved = parseHolder(readFileSync(aside, 'utf8'));
  } catch {
    moved = undefined;
  }
  if (moved?.token !== judged?.token) {
    // Someone created a fresh lock between our judgement and the rename: put it back.
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third process holds the lock now; the displaced holder's release checks its token.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function release(lockPath: string, token: string): void {
  try {
    if (readHolderToken(lockPath) === token) unlinkSync(lockPath);
  } catch {
    // Nothing to release.
  }
}

function readHolderToken(lockPath: string): string | undefined {
  const holder = readHolder(lockPath);
  return holder && holder !== 'gone' ? holder.token : undefined;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
