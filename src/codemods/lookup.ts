import { Evaluator, readProperty, toJson, type JsonValue } from '../extract/evaluate.js';
import { displayId, parseContractId } from '../core/ids.js';
import type { LockedRole } from '../lockfile/format.js';
import { CONTRACT_KIND_FIELD, type DeclaredContract, type DeclaredRole } from '../core/model.js';
import type { Registry, RegistryState } from '../project/registry.js';
import { indexWaivers } from '../lockfile/waiver-index.js';
import { CodemodRefusal } from './refusal.js';

/** Finding what a codemod was asked to change, with a clear refusal when it is not there. */

export function declaredRole(state: RegistryState, roleId: string): DeclaredRole {
  const declarations = state.source.roles.filter((role) => role.roleId === roleId);
  if (declarations.length === 0) {
    const waived = indexWaivers(state.lock?.waivers ?? []);
    const aliasOwner = state.source.roles.find((role) => role.aliases.some((alias) => alias.name === roleId));
    if (waived.removedRole(roleId)) {
      throw new CodemodRefusal(
        `role \`${roleId}\` was removed under a waiver; it is a tombstone and is never declared again.`,
        'Choose a role that is declared in source.',
        2,
      );
    }
    if (state.lock?.roles.has(roleId)) {
      throw new CodemodRefusal(
        `role \`${roleId}\` is in the lockfile but no longer declared in source.`,
        'Restore its declaration first (`git log -p` finds it); then retire it with `role-registry deprecate`.',
        2,
      );
    }
    if (aliasOwner) {
      throw new CodemodRefusal(
        `\`${roleId}\` is an alias of role \`${aliasOwner.roleId}\`, not a role_id.`,
        `Pass the role_id: \`${aliasOwner.roleId}\`.`,
        2,
      );
    }
    throw new CodemodRefusal(
      `no role ${displayId(roleId)} is declared in this registry.`,
      'Check the role_id (`role-registry status` counts the declared roles; `role-registry hash --snapshot` lists them).',
      2,
    );
  }
  if (declarations.length > 1) {
    throw new CodemodRefusal(
      `role \`${roleId}\` is declared ${declarations.length} times (ROLE_ID_DUPLICATE).`,
      'Fix the duplicate first (`role-registry check` shows both places).',
      2,
      declarations[1]!.idSpan,
    );
  }
  const role = declarations[0]!;
  if (!role.complete) {
    throw new CodemodRefusal(
      `some identity-bearing fields of role \`${roleId}\` cannot be resolved statically, so the result could not be checked.`,
      'Fix what `role-registry check` reports for this role first.',
      2,
      role.idSpan,
    );
  }
  return role;
}

export interface ContractLookup {
  readonly role: DeclaredRole;
  readonly contract: DeclaredContract;
  readonly locked: LockedRole | undefined;
}

export function declaredContract(state: RegistryState, contractId: string): ContractLookup {
  const parsed = parseContractId(contractId);
  if ('problem' in parsed) {
    throw new CodemodRefusal(
      `${displayId(contractId)} is not a contract id: ${parsed.problem}.`,
      'Pass a contract id such as ROLE:producer:X:1.',
      2,
    );
  }
  const lockedRole = state.lock?.roles.get(parsed.roleId);
  const role = state.source.roles.find(
    (candidate) => candidate.roleId === parsed.roleId && candidate.contracts.some((c) => c.contractId === contractId),
  );
  if (!role) {
    if (lockedRole?.retiredContracts.has(contractId)) {
      throw new CodemodRefusal(
        `\`${contractId}\` is already superseded: it is retired in the lockfile.`,
        'Bump the newest declared version of this contract instead.',
        2,
      );
    }
    if (lockedRole?.contracts.has(contractId)) {
      throw new CodemodRefusal(
        `\`${contractId}\` is in the lockfile but no longer declared in source.`,
        'Restore its declaration first, then bump it.',
        2,
      );
    }
    throw new CodemodRefusal(
      `no contract ${displayId(contractId)} is declared in this registry.`,
      'Check the contract id: ROLE:<role_id>:<X|C>:<version>.',
      2,
    );
  }
  declaredRole(state, role.roleId);
  return { role, contract: role.contracts.find((c) => c.contractId === contractId)!, locked: lockedRole };
}

/**
 * The JSON value of a declared contract's schema, resolved by the engine's static evaluator (the
 * same one that computed its hash): for a copy of a schema written as a constant, an import or a spread.
 */
export function resolvedSchema(registry: Registry, role: DeclaredRole, contractId: string): JsonValue {
  const graph = registry.workspace.moduleGraph();
  const fileFacts = graph.factsOf(role.span.file);
  const offset = fileFacts ? (fileFacts.lineStarts[role.span.line - 1] ?? 0) + role.span.column - 1 : -1;
  // A role declared through a barrel's defineRole is read from importedRoleCalls, like a direct call.
  const call = fileFacts && [...fileFacts.roleCalls, ...fileFacts.importedRoleCalls].find((candidate) => candidate.range.start === offset);
  const fail = (): never => {
    throw new CodemodRefusal(
      `the schema of \`${contractId}\` could not be resolved again for the copy.`,
      'Copy the schema by hand.',
      2,
      role.span,
    );
  };
  if (!call?.argument) return fail();
  const evaluator = new Evaluator(graph);
  const declaration = evaluator.evaluate(call.argument, role.span.file);
  if (declaration.kind !== 'object') return fail();
  const parsed = parseContractId(contractId);
  if ('problem' in parsed) return fail();
  const list = readProperty(declaration, CONTRACT_KIND_FIELD[parsed.kind], declaration.at);
  if (list.kind !== 'array') return fail();
  for (const item of list.items) {
    if (item.kind !== 'object') continue;
    const id = readProperty(item, 'contract_id', item.at);
    if (id.kind !== 'string' || id.value !== contractId) continue;
    const json = toJson(readProperty(item, 'schema_json', item.at));
    if (json.ok) return json.json;
  }
  return fail();
}
