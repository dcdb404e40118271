import { finding, type Finding } from '../core/findings.js';
import type { DeclaredRole } from '../core/model.js';
import type { LockedRole } from '../lockfile/format.js';
import type { WaiverIndex } from '../lockfile/waiver-index.js';
import { lockOutdated } from './lock-outdated.js';

/**
 * A declared role's aliases against its lock entry (invariant 3): a locked alias is never dropped
 * (unless a waiver accepted it), and a new alias waits to be locked. Who owns a name is judged in
 * identity.ts.
 */
export function judgeAliases(role: DeclaredRole, locked: LockedRole, waived: WaiverIndex, next: string, findings: Finding[]): void {
  const roleId = role.roleId;
  if (role.aliasesKnown && locked.aliases.length > 0) {
    const declaredAliases = new Set(role.aliases.map((alias) => alias.name));
    for (const alias of locked.aliases) {
      if (declaredAliases.has(alias) || waived.removedAlias(alias)) continue;
      findings.push(aliasRemoved(role, alias));
    }
  }
  for (const alias of role.aliases) {
    if (!locked.aliases.includes(alias.name)) {
      findings.push(
        lockOutdated(
          `Alias \`${alias.name}\` of role \`${roleId}\` is not in the lockfile yet.`,
          { roleId, alias: alias.name },
          alias.span,
          next,
        ),
      );
    }
  }
}

/** ALIAS_REMOVED: a locked alias of a declared role is no longer declared. */
function aliasRemoved(role: DeclaredRole, alias: string): Finding {
  return finding('ALIAS_REMOVED', {
    message: `Alias \`${alias}\` of role \`${role.roleId}\` is locked but no longer declared.`,
    hint: `Aliases are append-only (stored references use them): add '${alias}' back to aliases.`,
    subject: { roleId: role.roleId, alias },
    span: role.idSpan,
  });
}
