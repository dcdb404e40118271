import type { DeclaredRole } from '../core/model.js';
import type { LawContext } from './context.js';

/**
 * The roles of one registry file, in declaration order. The workspace hands back the same array
 * for a file that did not change, so a law can remember its verdicts on a group by the array and
 * an editor re-lint re-judges the roles of the edited file only (see judge.ts).
 */
export type RoleGroup = readonly DeclaredRole[];

/** The source's roles file by file: `groups` concatenated are `roles`. */
export interface RolesByFile {
  readonly groups: readonly RoleGroup[];
  /** The declared role ids (every role is an original: no id is declared twice). */
  readonly declaredIds: { has(roleId: string): boolean };
}

/**
 * How many declarations each role id has over the groups of the last call, kept up to date by
 * counting in the groups that appeared and out those that left: O(files + roles of changed files)
 * per call instead of O(roles).
 */
class RoleIdCounts {
  private held = new Map<RoleGroup, number>();
  private readonly counts = new Map<string, number>();
  /** How many ids have more than one declaration. */
  private repeatedIds = 0;

  update(groups: readonly RoleGroup[]): void {
    const next = new Map<RoleGroup, number>();
    for (const group of groups) next.set(group, (next.get(group) ?? 0) + 1);
    for (const [group, times] of this.held) for (let left = next.get(group) ?? 0; left < times; left++) this.count(group, -1);
    for (const [group, times] of next) for (let held = this.held.get(group) ?? 0; held < times; held++) this.count(group, +1);
    this.held = next;
  }

  get anyRepeated(): boolean {
    return this.repeatedIds > 0;
  }

  has(roleId: string): boolean {
    return this.counts.has(roleId);
  }

  private count(group: RoleGroup, delta: 1 | -1): void {
    for (const role of group) {
      const before = this.counts.get(role.roleId) ?? 0;
      const after = before + delta;
      if (after === 0) this.counts.delete(role.roleId);
      else this.counts.set(role.roleId, after);
      if (before <= 1 && after > 1) this.repeatedIds++;
      else if (before > 1 && after <= 1) this.repeatedIds--;
    }
  }
}

/** One index per law context (one per Registry): an editor's session judges one registry again and again. */
const countsByContext = new WeakMap<LawContext, RoleIdCounts>();

/**
 * The roles by file when judging them file by file gives the same verdicts as judging the list:
 * every role is its own original (no id declared twice). Undefined otherwise, or without groups:
 * the laws then judge the whole list.
 */
export function rolesByFile(
  roles: readonly DeclaredRole[],
  groups: readonly RoleGroup[] | undefined,
  context: LawContext,
): RolesByFile | undefined {
  if (groups === undefined) return undefined;
  let total = 0;
  for (const group of groups) total += group.length;
  if (total !== roles.length) return undefined;
  let counts = countsByContext.get(context);
  if (!counts) {
    counts = new RoleIdCounts();
    countsByContext.set(context, counts);
  }
  counts.update(groups);
  return counts.anyRepeated ? undefined : { groups, declaredIds: counts };
}
