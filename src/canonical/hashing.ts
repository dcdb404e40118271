import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { hasLoneSurrogate } from '../core/ids.js';
import type { RegistrySnapshot } from '../core/model.js';

/**
 * The canonical form (docs/canonical-form.md): RFC 8785 (JCS) bytes, UTF-8, no trailing newline,
 * hashed with SHA-256 and written as 64 lowercase hex digits.
 */
const SNAPSHOT_FORMAT = 'role-registry.snapshot/1';

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function sha256Hex(text: string): string {
  // The one-shot hash (UTF-8 input, as createHash().update(text, 'utf8')) is twice as fast for the
  // thousands of small surfaces a large registry hashes.
  return hash('sha256', text, 'hex');
}

/** The surface hash of a contract: sha256 of the JCS form of its `schema_json`. */
export function surfaceHash(schemaJson: unknown): string {
  return sha256Hex(canonicalJson(schemaJson));
}

/** The JSON document whose canonical bytes define the registry hash. */
export function snapshotDocument(snapshot: RegistrySnapshot): unknown {
  const roles: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [roleId, role] of snapshot.roles) {
    const contracts: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [contractId, hash] of role.contracts) contracts[contractId] = hash;
    roles[roleId] = {
      aliases: [...role.aliases].sort(compareCodeUnits),
      contracts,
      deprecated: role.deprecated,
    };
  }
  return { format: SNAPSHOT_FORMAT, roles };
}

export function registryHash(snapshot: RegistrySnapshot): string {
  return sha256Hex(canonicalSnapshot(snapshot));
}

/**
 * The canonical bytes of the snapshot document, `canonicalJson(snapshotDocument(snapshot))`, written
 * directly: the document's shape is fixed (keys `format` < `roles`; per role `aliases` < `contracts`
 * < `deprecated`), so only role ids, contract ids and aliases need sorting, and no object of 10,000
 * roles is built and walked again.
 */
export function canonicalSnapshot(snapshot: RegistrySnapshot): string {
  const roles: string[] = [];
  for (const roleId of [...snapshot.roles.keys()].sort(compareCodeUnits)) {
    const role = snapshot.roles.get(roleId)!;
    const aliases = [...role.aliases].sort(compareCodeUnits).map(jcsString);
    const contracts = [...role.contracts.keys()]
      .sort(compareCodeUnits)
      .map((contractId) => `${jcsString(contractId)}:${jcsString(role.contracts.get(contractId)!)}`);
    roles.push(
      `${jcsString(roleId)}:{"aliases":[${aliases.join(',')}],"contracts":{${contracts.join(',')}},"deprecated":${role.deprecated ? 'true' : 'false'}}`,
    );
  }
  return `{"format":${jcsString(SNAPSHOT_FORMAT)},"roles":{${roles.join(',')}}}`;
}

/** A string as JCS writes it, refusing a lone surrogate exactly as canonicalize does. */
function jcsString(text: string): string {
  if (hasLoneSurrogate(text)) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(text);
}

/** Sorting by UTF-16 code units, as JCS does: never locale-dependent. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const HASH_PATTERN = /^[0-9a-f]{64}$/;
