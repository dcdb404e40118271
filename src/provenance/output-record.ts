/**
 * The record a role job attaches to one output (docs/provenance.md), made from the provenance value
 * a build filled in. Dependency-free on purpose: every build path ships this module to run time
 * (a browser bundle included), and it reads nothing but the value it is given.
 */
import type { RegistryProvenance } from './value.js';

export type { RegistryProvenance };

/** Names the record's shape; `verify-records` looks for objects carrying it. */
export const OUTPUT_RECORD_FORMAT = 'role-registry.output/1';

export interface OutputRecord<ContractId extends string = string> {
  readonly format: typeof OUTPUT_RECORD_FORMAT;
  /** The registry the build was made against. */
  readonly registryHash: string;
  readonly roleId: string;
  readonly contractId: ContractId;
  /** The contract's surface hash in that registry. */
  readonly surfaceHash: string;
}

/** Thrown by `recordFor` for a contract id the build's registry does not hold as active. */
export class UnknownContractError extends Error {
  readonly code = 'ROLE_REGISTRY_UNKNOWN_CONTRACT';

  constructor(
    readonly contractId: string,
    /** The active contract ids closest to `contractId` (edit distance), nearest first. */
    readonly nearest: readonly string[],
    registryHash: string,
  ) {
    super(
      `role-registry: ${JSON.stringify(contractId)} is not an active contract of the registry this build was made against (${registryHash.slice(0, 12)}…)` +
        (nearest.length > 0 ? `; did you mean ${nearest.map((id) => JSON.stringify(id)).join(' or ')}?` : '.') +
        ' A retired contract stamps no new outputs: use its current version, and rebuild after `role-registry lock`.',
    );
    this.name = 'UnknownContractError';
  }
}

/** The record for one output made under `contractId`, from `provenance`; throws `UnknownContractError` for another id. */
export function recordFrom(provenance: RegistryProvenance, contractId: string): OutputRecord {
  const active = provenance.activeContracts;
  const contract = typeof contractId === 'string' && Object.hasOwn(active, contractId) ? active[contractId] : undefined;
  if (contract === undefined)
    throw new UnknownContractError(String(contractId), nearestIds(String(contractId), Object.keys(active)), provenance.registryHash);
  return Object.freeze({
    format: OUTPUT_RECORD_FORMAT,
    registryHash: provenance.registryHash,
    roleId: contract.roleId,
    contractId,
    surfaceHash: contract.surfaceHash,
  });
}

const SHOWN = 3;

/** Up to three ids at the smallest edit distances, each within a quarter of the asked id's length (at least 2). */
export function nearestIds(asked: string, known: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(asked.length / 4));
  const scored: { id: string; distance: number }[] = [];
  for (const id of known) {
    const distance = editDistance(asked, id, limit);
    if (distance <= limit) scored.push({ id, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, SHOWN).map((entry) => entry.id);
}

/** Levenshtein distance, giving up (limit + 1) once every path exceeds `limit`: fast over 20,000 ids. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
