import { IdentityMemo } from '../support/identity-memo.js';
import { finding, type Finding } from '../core/findings.js';
import type { DeclaredContract, DeclaredRole } from '../core/model.js';
import type { Lockfile } from '../lockfile/format.js';
import { describeSpan, type LawContext } from './context.js';
import { displayId } from '../core/ids.js';
import type { RoleGroup, RolesByFile } from './role-groups.js';

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
  const original = new Map<string, DeclaredRole>();
  let repeated: Set<string> | undefined;
  for (const role of roles) {
    if (!original.has(role.roleId)) original.set(role.roleId, role);
    else (repeated ??= new Set()).add(role.roleId);
  }
  // Only an id declared more than once has a choice to make (most registries have none).
  if (!repeated) return { originals: [...roles], duplicates: [] };
  for (const roleId of repeated) {
    const declaredIn = lock?.roles.get(roleId)?.declaredIn;
    if (declaredIn === undefined) continue;
    const hinted = roles.find((role) => role.roleId === roleId && context.relative(role.span.file) === declaredIn);
    if (hinted) original.set(roleId, hinted);
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
export function judgeDeclarations(
  declarations: Declarations,
  lock: Lockfile | undefined,
  context: LawContext,
  byFile?: RolesByFile,
): Finding[] {
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

  if (byFile) for (const group of byFile.groups) findings.push(...groupDeclarations(group, context).contractDuplicates);
  else for (const role of originals) judgeContractDuplicates(role, context, findings);

  let declaredIds: { has(roleId: string): boolean };
  if (byFile) declaredIds = byFile.declaredIds;
  else {
    const ids = new Set<string>();
    for (const role of originals) ids.add(role.roleId);
    declaredIds = ids;
  }
  // Who owns an alias matters only for a replaced_by that names no role: built on first need.
  let aliasOwnerMemo: Map<string, string> | undefined;
  const aliasOwner = (): Map<string, string> => {
    if (aliasOwnerMemo) return aliasOwnerMemo;
    const owners = new Map<string, string>();
    for (const [roleId, locked] of lock?.roles ?? []) for (const alias of locked.aliases) owners.set(alias, roleId);
    for (const role of originals) for (const alias of role.aliases) if (!owners.has(alias.name)) owners.set(alias.name, role.roleId);
    aliasOwnerMemo = owners;
    return owners;
  };
  const replacing = byFile ? byFile.groups.flatMap((group) => groupDeclarations(group, context).replacing) : originals;
  for (const role of replacing) judgeReplacedBy(role, declaredIds, aliasOwner, findings);
  return findings;
}

/** What a file's roles say on their own: their repeated contracts, and which of them name a successor. */
interface GroupDeclarations {
  readonly context: LawContext;
  readonly contractDuplicates: readonly Finding[];
  readonly replacing: readonly DeclaredRole[];
}

const declarationsByGroup = new IdentityMemo<RoleGroup, GroupDeclarations>();

function groupDeclarations(group: RoleGroup, context: LawContext): GroupDeclarations {
  const known = declarationsByGroup.get(group, [context]);
  if (known) return known;
  const contractDuplicates: Finding[] = [];
  for (const role of group) judgeContractDuplicates(role, context, contractDuplicates);
  const judged = { context, contractDuplicates, replacing: group.filter((role) => role.deprecation?.replacedBy !== undefined) };
  return declarationsByGroup.set(group, [context], judged);
}

/** One declaration per contract id within a role. */
function judgeContractDuplicates(role: DeclaredRole, context: LawContext, findings: Finding[]): void {
  const contracts = role.contracts;
  // A role declares a handful of contracts: comparing with the earlier ones allocates nothing.
  for (let index = 1; index < contracts.length; index++) {
    const contract = contracts[index]!;
    const first = earlierDeclaration(contracts, index)?.idSpan;
    if (first) {
      findings.push(
        finding('CONTRACT_DUPLICATE', {
          message: `Contract \`${contract.contractId}\` is already declared at ${describeSpan(first, context)}.`,
          hint: 'Declare each contract version once; a new surface gets a new version.',
          subject: { roleId: role.roleId, contractId: contract.contractId },
          span: contract.idSpan,
        }),
      );
    }
  }
}

/** A deprecation's replaced_by names a declared role, other than the role itself. */
function judgeReplacedBy(
  role: DeclaredRole,
  declaredIds: { has(roleId: string): boolean },
  aliasOwner: () => ReadonlyMap<string, string>,
  findings: Finding[],
): void {
  const replacedBy = role.deprecation?.replacedBy;
  if (replacedBy === undefined) return;
  const span = role.deprecation?.replacedBySpan ?? role.idSpan;
  if (replacedBy === role.roleId) {
    findings.push(
      replacedByUnknown({
        message: `Role \`${role.roleId}\` is deprecated in favour of itself.`,
        hint: 'Name the role that takes over its work in replaced_by, or drop replaced_by.',
        subject: { roleId: role.roleId },
        span,
      }),
    );
  } else if (!declaredIds.has(replacedBy)) {
    const canonical = aliasOwner().get(replacedBy);
    findings.push(
      replacedByUnknown({
        message: canonical
          ? `Role \`${role.roleId}\` is replaced by \`${replacedBy}\`, which is an alias of \`${canonical}\`.`
          : `Role \`${role.roleId}\` is replaced by ${displayId(replacedBy)}, which is not a declared role.`,
        hint: canonical
          ? `Write replaced_by: '${canonical}' (the role_id, not an alias).`
          : 'Name a declared role_id in replaced_by, or drop replaced_by.',
        subject: { roleId: role.roleId },
        span,
        ...(canonical && role.deprecation?.replacedBySpan
          ? {
              suggestion: {
                message: `Write \`${canonical}\`, the role_id this alias names.`,
                value: canonical,
                span: role.deprecation.replacedBySpan,
              },
            }
          : {}),
      }),
    );
  }
}

/** The first declaration before `index` of the same contract id (a role declares a handful: no map needed). */
export function earlierDeclaration(contracts: readonly DeclaredContract[], index: number): DeclaredContract | undefined {
  const contractId = contracts[index]!.contractId;
  for (let earlier = 0; earlier < index; earlier++) if (contracts[earlier]!.contractId === contractId) return contracts[earlier];
  return undefined;
}

/** REPLACED_BY_UNKNOWN: a deprecation names a replacement that is not a declared role. */
function replacedByUnknown(verdict: Omit<Finding, 'code' | 'severity'>): Finding {
  return finding('REPLACED_BY_UNKNOWN', verdict);
}
