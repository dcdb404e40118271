import { CURRENT_RULESET } from '../core/findings.js';
import { compareCodeUnits, HASH_PATTERN } from '../canonical/hashing.js';
import { displayId, parseContractId, roleIdProblem } from '../core/ids.js';
import { InputError } from '../core/input-error.js';
import { JsonTextError, parseJsonStrict, type JsonDocument, type JsonPath } from '../support/json-text.js';
import type { RegistrySnapshot, SnapshotRole } from '../core/model.js';
import { indexWaivers } from './waiver-index.js';
import { readWaivers, serializeWaivers, type Waiver } from './waivers.js';

/** The lockfile format this release reads and writes (docs/lockfile.md). */
export const LOCKFILE_VERSION = 1;

export interface LockedRole {
  /** Every alias ever locked, sorted. */
  readonly aliases: readonly string[];
  readonly deprecated: boolean;
  /** Contracts the source declares: contract_id → surface hash. */
  readonly contracts: ReadonlyMap<string, string>;
  /** Superseded contracts that left the source; their ids stay reserved with their hashes. */
  readonly retiredContracts: ReadonlyMap<string, string>;
  /** Project-relative POSIX path of the file that last declared the role: a hint, never hashed. */
  readonly declaredIn: string | undefined;
}

export interface Lockfile {
  readonly lockfileVersion: number;
  /** The ruleset the lockfile was written under: laws added later do not apply to it. */
  readonly ruleset: number;
  readonly roles: ReadonlyMap<string, LockedRole>;
  /** Approved breaks, each accepting one finding (src/lockfile/waivers.ts). Append-only; `[]` when none. */
  readonly waivers: readonly Waiver[];
}

export function emptyLockfile(): Lockfile {
  return { lockfileVersion: LOCKFILE_VERSION, ruleset: CURRENT_RULESET, roles: new Map(), waivers: [] };
}

/**
 * The snapshot a lockfile describes: what its registry hash covers. Waivers apply: tombstones
 * (roles, aliases and contracts whose removal was waived) are left out, as retired contracts are,
 * and a contract whose drift was waived counts with its accepted surface. So when `check` is clean
 * this equals the source's snapshot (docs/canonical-form.md).
 */
export function lockfileSnapshot(lock: Lockfile): RegistrySnapshot {
  const waived = indexWaivers(lock.waivers);
  const roles = new Map<string, SnapshotRole>();
  for (const [roleId, role] of lock.roles) {
    if (waived.removedRole(roleId)) continue;
    const contracts = new Map<string, string>();
    for (const [contractId, hash] of role.contracts) {
      if (waived.removedContract(contractId)) continue;
      contracts.set(contractId, waived.acceptedDrift(contractId)?.surfaceHash ?? hash);
    }
    roles.set(roleId, { aliases: role.aliases.filter((alias) => !waived.removedAlias(alias)), deprecated: role.deprecated, contracts });
  }
  return { roles };
}

const ROLE_KEYS = new Set(['aliases', 'contracts', 'declaredIn', 'deprecated', 'retiredContracts']);
const TOP_KEYS = new Set(['lockfileVersion', 'ruleset', 'roles', 'waivers']);
/**
 * The lockfile does not know the project's idPattern (a pattern may change over the years); ids in
 * it must still pass every universal check of `roleIdProblem` (no `__proto__`, no invisible or
 * look-alike characters) and contain no whitespace.
 */
const LOOSE_ID = /^\S+$/u;
const RESTORE_HINT =
  'Restore the lockfile from git (`git checkout -- <lockfile>`) and re-run `role-registry lock`; it is written by the tool, never by hand.';

/**
 * Parses and validates a lockfile. It is never trusted in part: any problem is an InputError that
 * names the file, line and column, and nothing is written while it stands.
 */
export function parseLockfile(file: string, text: string): Lockfile {
  let document: JsonDocument;
  try {
    document = parseJsonStrict(file, text);
  } catch (error) {
    if (error instanceof JsonTextError) {
      throw new InputError(
        'LOCKFILE_INVALID',
        file,
        `The lockfile cannot be read: ${error.message}.`,
        error.problem.includes('conflict')
          ? 'Resolve the merge: lockfiles are append-only, so keep the entries of both sides (or configure the role-registry merge driver, see docs/merging.md), then run `role-registry check`.'
          : RESTORE_HINT,
        error.span,
      );
    }
    throw error;
  }
  const fail = (jsonPath: JsonPath, problem: string, hint = RESTORE_HINT): never => {
    const span = document.spanOf(jsonPath);
    throw new InputError(
      'LOCKFILE_INVALID',
      file,
      `The lockfile is invalid at line ${span.line}, column ${span.column}: ${problem}`,
      hint,
      span,
    );
  };
  const top = document.value;
  if (!isRecord(top)) return fail([], `the lockfile must be a JSON object; ${got(top)}.`);
  for (const key of Object.keys(top)) if (!TOP_KEYS.has(key)) fail([key], `unknown key ${displayId(key)} at the top level.`);

  const version = top['lockfileVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(['lockfileVersion'], `"lockfileVersion" must be a positive integer; ${got(version)}.`);
  }
  if (version > LOCKFILE_VERSION) {
    return fail(
      ['lockfileVersion'],
      `lockfileVersion ${version} is newer than this role-registry understands (${LOCKFILE_VERSION}).`,
      'Upgrade role-registry to the version that wrote this lockfile.',
    );
  }
  const ruleset = top['ruleset'];
  if (typeof ruleset !== 'number' || !Number.isInteger(ruleset) || ruleset < 1)
    return fail(['ruleset'], `"ruleset" must be a positive integer; ${got(ruleset)}.`);
  if (ruleset > CURRENT_RULESET) {
    return fail(
      ['ruleset'],
      `ruleset ${ruleset} is newer than this role-registry knows (${CURRENT_RULESET}).`,
      'Upgrade role-registry to the version that wrote this lockfile.',
    );
  }
  const rolesValue = top['roles'];
  if (!isRecord(rolesValue)) return fail(['roles'], `"roles" must be an object keyed by role_id; ${got(rolesValue)}.`);

  const roles = new Map<string, LockedRole>();
  const aliasOwner = new Map<string, string>();
  for (const roleId of Object.keys(rolesValue)) {
    const where: JsonPath = ['roles', roleId];
    const shown = displayId(roleId);
    const idProblem = roleIdProblem(roleId, LOOSE_ID);
    if (idProblem) fail(where, `role id ${shown} is invalid: ${idProblem}.`);
    const entry = rolesValue[roleId];
    if (!isRecord(entry)) return fail(where, `role ${shown} must be an object; ${got(entry)}.`);
    for (const key of Object.keys(entry)) if (!ROLE_KEYS.has(key)) fail([...where, key], `unknown key ${displayId(key)} in role ${shown}.`);

    const aliases = entry['aliases'];
    if (!Array.isArray(aliases)) return fail([...where, 'aliases'], `"aliases" of role ${shown} must be an array; ${got(aliases)}.`);
    const seenAliases = new Set<string>();
    aliases.forEach((alias: unknown, index) => {
      if (typeof alias !== 'string')
        return fail([...where, 'aliases', index], `an alias of role ${shown} must be a string; ${got(alias)}.`);
      const problem = roleIdProblem(alias, LOOSE_ID);
      if (problem) fail([...where, 'aliases', index], `alias ${displayId(alias)} is invalid: ${problem}.`);
      if (seenAliases.has(alias)) fail([...where, 'aliases', index], `alias ${displayId(alias)} is listed twice.`);
      const owner = aliasOwner.get(alias);
      if (owner !== undefined)
        fail([...where, 'aliases', index], `alias ${displayId(alias)} is locked for both ${displayId(owner)} and ${shown}.`);
      if (alias === roleId) fail([...where, 'aliases', index], `role ${shown} lists its own id as an alias.`);
      seenAliases.add(alias);
      aliasOwner.set(alias, roleId);
    });

    const deprecated = entry['deprecated'];
    if (typeof deprecated !== 'boolean')
      return fail([...where, 'deprecated'], `"deprecated" of role ${shown} must be true or false; ${got(deprecated)}.`);

    const contracts = readContractMap(entry['contracts'], [...where, 'contracts'], roleId, fail, true);
    const retiredContracts = readContractMap(entry['retiredContracts'], [...where, 'retiredContracts'], roleId, fail, false);
    for (const contractId of retiredContracts.keys()) {
      if (contracts.has(contractId)) fail([...where, 'retiredContracts', contractId], `${contractId} is both active and retired.`);
    }

    const declaredIn = entry['declaredIn'];
    if (declaredIn !== undefined && !isProjectRelativePath(declaredIn)) {
      fail([...where, 'declaredIn'], `"declaredIn" of role ${shown} must be a project-relative POSIX path; ${got(declaredIn)}.`);
    }
    roles.set(roleId, {
      aliases: [...(aliases as string[])].sort(compareCodeUnits),
      deprecated,
      contracts,
      retiredContracts,
      declaredIn: declaredIn as string | undefined,
    });
  }
  for (const [alias, owner] of aliasOwner) {
    if (roles.has(alias)) fail(['roles', owner, 'aliases'], `alias ${displayId(alias)} of ${displayId(owner)} is also a locked role id.`);
  }
  const waivers = readWaivers(
    top['waivers'],
    {
      hasRole: (roleId) => roles.has(roleId),
      aliasOwner: (alias) => aliasOwner.get(alias),
      contractHash: (contractId) => {
        const parsed = parseContractId(contractId);
        const role = 'problem' in parsed ? undefined : roles.get(parsed.roleId);
        return role?.contracts.get(contractId) ?? role?.retiredContracts.get(contractId);
      },
    },
    (jsonPath, problem) =>
      fail(jsonPath, problem, 'Waivers are written by `role-registry waive`; restore the lockfile from git and record the waiver again.'),
  );
  return { lockfileVersion: version, ruleset, roles, waivers };
}

function readContractMap(
  value: unknown,
  where: JsonPath,
  roleId: string,
  fail: (path: JsonPath, problem: string) => never,
  required: boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined && !required) return out;
  const field = String(where[where.length - 1]);
  if (!isRecord(value))
    return fail(where, `"${field}" of role ${displayId(roleId)} must be an object of contract_id → hash; ${got(value)}.`);
  for (const contractId of Object.keys(value)) {
    const shown = displayId(contractId);
    const parsed = parseContractId(contractId);
    if ('problem' in parsed) fail([...where, contractId], `contract id ${shown} is invalid: ${parsed.problem}.`);
    else if (parsed.roleId !== roleId) fail([...where, contractId], `contract ${shown} is filed under role ${displayId(roleId)}.`);
    const problem = hashProblem(value[contractId]);
    if (problem)
      fail([...where, contractId], `the surface hash of ${shown} ${problem}; a surface hash is a sha256: 64 lowercase hex digits.`);
    out.set(contractId, value[contractId] as string);
  }
  return out;
}

/** Why a value is not a surface hash, worded for the person who has to fix it. */
function hashProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return value === undefined ? 'is missing' : `is ${describeJson(value)}`;
  if (HASH_PATTERN.test(value)) return undefined;
  const stray = [...value].find((char) => !/[0-9a-f]/.test(char));
  if (stray !== undefined)
    return `contains ${/[A-F]/.test(stray) ? `the uppercase digit '${stray}'` : `${displayId(stray)}, which is not a hex digit`}`;
  return `is ${value.length} hex digits long`;
}

function isProjectRelativePath(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value !== '' &&
    value.length <= 4096 &&
    !value.startsWith('/') &&
    !/^[a-zA-Z]:/.test(value) &&
    !value.includes('\\') &&
    !/[\u0000-\u001f]/.test(value) &&
    !value.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')
  );
}

/** What a message says about a value that has the wrong type. */
function got(value: unknown): string {
  return value === undefined ? 'it is missing' : `it is ${describeJson(value)}`;
}

/** A JSON value named for a message: its kind, and the value itself when it is short. */
function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${displayId(value)}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    default:
      return 'an object';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deterministic bytes: fixed top-level order, keys sorted by UTF-16 code units, two-space
 * indentation, LF line endings, one trailing newline. One role is one block in a diff.
 */
export function serializeLockfile(lock: Lockfile): string {
  const roles: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const roleId of [...lock.roles.keys()].sort(compareCodeUnits)) {
    const role = lock.roles.get(roleId)!;
    const entry: Record<string, unknown> = {
      aliases: [...role.aliases].sort(compareCodeUnits),
      contracts: sortedRecord(role.contracts),
    };
    if (role.declaredIn !== undefined) entry['declaredIn'] = role.declaredIn;
    entry['deprecated'] = role.deprecated;
    if (role.retiredContracts.size > 0) entry['retiredContracts'] = sortedRecord(role.retiredContracts);
    roles[roleId] = entry;
  }
  // `waivers` is omitted while empty, so lockfiles without waivers keep their bytes.
  const document: Record<string, unknown> = { lockfileVersion: lock.lockfileVersion, ruleset: lock.ruleset, roles };
  if (lock.waivers.length > 0) document['waivers'] = serializeWaivers(lock.waivers);
  return `${JSON.stringify(document, null, 2)}\n`;
}

function sortedRecord(map: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of [...map.keys()].sort(compareCodeUnits)) out[key] = map.get(key)!;
  return out;
}
