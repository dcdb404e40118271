import path from 'node:path';
import { isInputProblem, type Finding } from '../core/findings.js';
import { isInside } from '../support/confinement.js';

export interface HomeContext {
  /** The project root: `declaredIn` hints are relative to it. */
  readonly root: string;
  /** Every registry file, sorted by code units. */
  readonly registryFiles: readonly string[];
  /** Registry files that do not parse: ESLint cannot run rules there. */
  readonly unparseableFiles: ReadonlySet<string>;
  /**
   * Where this lint process last saw each role declared (absolute paths), across its analyses: fresher
   * than the lockfile's `declaredIn`, which only `lock` updates.
   */
  readonly lastSeen?: ReadonlyMap<string, string>;
}

/**
 * The one file in which a lint run reports a finding: where a user would look for it.
 *
 * - A finding with a place in a TypeScript file of the project is reported there (the declaration,
 *   the schema). A place in another package of the repository (a shared schema module) belongs to
 *   no lint session of this registry: the finding goes to the registry file its suggestion points
 *   at (the contract id of a drift), else to the fallback file.
 * - A finding without one (a removed role) is reported in the registry file that last declared its
 *   subject: where this process last saw it declared when it did (a role moved without `lock`, then
 *   deleted, is reported where it was deleted), else where the lockfile's `declaredIn` hint says;
 *   either only while that file is still a registry file.
 * - Otherwise, and for problems of the lockfile or the config, in the fallback file: the first
 *   registry file in code-unit order of absolute paths that parses.
 * - A file that does not parse (SOURCE_UNPARSEABLE) cannot host a lint message (ESLint reports its
 *   own parse error there and runs no rule), so that finding goes to the fallback file too.
 *
 * Each finding has exactly one home, so a run that lints every registry file once reports each
 * finding once, whichever process or thread lints which file.
 */
export function homeOf(f: Finding, context: HomeContext): string | undefined {
  if (f.span && !isInputProblem(f)) {
    if (isInside(f.span.file, context.root)) return f.span.file;
    const declaring = f.suggestion?.span.file;
    return declaring !== undefined && isRegistryFile(declaring, context.registryFiles) ? declaring : fallbackHome(context);
  }
  const seen = f.subject.roleId === undefined ? undefined : context.lastSeen?.get(f.subject.roleId);
  if (seen !== undefined && canHost(seen, context)) return seen;
  if (f.declaredIn !== undefined) {
    const declaredIn = path.resolve(context.root, f.declaredIn);
    if (canHost(declaredIn, context)) return declaredIn;
  }
  return fallbackHome(context);
}

function canHost(file: string, context: HomeContext): boolean {
  return isRegistryFile(file, context.registryFiles) && !context.unparseableFiles.has(file);
}

function fallbackHome(context: HomeContext): string | undefined {
  return context.registryFiles.find((file) => !context.unparseableFiles.has(file));
}

/** Groups findings by home, keeping the engine's order within each file. */
export function findingsByHome(findings: readonly Finding[], context: HomeContext): Map<string, Finding[]> {
  const byHome = new Map<string, Finding[]>();
  for (const f of findings) {
    const home = homeOf(f, context);
    if (home === undefined) continue;
    const group = byHome.get(home);
    if (group) group.push(f);
    else byHome.set(home, [f]);
  }
  return byHome;
}

function isRegistryFile(file: string, sorted: readonly string[]): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = sorted[middle]!;
    if (candidate === file) return true;
    if (candidate < file) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
