import type { Finding } from '../core/findings.js';
import { judge, type JudgeInput } from './judge.js';
import type { Lockfile } from '../lockfile/format.js';
import { waiverIdOf } from '../core/waiver-policy.js';
import { waiverKey, type Waiver } from '../lockfile/waivers.js';

/** A finding the lockfile's waivers accept: what `check` would report without them, and the waiver. */
export interface WaivedFinding {
  readonly finding: Finding;
  readonly waiver: Waiver;
}

/**
 * The findings the waivers accept now, for reports that list what was approved (auditors must see
 * it). The engine judges the same input again as if no waiver were recorded; a finding a waiver
 * names, and that the real verdicts (`findings`) no longer report, is one the waiver accepts. A
 * waiver whose break is gone (a drifted contract restored) or that no longer helps (a tombstone
 * declared again, reported as ID_REUSED) accepts nothing and is not listed. Pure.
 */
export function waivedFindings(input: Omit<JudgeInput, 'baseline'>, findings: readonly Finding[]): WaivedFinding[] {
  const lock = input.lock;
  if (!lock || lock.waivers.length === 0) return [];
  const waivers = new Map(lock.waivers.map((waiver) => [waiverKey(waiver.code, waiver.id), waiver]));
  const keyOf = (f: Finding): string | undefined => {
    const id = waiverIdOf(f);
    return id === undefined ? undefined : waiverKey(f.code, id);
  };
  const stillReported = new Set(findings.map(keyOf));
  const accepted: WaivedFinding[] = [];
  for (const finding of judge({ source: input.source, lock: withoutWaivers(lock), context: input.context })) {
    const key = keyOf(finding);
    const waiver = key === undefined ? undefined : waivers.get(key);
    if (waiver && !stillReported.has(key)) accepted.push({ finding, waiver });
  }
  return accepted;
}

/**
 * The lockfile as it was before its waivers were recorded: `recordWaiver` also retires a contract
 * whose removal it accepts, so that contract is active again here.
 */
function withoutWaivers(lock: Lockfile): Lockfile {
  const roles = new Map(lock.roles);
  for (const waiver of lock.waivers) {
    if (waiver.code !== 'CONTRACT_REMOVED') continue;
    for (const [roleId, role] of roles) {
      const hash = role.retiredContracts.get(waiver.id);
      if (hash === undefined) continue;
      const retiredContracts = new Map(role.retiredContracts);
      retiredContracts.delete(waiver.id);
      roles.set(roleId, { ...role, contracts: new Map(role.contracts).set(waiver.id, hash), retiredContracts });
    }
  }
  return { ...lock, roles, waivers: [] };
}
