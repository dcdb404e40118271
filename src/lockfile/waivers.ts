import { VIOLATIONS, type Finding, type ViolationCode } from '../core/findings.js';
import { compareCodeUnits, HASH_PATTERN } from '../canonical/hashing.js';
import { displayId, parseContractId } from '../core/ids.js';
import type { JsonPath } from '../support/json-text.js';
import type { LockedRole, Lockfile } from './format.js';

/**
 * Waivers: the lockfile's record of specific breaks a team approved, each naming one finding (its
 * code and the id it is about), a reason and a UTC date (docs/migrations.md). A waiver accepts that
 * finding and nothing else, never frees an id, and is itself append-only.
 */

/**
 * The findings a waiver may accept. Each is a break of an entry that stays in the lockfile, so what
 * was published stays on record: a removed role, alias or contract becomes a tombstone (reserved
 * forever), a drifted contract keeps its locked hash next to the accepted one. Source findings
 * (ambiguous declarations), input errors, reuse of an id (the one thing stored references cannot
 * survive), a reverted deprecation and LOCK_OUTDATED (run `lock`) are never waivable.
 */
export const WAIVABLE_CODES = ['ROLE_REMOVED', 'ALIAS_REMOVED', 'CONTRACT_REMOVED', 'CONTRACT_DRIFT'] as const satisfies readonly ViolationCode[];

export type WaivableCode = (typeof WAIVABLE_CODES)[number];

export interface Waiver {
  readonly code: WaivableCode;
  /** The role id (ROLE_REMOVED), alias (ALIAS_REMOVED) or contract id (CONTRACT_*) the finding is about. */
  readonly id: string;
  readonly reason: string;
  /** The UTC calendar date the waiver was recorded, `YYYY-MM-DD`. */
  readonly date: string;
  /** CONTRACT_DRIFT only: the surface hash accepted for the contract in place of its locked one. */
  readonly surfaceHash?: string;
}

export function isWaivableCode(code: string): code is WaivableCode {
  return (WAIVABLE_CODES as readonly string[]).includes(code);
}

/** Why a known code cannot be waived: one sentence for the refusal. */
export function whyNotWaivable(code: ViolationCode): string {
  if (code === 'LOCK_OUTDATED') return 'it is not a break: run `role-registry lock` to record the addition';
  if (code === 'BASELINE_REGRESSION') return 'the lockfile itself is append-only: restore the entry from the base ref';
  if (code === 'ID_REUSED' || code === 'CONTRACT_REUSED') return 'a reused id makes stored references mean something else, which no approval can undo: choose a new id';
  if (code === 'DEPRECATION_REVERTED') return 'deprecation is final: declare a new role if the work is needed again';
  const kind = VIOLATIONS[code].kind;
  if (kind === 'input') return 'it is an input error: fix the input';
  return 'it makes the declarations ambiguous, so the source would have no trustworthy registry hash: fix the declaration';
}

/** The id a finding is about, as a waiver names it. */
export function waiverIdOf(finding: Finding): string | undefined {
  switch (finding.code) {
    case 'ROLE_REMOVED':
      return finding.subject.roleId;
    case 'ALIAS_REMOVED':
      return finding.subject.alias;
    case 'CONTRACT_REMOVED':
    case 'CONTRACT_DRIFT':
      return finding.subject.contractId;
    default:
      return undefined;
  }
}

/** Lookups the laws and the snapshot need. */
export interface WaiverIndex {
  /** A role whose removal was waived: a tombstone. */
  removedRole(roleId: string): Waiver | undefined;
  removedAlias(alias: string): Waiver | undefined;
  removedContract(contractId: string): Waiver | undefined;
  /** The drift waiver of a contract: its surfaceHash replaces the locked one in every comparison. */
  acceptedDrift(contractId: string): Waiver | undefined;
}

const NO_WAIVERS: WaiverIndex = {
  removedRole: () => undefined,
  removedAlias: () => undefined,
  removedContract: () => undefined,
  acceptedDrift: () => undefined,
};

/** One index per waiver list (a parsed lockfile keeps its list): laws remember verdicts by index. */
const indexes = new WeakMap<readonly Waiver[], WaiverIndex>();

export function indexWaivers(waivers: readonly Waiver[]): WaiverIndex {
  // Laws ask once per role and contract; most lockfiles have no waiver at all.
  if (waivers.length === 0) return NO_WAIVERS;
  const known = indexes.get(waivers);
  if (known) return known;
  const byKey = new Map<string, Waiver>();
  for (const waiver of waivers) byKey.set(waiverKey(waiver.code, waiver.id), waiver);
  const index: WaiverIndex = {
    removedRole: (roleId) => byKey.get(waiverKey('ROLE_REMOVED', roleId)),
    removedAlias: (alias) => byKey.get(waiverKey('ALIAS_REMOVED', alias)),
    removedContract: (contractId) => byKey.get(waiverKey('CONTRACT_REMOVED', contractId)),
    acceptedDrift: (contractId) => byKey.get(waiverKey('CONTRACT_DRIFT', contractId)),
  };
  indexes.set(waivers, index);
  return index;
}

/** (code, id) identifies a waiver: at most one per finding. */
export function waiverKey(code: string, id: string): string {
  return `${code}\0${id}`;
}

/** Chronological, then by code and id: deterministic, and new waivers usually land at the end of the list. */
export function compareWaivers(a: Waiver, b: Waiver): number {
  return compareCodeUnits(a.date, b.date) || compareCodeUnits(a.code, b.code) || compareCodeUnits(a.id, b.id);
}

/** One line naming a waiver, for reports. */
export function describeWaiver(waiver: Waiver): string {
  return `${waiver.code} \`${waiver.id}\` (${waiver.date}: ${waiver.reason})`;
}

/** "a waiver of <date> ("<reason>")": where a tombstone came from, for findings about it. */
export function waiverOrigin(waiver: Waiver): string {
  return `a waiver of ${waiver.date} (${JSON.stringify(waiver.reason)})`;
}

const UTC_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isUtcDate(text: string): boolean {
  const match = UTC_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** What the lockfile knows, for validating the ids waivers name. */
export interface LockedIds {
  hasRole(roleId: string): boolean;
  aliasOwner(alias: string): string | undefined;
  /** The locked hash of a contract, active or retired. */
  contractHash(contractId: string): string | undefined;
}

const WAIVER_KEYS = new Set(['code', 'date', 'id', 'reason', 'surfaceHash']);

/**
 * Reads the lockfile's `waivers` array. Every problem calls `fail` with the JSON path of the
 * offending value, so the error names the line and column.
 */
export function readWaivers(value: unknown, locked: LockedIds, fail: (path: JsonPath, problem: string) => never): Waiver[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(['waivers'], '"waivers" must be an array.');
  const waivers: Waiver[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const at = (key?: string): JsonPath => (key === undefined ? ['waivers', index] : ['waivers', index, key]);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(at(), 'a waiver must be an object with code, id, reason and date.');
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!WAIVER_KEYS.has(key)) fail(at(key), `unknown key ${displayId(key)} in a waiver.`);
    const code = record['code'];
    if (typeof code !== 'string') return fail(at('code'), 'the "code" of a waiver must be a violation code.');
    if (!Object.hasOwn(VIOLATIONS, code)) return fail(at('code'), `unknown violation code ${displayId(code)} in a waiver.`);
    if (!isWaivableCode(code)) return fail(at('code'), `${code} cannot be waived (waivable: ${WAIVABLE_CODES.join(', ')}).`);
    const id = record['id'];
    if (typeof id !== 'string' || id === '') return fail(at('id'), `the "id" of a ${code} waiver must be a non-empty string.`);
    const reason = record['reason'];
    if (typeof reason !== 'string' || reason.trim() === '') return fail(at('reason'), `the waiver of ${code} ${displayId(id)} has an empty reason; a waiver must say why.`);
    const date = record['date'];
    if (typeof date !== 'string' || !isUtcDate(date)) return fail(at('date'), `the date of the waiver of ${code} ${displayId(id)} must be a UTC calendar date written YYYY-MM-DD.`);
    const surfaceHash = record['surfaceHash'];
    if (code !== 'CONTRACT_DRIFT' && surfaceHash !== undefined) fail(at('surfaceHash'), `"surfaceHash" belongs only to CONTRACT_DRIFT waivers.`);
    const problem = unknownSubject(code, id, locked);
    if (problem) fail(at('id'), problem);
    if (code === 'CONTRACT_DRIFT') {
      if (typeof surfaceHash !== 'string' || !HASH_PATTERN.test(surfaceHash)) {
        return fail(at('surfaceHash'), `the CONTRACT_DRIFT waiver of \`${id}\` needs "surfaceHash", the accepted surface (64 lowercase hex digits).`);
      }
      if (surfaceHash === locked.contractHash(id)) fail(at('surfaceHash'), `the CONTRACT_DRIFT waiver of \`${id}\` accepts the surface that is already locked.`);
    }
    const key = waiverKey(code, id);
    if (seen.has(key)) fail(at(), `${code} \`${id}\` is waived twice; one waiver accepts one finding.`);
    seen.add(key);
    waivers.push({ code, id, reason, date, ...(typeof surfaceHash === 'string' ? { surfaceHash } : {}) });
  });
  return waivers.sort(compareWaivers);
}

function unknownSubject(code: WaivableCode, id: string, locked: LockedIds): string | undefined {
  switch (code) {
    case 'ROLE_REMOVED':
      return locked.hasRole(id) ? undefined : `the ROLE_REMOVED waiver names ${displayId(id)}, which is not a locked role.`;
    case 'ALIAS_REMOVED':
      return locked.aliasOwner(id) !== undefined ? undefined : `the ALIAS_REMOVED waiver names ${displayId(id)}, which is not a locked alias.`;
    case 'CONTRACT_REMOVED':
    case 'CONTRACT_DRIFT': {
      if ('problem' in parseContractId(id)) return `the ${code} waiver names ${displayId(id)}, which is not a contract id.`;
      return locked.contractHash(id) !== undefined ? undefined : `the ${code} waiver names ${displayId(id)}, which is not a locked contract.`;
    }
  }
}

/** The JSON form of the waiver list: keys sorted, entries in compareWaivers order. */
export function serializeWaivers(waivers: readonly Waiver[]): Record<string, string>[] {
  return [...waivers].sort(compareWaivers).map((waiver) => {
    const entry: Record<string, string> = { code: waiver.code, date: waiver.date, id: waiver.id, reason: waiver.reason };
    if (waiver.surfaceHash !== undefined) entry['surfaceHash'] = waiver.surfaceHash;
    return entry;
  });
}

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
