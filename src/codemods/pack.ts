import { canonicalJson } from '../canonical/hashing.js';
import { displayId, parseContractId, roleIdProblem } from '../core/ids.js';
import { JsonTextError, parseJsonStrict, type JsonDocument, type JsonPath } from '../support/json-text.js';
import { CONTRACT_KIND_FIELD, type ContractKind, type SourceSpan } from '../core/model.js';
import { CodemodRefusal } from './refusal.js';
import type { Json } from '../support/ts-literal.js';

/**
 * A role pack: the JSON shape other tools exchange roles in (Handshake's RolePack): `pack_id` and
 * `roles[]`, each with `role_id`, `department_id`, `display_name`, `aliases`, `deprecated`,
 * `extract_contracts` and `produce_contracts` (each `{ contract_id, schema_json }`). Other fields of
 * a role or a contract are free metadata and are carried over as they are.
 */
export interface Pack {
  readonly packId: string;
  readonly roles: readonly PackRole[];
}

export interface PackRole {
  readonly roleId: string;
  readonly departmentId: string;
  readonly displayName: string | undefined;
  readonly aliases: readonly string[];
  readonly deprecated: undefined | true | { readonly reason?: string; readonly replacedBy?: string };
  readonly contracts: readonly PackContract[];
  /** Other fields, in the pack's order. */
  readonly metadata: readonly (readonly [string, Json])[];
  /** Index in `roles`, for pointing back at the pack. */
  readonly index: number;
}

export interface PackContract {
  readonly contractId: string;
  readonly kind: ContractKind;
  readonly schema: Json;
  /** The canonical JSON of the schema (RFC 8785): shared schemas are found by equality of this. */
  readonly canonical: string;
  readonly metadata: readonly (readonly [string, Json])[];
  readonly path: JsonPath;
}

const KNOWN_ROLE_KEYS = new Set([
  'role_id',
  'department_id',
  'display_name',
  'aliases',
  'deprecated',
  'extract_contracts',
  'produce_contracts',
]);

/** Pack errors name the file, the line and column, and the JSON path of the value. */
export class PackError extends CodemodRefusal {
  constructor(message: string, hint: string, where: SourceSpan) {
    super(message, hint, 2, where);
  }
}

export function readPack(file: string, text: string, idPattern: RegExp): { pack: Pack; document: JsonDocument } {
  let document: JsonDocument;
  try {
    document = parseJsonStrict(file, text);
  } catch (error) {
    if (error instanceof JsonTextError)
      throw new PackError(`the role pack cannot be read: ${error.problem}.`, 'Fix the JSON of the pack.', error.span);
    throw error;
  }
  const fail = (path: JsonPath, problem: string, hint = 'Fix the pack and run the import again.'): never => {
    throw new PackError(`${formatPath(path)}: ${problem}`, hint, document.spanOf(path));
  };
  const top = document.value;
  if (!isRecord(top)) return fail([], 'a role pack must be a JSON object with "pack_id" and "roles".');
  const packId = top['pack_id'];
  if (typeof packId !== 'string' || packId.trim() === '') return fail(['pack_id'], '"pack_id" must be a non-empty string.');
  const rolesValue = top['roles'];
  if (!Array.isArray(rolesValue)) return fail(['roles'], '"roles" must be an array of roles.');
  if (rolesValue.length === 0) return fail(['roles'], 'the pack has no roles; there is nothing to import.');

  const roles: PackRole[] = [];
  const roleIndex = new Map<string, number>();
  const aliasOwner = new Map<string, string>();
  rolesValue.forEach((value: unknown, index) => {
    const at = (...rest: (string | number)[]): JsonPath => ['roles', index, ...rest];
    if (!isRecord(value)) return fail(at(), 'a role must be an object.');
    const roleId = value['role_id'];
    if (typeof roleId !== 'string') return fail(at('role_id'), '"role_id" must be a string.');
    const idProblem = roleIdProblem(roleId, idPattern);
    if (idProblem) fail(at('role_id'), `role_id ${displayId(roleId)} is not a valid id: ${idProblem}.`);
    const first = roleIndex.get(roleId);
    if (first !== undefined)
      fail(at('role_id'), `role_id ${JSON.stringify(roleId)} is already used by roles[${first}].`, 'A role_id names exactly one role.');
    roleIndex.set(roleId, index);

    const departmentId = value['department_id'];
    if (typeof departmentId !== 'string' || departmentId.trim() === '')
      return fail(at('department_id'), '"department_id" must be a non-empty string (roles are written one file per department).');
    const displayName = value['display_name'];
    if (displayName !== undefined && typeof displayName !== 'string') fail(at('display_name'), '"display_name" must be a string.');

    const aliasesValue = value['aliases'] ?? [];
    if (!Array.isArray(aliasesValue)) return fail(at('aliases'), '"aliases" must be an array of former ids.');
    const aliases: string[] = [];
    aliasesValue.forEach((alias: unknown, aliasIndex) => {
      if (typeof alias !== 'string') return fail(at('aliases', aliasIndex), 'an alias must be a string.');
      const problem = roleIdProblem(alias, idPattern);
      if (problem) fail(at('aliases', aliasIndex), `alias ${displayId(alias)} is not a valid id: ${problem}.`);
      if (alias === roleId) fail(at('aliases', aliasIndex), `alias ${JSON.stringify(alias)} is the role's own id.`);
      const owner = aliasOwner.get(alias);
      if (owner !== undefined)
        fail(
          at('aliases', aliasIndex),
          owner === roleId
            ? `alias ${JSON.stringify(alias)} is listed twice.`
            : `alias ${JSON.stringify(alias)} is already an alias of ${JSON.stringify(owner)}.`,
        );
      aliasOwner.set(alias, roleId);
      aliases.push(alias);
    });

    const deprecated = readDeprecated(value['deprecated'], at('deprecated'), fail);
    const contracts: PackContract[] = [];
    for (const kind of ['X', 'C'] as const) {
      const field = CONTRACT_KIND_FIELD[kind];
      const list = value[field] ?? [];
      if (!Array.isArray(list)) return fail(at(field), `"${field}" must be an array of contracts.`);
      list.forEach((contract: unknown, contractIndex) => {
        const where = at(field, contractIndex);
        if (!isRecord(contract)) return fail(where, 'a contract must be an object with "contract_id" and "schema_json".');
        const contractId = contract['contract_id'];
        if (typeof contractId !== 'string') return fail([...where, 'contract_id'], '"contract_id" must be a string.');
        const parsed = parseContractId(contractId);
        if ('problem' in parsed)
          return fail([...where, 'contract_id'], `contract_id ${displayId(contractId)} is invalid: ${parsed.problem}.`);
        if (parsed.roleId !== roleId)
          fail(
            [...where, 'contract_id'],
            `contract_id ${displayId(contractId)} names role ${displayId(parsed.roleId)}, but it belongs to ${JSON.stringify(roleId)}.`,
          );
        if (parsed.kind !== kind)
          fail(
            [...where, 'contract_id'],
            `contract_id ${JSON.stringify(contractId)} is of kind ${parsed.kind}, but "${field}" holds kind ${kind}.`,
          );
        if (contracts.some((other) => other.contractId === contractId))
          fail([...where, 'contract_id'], `contract_id ${JSON.stringify(contractId)} is declared twice.`);
        if (!('schema_json' in contract)) return fail(where, `contract ${contractId} has no "schema_json".`);
        const schema = contract['schema_json'] as Json;
        let canonical: string;
        try {
          canonical = canonicalJson(schema);
        } catch (error) {
          return fail([...where, 'schema_json'], `the schema of ${contractId} has no canonical JSON form: ${(error as Error).message}.`);
        }
        const metadata = Object.keys(contract)
          .filter((key) => key !== 'contract_id' && key !== 'schema_json')
          .map((key) => [key, contract[key] as Json] as const);
        contracts.push({ contractId, kind, schema, canonical, metadata, path: where });
      });
    }
    const metadata = Object.keys(value)
      .filter((key) => !KNOWN_ROLE_KEYS.has(key))
      .map((key) => [key, value[key] as Json] as const);
    roles.push({ roleId, departmentId, displayName: displayName as string | undefined, aliases, deprecated, contracts, metadata, index });
  });
  for (const [alias, owner] of aliasOwner) {
    const index = roleIndex.get(alias);
    if (index !== undefined) {
      const ownerIndex = roleIndex.get(owner)!;
      fail(
        ['roles', ownerIndex, 'aliases', roles[ownerIndex]!.aliases.indexOf(alias)],
        `alias ${JSON.stringify(alias)} of ${JSON.stringify(owner)} is the role_id of roles[${index}].`,
        'An alias can never be the id of another role.',
      );
    }
  }
  for (const role of roles) {
    const replacedBy = typeof role.deprecated === 'object' ? role.deprecated.replacedBy : undefined;
    if (replacedBy !== undefined && aliasOwner.has(replacedBy)) {
      fail(
        ['roles', role.index, 'deprecated', 'replaced_by'],
        `replaced_by ${JSON.stringify(replacedBy)} is an alias of ${JSON.stringify(aliasOwner.get(replacedBy))}; name the role_id.`,
      );
    }
  }
  return { pack: { packId, roles }, document };
}

function readDeprecated(value: unknown, where: JsonPath, fail: (path: JsonPath, problem: string) => never): PackRole['deprecated'] {
  if (value === undefined || value === false) return undefined;
  if (value === true) return true;
  if (!isRecord(value)) return fail(where, '"deprecated" must be true, false or { "reason": "…", "replaced_by": "<role_id>" }.');
  for (const key of Object.keys(value))
    if (key !== 'reason' && key !== 'replaced_by')
      fail([...where, key], `unknown key ${JSON.stringify(key)} in "deprecated" (it has "reason" and "replaced_by").`);
  const reason = value['reason'];
  const replacedBy = value['replaced_by'];
  if (reason !== undefined && typeof reason !== 'string') fail([...where, 'reason'], '"reason" must be a string.');
  if (replacedBy !== undefined && typeof replacedBy !== 'string') fail([...where, 'replaced_by'], '"replaced_by" must be a role_id.');
  return {
    ...(reason === undefined ? {} : { reason: reason as string }),
    ...(replacedBy === undefined ? {} : { replacedBy: replacedBy as string }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `roles[3].extract_contracts[0].schema_json`: the JSON path, as a reader finds it. */
function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path)
    out +=
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(part)
          ? `${out === '' ? '' : '.'}${part}`
          : `[${JSON.stringify(part)}]`;
  return out === '' ? '(the top level)' : out;
}
