import { compareCodeUnits } from '../canonical/hashing.js';
import { parseContractId } from '../core/ids.js';
import type { Lockfile } from '../lockfile/format.js';
import { waiverKey, type Waiver } from '../lockfile/waivers.js';

/** What a deprecation said in the source that declared it (the lockfile records only that it happened). */
export interface DeprecationDetails {
  readonly reason?: string;
  readonly replacedBy?: string;
}

interface AddedAlias {
  readonly roleId: string;
  readonly alias: string;
}

interface AddedDeprecation extends DeprecationDetails {
  readonly roleId: string;
}

interface AddedContract {
  readonly contractId: string;
  readonly roleId: string;
  readonly surfaceHash: string;
  /** The version this one follows (same role and kind, the highest lower version locked): a bump. */
  readonly supersedes?: string;
}

/** Everything a version of the lockfile published that the version before it did not have. */
export interface LockfileAdditions {
  readonly roles: readonly string[];
  readonly aliases: readonly AddedAlias[];
  readonly deprecations: readonly AddedDeprecation[];
  readonly contracts: readonly AddedContract[];
  readonly waivers: readonly Waiver[];
}

/**
 * The entries `after` adds to `before` (undefined: no lockfile yet). The lockfile is append-only, so
 * additions are the whole story of a lawful change; what vanished is the law's business (audit).
 * `deprecationOf` tells what the declaring source said (reason, replaced_by), where it can be read.
 */
export function lockfileAdditions(
  before: Lockfile | undefined,
  after: Lockfile,
  deprecationOf: (roleId: string, declaredIn: string | undefined) => DeprecationDetails | undefined,
): LockfileAdditions {
  const roles: string[] = [];
  const aliases: AddedAlias[] = [];
  const deprecations: AddedDeprecation[] = [];
  const contracts: AddedContract[] = [];
  const lockedBefore = allContracts(before);
  const lockedAfter = allContracts(after);
  for (const [roleId, role] of sortedEntries(after.roles)) {
    const earlier = before?.roles.get(roleId);
    if (!earlier) roles.push(roleId);
    const earlierAliases = new Set(earlier?.aliases ?? []);
    for (const alias of [...role.aliases].sort(compareCodeUnits)) if (!earlierAliases.has(alias)) aliases.push({ roleId, alias });
    if (role.deprecated && !earlier?.deprecated) deprecations.push({ roleId, ...deprecationOf(roleId, role.declaredIn) });
  }
  for (const [contractId, surfaceHash] of sortedEntries(lockedAfter)) {
    if (lockedBefore.has(contractId)) continue;
    const parsed = parseContractId(contractId);
    if ('problem' in parsed) continue; // the lockfile's parser refuses such an id; never reached
    const supersedes = [...lockedAfter.keys()]
      .map((other) => ({ other, id: parseContractId(other) }))
      .filter(({ id }) => !('problem' in id) && id.roleId === parsed.roleId && id.kind === parsed.kind && id.version < parsed.version)
      .sort((a, b) => ('problem' in a.id || 'problem' in b.id ? 0 : b.id.version - a.id.version))[0]?.other;
    contracts.push({ contractId, roleId: parsed.roleId, surfaceHash, ...(supersedes !== undefined ? { supersedes } : {}) });
  }
  const earlierWaivers = new Set((before?.waivers ?? []).map((w) => waiverKey(w.code, w.id)));
  const waivers = after.waivers.filter((w) => !earlierWaivers.has(waiverKey(w.code, w.id)));
  return { roles, aliases, deprecations, contracts, waivers };
}

/** Every contract id the lockfile holds, active or retired, with its locked hash. */
function allContracts(lock: Lockfile | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const role of lock?.roles.values() ?? []) {
    for (const [id, hash] of role.retiredContracts) out.set(id, hash);
    for (const [id, hash] of role.contracts) out.set(id, hash);
  }
  return out;
}

function sortedEntries<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => compareCodeUnits(a, b));
}
