import { finding, type Finding } from '../findings.js';
import type { DeclaredRole, SourceSpan } from '../model.js';
import type { Lockfile } from '../lockfile/format.js';
import { describeSpan, type LawContext } from './context.js';

/**
 * Laws the source alone must keep, lockfile or not: one declaration per id, aliases that collide
 * with nothing, one declaration per contract id, deprecations that point at a declared role.
 */
export function judgeDeclarations(roles: readonly DeclaredRole[], lock: Lockfile | undefined, context: LawContext): Finding[] {
  const findings: Finding[] = [];
  const byId = groupBy(roles, (role) => role.roleId);

  for (const [roleId, declarations] of byId) {
    if (declarations.length < 2) continue;
    const original = originalDeclaration(declarations, lock?.roles.get(roleId)?.declaredIn, context);
    for (const duplicate of declarations) {
      if (duplicate === original) continue;
      findings.push(
        finding('ROLE_ID_DUPLICATE', {
          message: `role_id \`${roleId}\` is already declared at ${describeSpan(original.idSpan, context)}.`,
          hint: 'A role_id names exactly one role: give this role its own id, or remove this second declaration.',
          subject: { roleId },
          span: duplicate.idSpan,
        }),
      );
    }
  }

  const aliasOwner = new Map<string, { roleId: string; span: SourceSpan }>();
  for (const role of roles) {
    for (const alias of role.aliases) {
      if (byId.has(alias.name)) {
        const own = alias.name === role.roleId;
        findings.push(
          finding('ID_ALIAS_COLLISION', {
            message: own
              ? `Role \`${role.roleId}\` lists its own id as an alias.`
              : `Alias \`${alias.name}\` of role \`${role.roleId}\` is the role_id of another role, declared at ${describeSpan(byId.get(alias.name)![0]!.idSpan, context)}.`,
            hint: own ? 'Remove the alias: a role always answers to its own id.' : 'An alias is a former name of this role; it can never be the id of another role. Remove it or rename it.',
            subject: { roleId: role.roleId, alias: alias.name },
            span: alias.span,
          }),
        );
        continue;
      }
      const owner = aliasOwner.get(alias.name);
      if (owner && owner.roleId !== role.roleId) {
        findings.push(
          finding('ID_ALIAS_COLLISION', {
            message: `Alias \`${alias.name}\` of role \`${role.roleId}\` is already an alias of role \`${owner.roleId}\` (${describeSpan(owner.span, context)}).`,
            hint: 'An alias resolves to exactly one role: keep it on the role it named first.',
            subject: { roleId: role.roleId, alias: alias.name },
            span: alias.span,
          }),
        );
        continue;
      }
      aliasOwner.set(alias.name, { roleId: role.roleId, span: alias.span });
    }

    const seenContracts = new Map<string, SourceSpan>();
    for (const contract of role.contracts) {
      const first = seenContracts.get(contract.contractId);
      if (first) {
        findings.push(
          finding('CONTRACT_DUPLICATE', {
            message: `Contract \`${contract.contractId}\` is already declared at ${describeSpan(first, context)}.`,
            hint: 'Declare each contract version once; a new surface gets a new version.',
            subject: { roleId: role.roleId, contractId: contract.contractId },
            span: contract.idSpan,
          }),
        );
        continue;
      }
      seenContracts.set(contract.contractId, contract.idSpan);
    }
  }

  for (const role of roles) {
    const replacedBy = role.deprecation?.replacedBy;
    if (replacedBy === undefined) continue;
    const span = role.deprecation?.replacedBySpan ?? role.idSpan;
    if (replacedBy === role.roleId) {
      findings.push(
        finding('REPLACED_BY_UNKNOWN', {
          message: `Role \`${role.roleId}\` is deprecated in favour of itself.`,
          hint: 'Name the role that takes over its work in replaced_by, or drop replaced_by.',
          subject: { roleId: role.roleId },
          span,
        }),
      );
    } else if (!byId.has(replacedBy)) {
      const canonical = aliasOwner.get(replacedBy)?.roleId;
      findings.push(
        finding('REPLACED_BY_UNKNOWN', {
          message: canonical
            ? `Role \`${role.roleId}\` is replaced by \`${replacedBy}\`, which is an alias of \`${canonical}\`.`
            : `Role \`${role.roleId}\` is replaced by \`${replacedBy}\`, which is not a declared role.`,
          hint: canonical ? `Write replaced_by: '${canonical}' (the role_id, not an alias).` : 'Name a declared role_id in replaced_by, or drop replaced_by.',
          subject: { roleId: role.roleId },
          span,
          ...(canonical && role.deprecation?.replacedBySpan ? { suggestion: { message: `Write \`${canonical}\`, the role_id this alias names.`, value: canonical, span: role.deprecation.replacedBySpan } } : {}),
        }),
      );
    }
  }
  return findings;
}

/** The declaration a duplicate is measured against: the one the lockfile saw, else the first. */
function originalDeclaration(declarations: readonly DeclaredRole[], declaredIn: string | undefined, context: LawContext): DeclaredRole {
  const hinted = declaredIn === undefined ? undefined : declarations.find((role) => context.relative(role.span.file) === declaredIn);
  return hinted ?? declarations[0]!;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
