import path from 'node:path';
import { finding, type Finding } from '../core/findings.js';
import type { DeclaredRole } from '../core/model.js';
import type { LockedRole } from '../lockfile/format.js';
import type { LawContext } from './context.js';
import { lockOutdated } from './lock-outdated.js';

/**
 * Roles against the lockfile (invariant 1): a locked role stays declared. Which locked roles are
 * undeclared is worked out in against-lockfile.ts, where every role of the source is seen.
 */

/** ROLE_REMOVED: a locked role is no longer declared. */
export function roleRemoved(roleId: string, locked: LockedRole, context: LawContext): Finding {
  return finding('ROLE_REMOVED', {
    message: `Role \`${roleId}\` is in the lockfile but no longer declared${locked.declaredIn ? ` (it was declared in ${context.display(path.resolve(context.root, locked.declaredIn))})` : ''}.`,
    hint: `Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).`,
    subject: { roleId },
    ...(locked.declaredIn === undefined ? {} : { declaredIn: locked.declaredIn }),
  });
}

/** LOCK_OUTDATED for a declared role the lockfile does not hold yet. */
export function roleNotLocked(role: DeclaredRole, next: string): Finding {
  return lockOutdated(`Role \`${role.roleId}\` is not in the lockfile yet.`, { roleId: role.roleId }, role.idSpan, next);
}
