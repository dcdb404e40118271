import { JsonTextError, parseJsonStrict, type JsonPath } from '../support/json-text.js';
import type { LockfileEntry } from '../core/findings.js';
import type { SourceSpan } from '../core/model.js';

/**
 * Where an entry stands in one version of a lockfile: the span of its value, or undefined when this
 * version does not hold it (it vanished) or the text is not JSON.
 */
export function lockfileEntrySpan(file: string, text: string, entry: LockfileEntry): SourceSpan | undefined {
  try {
    const document = parseJsonStrict(file, text);
    const at = lockfileEntryPath(document.value, entry);
    return at === undefined ? undefined : document.spanOf(at);
  } catch (error) {
    if (error instanceof JsonTextError) return undefined;
    throw error;
  }
}

/** The JSON path of an entry in a lockfile's JSON value, when that value holds it. */
function lockfileEntryPath(lockfile: unknown, entry: LockfileEntry): JsonPath | undefined {
  if (entry.kind === 'field') return member(lockfile, entry.key) === undefined ? undefined : [entry.key];
  if (entry.kind === 'waiver') {
    const waivers = member(lockfile, 'waivers');
    if (!Array.isArray(waivers)) return undefined;
    const index = waivers.findIndex((waiver) => member(waiver, 'code') === entry.code && member(waiver, 'id') === entry.id);
    return index === -1 ? undefined : ['waivers', index];
  }
  const role = member(member(lockfile, 'roles'), entry.roleId);
  if (role === undefined) return undefined;
  const at: JsonPath = ['roles', entry.roleId];
  switch (entry.kind) {
    case 'role':
      return at;
    case 'deprecation':
      return member(role, 'deprecated') === undefined ? undefined : [...at, 'deprecated'];
    case 'alias': {
      const aliases = member(role, 'aliases');
      const index = Array.isArray(aliases) ? aliases.indexOf(entry.alias) : -1;
      return index === -1 ? undefined : [...at, 'aliases', index];
    }
    case 'contract':
      for (const field of ['contracts', 'retiredContracts']) {
        if (member(member(role, field), entry.contractId) !== undefined) return [...at, field, entry.contractId];
      }
      return undefined;
  }
}

/** An own member of a JSON object (never one inherited from Object.prototype), else undefined. */
function member(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}
