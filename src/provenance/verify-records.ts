/**
 * The verdict on one stored output record (docs/provenance.md): against today's lockfile (the
 * contract is locked, the surface hash is the locked or a waiver-accepted one) and against the
 * lockfile's history (the registry hash is one the lockfile had, with that contract active under
 * that surface).
 */
import { HASH_PATTERN } from '../canonical/hashing.js';
import type { Lockfile } from '../lockfile/format.js';
import { indexWaivers } from '../lockfile/waiver-index.js';
import type { RegistryVersion } from '../audit/registry-versions.js';
import { nearestIds } from './output-record.js';

export interface RecordVerdict {
  /** The record holds: its contract, surface and registry are the registry's. */
  readonly ok: boolean;
  /** `historical`: the contract is retired today (a record made before it was superseded). */
  readonly status: 'active' | 'historical' | 'unknown';
  /** Why it fails, one sentence each; empty when ok. */
  readonly problems: readonly string[];
  /** The first commit whose lockfile had the record's registry hash, when one did. */
  readonly madeAt: string | undefined;
}

const FIELDS = ['registryHash', 'roleId', 'contractId', 'surfaceHash'] as const;

/** Judges records against one lockfile and its history; a waiver index and the id list are built once. */
export class RecordJudge {
  private readonly waivers;
  private activeIds: string[] | undefined;

  constructor(
    private readonly lock: Lockfile,
    private readonly history: ReadonlyMap<string, RegistryVersion>,
  ) {
    this.waivers = indexWaivers(lock.waivers);
  }

  judge(record: Readonly<Record<string, unknown>>): RecordVerdict {
    const malformed = FIELDS.filter((field) => typeof record[field] !== 'string');
    if (malformed.length > 0)
      return fail('unknown', [`the record has no string ${malformed.join(', ')}: it was not made by recordFor`], undefined);
    const { registryHash, roleId, contractId, surfaceHash } = record as Record<(typeof FIELDS)[number], string>;
    const problems: string[] = [];
    for (const [field, value] of [
      ['registryHash', registryHash],
      ['surfaceHash', surfaceHash],
    ] as const)
      if (!HASH_PATTERN.test(value)) problems.push(`its ${field} ${JSON.stringify(value)} is not a sha256 in lowercase hex`);

    const locked = this.locked(contractId);
    if (!locked) {
      const nearest = nearestIds(contractId, this.knownIds());
      problems.push(
        `contract ${JSON.stringify(contractId)} is not in the lockfile${nearest.length > 0 ? ` (nearest: ${nearest.join(', ')})` : ''}`,
      );
      return fail('unknown', problems, this.history.get(registryHash)?.firstCommit.sha);
    }
    const status = locked.retired ? 'historical' : 'active';
    if (locked.roleId !== roleId)
      problems.push(`its roleId ${JSON.stringify(roleId)} is not the role that declares ${contractId} (${locked.roleId})`);
    const accepted = this.waivers.acceptedDrift(contractId)?.surfaceHash;
    if (surfaceHash !== locked.surfaceHash && surfaceHash !== accepted)
      problems.push(`its surfaceHash ${short(surfaceHash)} is not the locked surface of ${contractId} (${short(locked.surfaceHash)})`);

    const version = this.history.get(registryHash);
    if (!version) {
      problems.push(`its registryHash ${short(registryHash)} is not one the lockfile had in any commit of the history`);
      return verdict(status, problems, undefined);
    }
    const then = version.contracts.get(contractId);
    const at = version.firstCommit.sha.slice(0, 10);
    if (!then) problems.push(`${contractId} was not an active contract of registry ${short(registryHash)} (first committed in ${at})`);
    else if (then.surfaceHash !== surfaceHash)
      problems.push(`in registry ${short(registryHash)} (first committed in ${at}) ${contractId} had surface ${short(then.surfaceHash)}`);
    return verdict(status, problems, version.firstCommit.sha);
  }

  private locked(contractId: string): { roleId: string; surfaceHash: string; retired: boolean } | undefined {
    const roleId = /^ROLE:(.+):[XC]:[^:]+$/.exec(contractId)?.[1];
    const candidates = roleId !== undefined && this.lock.roles.has(roleId) ? [roleId] : [...this.lock.roles.keys()];
    for (const id of candidates) {
      const role = this.lock.roles.get(id)!;
      const active = role.contracts.get(contractId);
      if (active !== undefined && !this.waivers.removedContract(contractId)) return { roleId: id, surfaceHash: active, retired: false };
      const retired = role.retiredContracts.get(contractId) ?? (active !== undefined ? active : undefined);
      if (retired !== undefined) return { roleId: id, surfaceHash: retired, retired: true };
    }
    return undefined;
  }

  private knownIds(): string[] {
    this.activeIds ??= [...this.lock.roles.values()].flatMap((role) => [...role.contracts.keys(), ...role.retiredContracts.keys()]);
    return this.activeIds;
  }
}

function verdict(status: 'active' | 'historical', problems: string[], madeAt: string | undefined): RecordVerdict {
  return problems.length > 0 ? fail(status, problems, madeAt) : { ok: true, status, problems: [], madeAt };
}

function fail(status: RecordVerdict['status'], problems: string[], madeAt: string | undefined): RecordVerdict {
  return { ok: false, status, problems, madeAt };
}

function short(hash: string): string {
  return HASH_PATTERN.test(hash) ? `${hash.slice(0, 12)}…` : JSON.stringify(hash);
}
