/**
 * When a lint session re-reads the disk. A *burst* is a run of lint calls that reads the disk once,
 * at its start: every other file is taken as it was then. A new burst starts when
 *
 * - a file is linted that was already linted in the current burst, except by an autofix pass
 *   (ESLint re-lints a file with its fixes applied in the same synchronous job): this is a new
 *   `eslint` run in the same process, an editor re-linting a buffer after an edit, a second
 *   `lintText` call — so each of those sees every change made on disk before it;
 * - or more than `idleMs` passed since the previous lint call ended (an editor linting another file
 *   after a pause, a script calling the API again later).
 *
 * One `eslint .` lints each file once, so it is one burst: the disk is read once, O(N) checks in
 * all, instead of once per linted file (O(N²)).
 */
export const DEFAULT_IDLE_MS = 250;

export class BurstClock {
  private current = 0;
  private readonly linted = new Set<string>();
  private lastFile: string | undefined;
  private lastActivity = Number.NEGATIVE_INFINITY;
  private inJob = false;
  /** Why the last call to enter() started a burst, if it did. */
  startedBy: 'idle' | 'relint' | undefined;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly afterJob: (callback: () => void) => void = queueMicrotask,
  ) {}

  /** Called once per lint of a file; returns the number of the burst the lint belongs to. */
  enter(file: string, idleMs = DEFAULT_IDLE_MS): number {
    const idle = this.now() - this.lastActivity > idleMs;
    const fixPass = this.inJob && this.lastFile === file;
    const relint = this.linted.has(file) && !fixPass;
    this.startedBy = undefined;
    if (this.current === 0 || idle || relint) {
      this.startedBy = idle || this.current === 0 ? 'idle' : 'relint';
      this.current++;
      this.linted.clear();
    }
    this.linted.add(file);
    this.lastFile = file;
    if (!this.inJob) {
      this.inJob = true;
      this.afterJob(() => {
        this.inJob = false;
      });
    }
    return this.current;
  }

  /** Marks the end of a lint call: idle time is measured from here. */
  settle(): void {
    this.lastActivity = this.now();
  }
}
