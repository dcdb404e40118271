import { finding, type Finding } from '../findings.js';
import type { DeclaredRole, SourceSpan } from '../model.js';
import type { Lockfile } from '../lockfile/format.js';
import { describeSpan, type LawContext } from './context.js';
import { displayId } from '../ids.js';

/**
 * One declaration per role id is judged: the original. The others are ROLE_ID_DUPLICATE and
 * nothing else (judging a copy against the lockfile would only repeat or contradict).
 */
export interface Declarations {
  /** One declaration per id, in declaration order (files in code-unit order, then position). */
  readonly originals: readonly DeclaredRole[];
  readonly duplicates: readonly { readonly role: DeclaredRole; readonly original: DeclaredRole }[];
}

/** The original of an id is the declaration in the file the lockfile last saw it in, else the first. */
export function selectOriginals(roles: readonly DeclaredRole[], lock: Lockfile | undefined, context: LawContext): Declarations {
  const byId = groupBy(roles, (role) => role.roleId);
  const original = new Map<string, DeclaredRole>();
  for (const [roleId, declarations] of byId) {
    const declaredIn = lock?.roles.get(roleId)?.declaredIn;
    const hinted = declaredIn === undefined ? undefined : declarations.find((role) => context.relative(role.span.file) === declaredIn);
    original.set(roleId, hinted ?? declarations[0]!);
  }
  const originals: DeclaredRole[] = [];
  const duplicates: { role: DeclaredRole; original: DeclaredRole }[] = [];
  for (const role of roles) {
    const first = original.get(role.roleId)!;
    if (first === role) originals.push(role);
    else duplicates.push({ role, original: first });
  }
  return { originals, duplicates };
}

/**
 * Laws the source alone must keep, lockfile or not: one declaration per id, one declaration per
 * contract id, deprecations that point at a declared role. (Who owns which name: identity.ts.)
 */
export function judgeDeclarations(declarations: Declarations, lock: Lockfile | undefined, context: LawContext): Finding[] {
  const findings: Finding[] = [];
  const { originals, duplicates } = declarations;

  for (const { role, original } of duplicates) {
    findings.push(
      finding('ROLE_ID_DUPLICATE', {
        message: `role_id \`${role.roleId}\` is already declared at ${describeSpan(original.idSpan, context)}.`,
        hint: 'A role_id names exactly one role: give this role its own id, or remove this second declaration.',
        subject: { roleId: role.roleId },
        span: role.idSpan,
      }),
    );
  }

  for (const role of originals) {
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

  const declaredIds = new Set(originals.map((role) => role.roleId));
  const aliasOwner = new Map<string, string>();
  for (const [roleId, locked] of lock?.roles ?? []) for (const alias of locked.aliases) aliasOwner.set(alias, roleId);
  for (const role of originals) for (const alias of role.aliases) if (!aliasOwner.has(alias.name)) aliasOwner.set(alias.name, role.roleId);
  for (const role of originals) {
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
    } else if (!declaredIds.has(replacedBy)) {
      const canonical = aliasOwner.get(replacedBy);
      findings.push(
        finding('REPLACED_BY_UNKNOWN', {
          message: canonical
            ? `Role \`${role.roleId}\` is replaced by \`${replacedBy}\`, which is an alias of \`${canonical}\`.`
            : `Role \`${role.roleId}\` is replaced by ${displayId(replacedBy)}, which is not a declared role.`,
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
