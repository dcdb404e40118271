import { finding, type Finding } from '../core/findings.js';
import type { DeclaredRole } from '../core/model.js';
import type { LockedRole } from '../lockfile/format.js';
import { lockOutdated } from './lock-outdated.js';

/** A declared role's deprecation against its lock entry: deprecation is final, a new one waits to be locked. */
export function judgeDeprecation(role: DeclaredRole, locked: LockedRole, next: string, findings: Finding[]): void {
  if (!role.deprecationKnown) return;
  if (locked.deprecated && !role.deprecation) {
    findings.push(deprecationReverted(role));
  } else if (!locked.deprecated && role.deprecation) {
    findings.push(
      lockOutdated(
        `The deprecation of role \`${role.roleId}\` is not in the lockfile yet.`,
        { roleId: role.roleId },
        role.deprecation.span,
        next,
      ),
    );
  }
}

/** DEPRECATION_REVERTED: a role locked as deprecated is no longer marked deprecated. */
function deprecationReverted(role: DeclaredRole): Finding {
  return finding('DEPRECATION_REVERTED', {
    message: `Role \`${role.roleId}\` is locked as deprecated but is no longer marked deprecated.`,
    hint: 'Deprecation is final: keep deprecated on this role, and declare a new role if the work is needed again.',
    subject: { roleId: role.roleId },
    span: role.idSpan,
  });
}
