import { VIOLATIONS } from '../core/findings.js';
import { isWaivableCode, WAIVABLE_CODES, type WaivableCode } from '../core/waiver-policy.js';
import { compareCodeUnits, HASH_PATTERN } from '../canonical/hashing.js';
import { displayId, parseContractId } from '../core/ids.js';
import type { JsonPath } from '../support/json-text.js';
import { isUtcDate } from '../support/utc-date.js';

/**
 * Waivers: the lockfile's record of specific breaks a team approved, each naming one finding (its
 * code and the id it is about), a reason and a UTC date (docs/migrations.md). A waiver accepts that
 * finding and nothing else, never frees an id, and is itself append-only.
 */

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
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return fail(at(), 'a waiver must be an object with code, id, reason and date.');
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!WAIVER_KEYS.has(key)) fail(at(key), `unknown key ${displayId(key)} in a waiver.`);
    const code = record['code'];
    if (typeof code !== 'string') return fail(at('code'), 'the "code" of a waiver must be a violation code.');
    if (!Object.hasOwn(VIOLATIONS, code)) return fail(at('code'), `unknown violation code ${displayId(code)} in a waiver.`);
    if (!isWaivableCode(code)) return fail(at('code'), `${code} cannot be waived (waivable: ${WAIVABLE_CODES.join(', ')}).`);
    const id = record['id'];
    if (typeof id !== 'string' || id === '') return fail(at('id'), `the "id" of a ${code} waiver must be a non-empty string.`);
    const reason = record['reason'];
    if (typeof reason !== 'string' || reason.trim() === '')
      return fail(at('reason'), `the waiver of ${code} ${displayId(id)} has an empty reason; a waiver must say why.`);
    const date = record['date'];
    if (typeof date !== 'string' || !isUtcDate(date))
      return fail(at('date'), `the date of the waiver of ${code} ${displayId(id)} must be a UTC calendar date written YYYY-MM-DD.`);
    const surfaceHash = record['surfaceHash'];
    if (code !== 'CONTRACT_DRIFT' && surfaceHash !== undefined)
      fail(at('surfaceHash'), `"surfaceHash" belongs only to CONTRACT_DRIFT waivers.`);
    const problem = unknownSubject(code, id, locked);
    if (problem) fail(at('id'), problem);
    if (code === 'CONTRACT_DRIFT') {
      if (typeof surfaceHash !== 'string' || !HASH_PATTERN.test(surfaceHash)) {
        return fail(
          at('surfaceHash'),
          `the CONTRACT_DRIFT waiver of \`${id}\` needs "surfaceHash", the accepted surface (64 lowercase hex digits).`,
        );
      }
      if (surfaceHash === locked.contractHash(id))
        fail(at('surfaceHash'), `the CONTRACT_DRIFT waiver of \`${id}\` accepts the surface that is already locked.`);
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
      return locked.aliasOwner(id) !== undefined
        ? undefined
        : `the ALIAS_REMOVED waiver names ${displayId(id)}, which is not a locked alias.`;
    case 'CONTRACT_REMOVED':
    case 'CONTRACT_DRIFT': {
      if ('problem' in parseContractId(id)) return `the ${code} waiver names ${displayId(id)}, which is not a contract id.`;
      return locked.contractHash(id) !== undefined
        ? undefined
        : `the ${code} waiver names ${displayId(id)}, which is not a locked contract.`;
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
