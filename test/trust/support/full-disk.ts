import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, truncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/cli.js';

/**
 * A real small file system (tmpfs) to fill: a full disk as the user meets it, not a mock. Mounting
 * needs root (or CAP_SYS_ADMIN); `mountRefusal` says why it is not possible here, so that the tests
 * skip with that reason instead of passing silently.
 */

/** tmpfs allocates whole pages: the unit in which free space can be left. */
export const PAGE = 4096;

/** Why a tmpfs cannot be mounted here, or undefined when it can (probed with a real mount). */
export function mountRefusal(): string | undefined {
  if (process.platform !== 'linux') return `mounting a tmpfs needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0)
    return 'mounting a tmpfs needs root; run the tests as root (e.g. in a container) to fill a real file system';
  const probe = tempDir('tmpfs-probe');
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
    if (mounted.status !== 0)
      return `mount -t tmpfs was refused here: ${(mounted.stderr || mounted.error?.message || 'no reason given').trim()}`;
    spawnSync('umount', [probe]);
    return undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export interface SmallDisk {
  /** The mount point. */
  readonly root: string;
  /** Fills the file system so that exactly `freeBytes` (a multiple of PAGE) stay free. */
  fillLeaving(freeBytes: number): void;
  /** Removes the filler: the space is free again. */
  drain(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeBytes: number): SmallDisk {
  const root = tempDir('small-disk');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', root], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`mount -t tmpfs ${root} failed: ${mounted.stderr}`);
  const filler = path.join(root, 'filler');
  return {
    root,
    fillLeaving(freeBytes) {
      if (freeBytes % PAGE !== 0) throw new Error(`tmpfs frees whole pages: ${freeBytes} is not a multiple of ${PAGE}`);
      const fd = openSync(filler, 'w');
      const page = Buffer.alloc(PAGE, 0x2e);
      let size = 0;
      try {
        for (;;) size += writeSync(fd, page);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      if (freeBytes > size) throw new Error(`cannot leave ${freeBytes} bytes free: only ${size} were free`);
      truncateSync(filler, size - freeBytes);
      const free = statfsSync(root).bavail * statfsSync(root).bsize;
      if (free !== freeBytes) throw new Error(`the file system has ${free} bytes free, not ${freeBytes}`);
    },
    drain() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', [root]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A directory on the small disk (beside the filler), fresh for one case. */
export function directoryOn(disk: SmallDisk, name: string): string {
  const directory = path.join(disk.root, name);
  mkdirSync(directory, { recursive: true });
  return directory;
}
