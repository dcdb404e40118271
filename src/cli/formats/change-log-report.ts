import type { ChangeLog } from '../../audit/change-log.js';
import type { ReportContext } from '../../report/location.js';

/** What every format of `role-registry log` prints: the log and the range it covers. */
export interface ChangeLogReport {
  readonly log: ChangeLog;
  /** The lockfile's path in the repository today. */
  readonly lockfile: string;
  /** The full sha after which the log starts, null from the first commit. */
  readonly from: string | null;
  readonly to: string;
  /** How the range is named for people: `the first commit..HEAD`. */
  readonly range: string;
  /** The commits of the range where a shallow clone's history is cut. */
  readonly historyCutAt: readonly string[];
  readonly report: ReportContext;
}

export const shortSha = (sha: string): string => sha.slice(0, 10);

/** A registry hash for people: enough of it to tell versions apart, `none` before the first lockfile. */
export const shortHash = (hash: string | null): string => (hash === null ? 'none' : hash.slice(0, 12));

export const HISTORY_CUT_HINT =
  'Fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run the log again.';

export function historyCutSentence(cutAt: readonly string[]): string {
  const shown = cutAt.slice(0, 3).join(', ') + (cutAt.length > 3 ? ', …' : '');
  return `The history is cut (a shallow clone) at ${shown}: the changes before ${cutAt.length === 1 ? 'it' : 'them'} were not fetched and are not in this log.`;
}
