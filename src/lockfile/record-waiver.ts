import { parseContractId } from '../core/ids.js';
import type { LockedRole, Lockfile } from './format.js';
import { compareWaivers, type Waiver } from './waivers.js';

/**
 * The lockfile with one more waiver. A waived contract removal also records the contract as retired,
 * exactly as `lock` records a superseded one, so the waiver leaves nothing for `lock` to catch up on.
 */
export function recordWaiver(lock: Lockfile, waiver: Waiver): Lockfile {
  let roles = lock.roles;
  if (waiver.code === 'CONTRACT_REMOVED') {
    const parsed = parseContractId(waiver.id);
    const role = 'problem' in parsed ? undefined : lock.roles.get(parsed.roleId);
    const hash = role?.contracts.get(waiver.id);
    if (role && hash !== undefined && !('problem' in parsed)) {
      const contracts = new Map(role.contracts);
      contracts.delete(waiver.id);
      const retiredContracts = new Map(role.retiredContracts).set(waiver.id, hash);
      roles = new Map(lock.roles).set(parsed.roleId, { ...role, contracts, retiredContracts } satisfies LockedRole);
    }
  }
  return { ...lock, roles, waivers: [...lock.waivers, waiver].sort(compareWaivers) };
}
