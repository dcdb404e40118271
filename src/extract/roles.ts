import { finding, type Finding } from '../findings.js';
import { surfaceHash } from '../hashing.js';
import { displayId, parseContractId, roleIdProblem } from '../ids.js';
import { CONTRACT_KIND_FIELD, type ContractKind, type DeclaredAlias, type DeclaredContract, type DeclaredRole, type Deprecation, type SourceSpan } from '../model.js';
import { describe, readProperty, toJson, type Evaluator, type ObjectValue, type Origin, type Unresolved, type Value } from './evaluate.js';
import type { RoleCall } from './file-facts.js';

export interface RoleReadContext {
  readonly evaluator: Evaluator;
  readonly idPattern: RegExp;
  /** Turns an origin (file + offsets) into a reportable span. */
  readonly spanOf: (at: Origin) => SourceSpan;
}

export interface RoleReadResult {
  readonly role: DeclaredRole | undefined;
  readonly findings: readonly Finding[];
}

/**
 * Reads one `defineRole(...)` call into a DeclaredRole. Each identity-bearing field must resolve
 * statically; each one that does not is a finding at the place where resolution stopped.
 */
export function readRoleCall(call: RoleCall, file: string, context: RoleReadContext): RoleReadResult {
  const callAt: Origin = { file, range: call.range };
  const findings: Finding[] = [];
  const nonStatic = (problem: Unresolved, what: string, subject: Finding['subject'] = {}): void => {
    findings.push(
      finding('NON_STATIC_VALUE', {
        message: `${what} cannot be resolved statically: ${problem.reason}.`,
        hint: 'Write it as a literal, or as a top-level `const` (possibly imported) made of literals, spreads and `as const`.',
        subject,
        span: context.spanOf(problem.at),
      }),
    );
  };
  const invalid = (at: Origin, message: string, hint: string, subject: Finding['subject'] = {}): void => {
    findings.push(finding('DECLARATION_INVALID', { message, hint, subject, span: context.spanOf(at) }));
  };

  if (call.misplaced) {
    nonStatic({ kind: 'unresolved', reason: `defineRole() is called ${call.misplaced}`, at: callAt }, 'This role');
    return { role: undefined, findings };
  }
  if (!call.argument) {
    invalid(callAt, 'defineRole() is called without a declaration.', 'Pass one object literal: defineRole({ role_id: …, … }).');
    return { role: undefined, findings };
  }
  const declaration = context.evaluator.evaluate(call.argument, file);
  if (declaration.kind === 'unresolved') {
    nonStatic(declaration, 'The role declaration');
    return { role: undefined, findings };
  }
  if (declaration.kind !== 'object') {
    invalid(declaration.at, `defineRole() receives ${describe(declaration)}, not an object.`, 'Pass one object literal: defineRole({ role_id: …, … }).');
    return { role: undefined, findings };
  }

  const roleIdValue = readProperty(declaration, 'role_id', declaration.at);
  if (roleIdValue.kind === 'unresolved') {
    nonStatic(roleIdValue, '`role_id`');
    return { role: undefined, findings };
  }
  if (roleIdValue.kind !== 'string') {
    invalid(
      roleIdValue.kind === 'undefined' ? declaration.at : roleIdValue.at,
      roleIdValue.kind === 'undefined' ? 'The role has no `role_id`.' : `\`role_id\` is ${describe(roleIdValue)}, not a string.`,
      "Give the role a stable string id: role_id: 'my_role'.",
    );
    return { role: undefined, findings };
  }
  const roleId = roleIdValue.value;
  const idProblem = roleIdProblem(roleId, context.idPattern);
  if (idProblem) {
    findings.push(
      finding('ROLE_ID_INVALID', {
        message: `role_id ${displayId(roleId)} is not a valid id: ${idProblem}.`,
        hint: 'Use lowercase ASCII letters, digits and underscores, starting with a letter (or adjust idPattern in role-registry.config.json).',
        subject: { roleId },
        span: context.spanOf(roleIdValue.at),
      }),
    );
    return { role: undefined, findings };
  }
  const aliases = readAliases(declaration, roleId, context, findings, nonStatic, invalid);
  const deprecation = readDeprecation(declaration, roleId, context, nonStatic, invalid);
  const contracts: DeclaredContract[] = [];
  for (const kind of ['X', 'C'] as const) {
    contracts.push(...readContracts(declaration, roleId, kind, context, findings, nonStatic, invalid));
  }

  return {
    role: {
      roleId,
      span: context.spanOf(callAt),
      idSpan: context.spanOf(roleIdValue.at),
      aliases,
      deprecation: deprecation === 'unreadable' ? undefined : deprecation,
      contracts,
      // A field that could not be read would make any comparison of this role a guess.
      complete: findings.length === 0,
    },
    findings,
  };
}

type NonStatic = (problem: Unresolved, what: string, subject?: Finding['subject']) => void;
type Invalid = (at: Origin, message: string, hint: string, subject?: Finding['subject']) => void;

function readAliases(
  declaration: ObjectValue,
  roleId: string,
  context: RoleReadContext,
  findings: Finding[],
  nonStatic: NonStatic,
  invalid: Invalid,
): DeclaredAlias[] {
  const value = readProperty(declaration, 'aliases', declaration.at);
  if (value.kind === 'undefined') return [];
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`aliases\` of role \`${roleId}\``, { roleId });
    return [];
  }
  if (value.kind !== 'array') {
    invalid(value.at, `\`aliases\` of role \`${roleId}\` is ${describe(value)}, not an array of strings.`, "Write aliases: ['old_name'].", { roleId });
    return [];
  }
  const aliases: DeclaredAlias[] = [];
  for (const item of value.items) {
    if (item.kind === 'unresolved') {
      nonStatic(item, `An alias of role \`${roleId}\``, { roleId });
      continue;
    }
    if (item.kind !== 'string') {
      invalid(item.at, `An alias of role \`${roleId}\` is ${describe(item)}, not a string.`, 'Each alias is a former role id, as a string.', { roleId });
      continue;
    }
    const problem = roleIdProblem(item.value, context.idPattern);
    if (problem) {
      findings.push(
        finding('ROLE_ID_INVALID', {
          message: `Alias ${displayId(item.value)} of role \`${roleId}\` is not a valid id: ${problem}.`,
          hint: 'Aliases follow the same id pattern as role ids.',
          subject: { roleId, alias: item.value },
          span: context.spanOf(item.at),
        }),
      );
      continue;
    }
    aliases.push({ name: item.value, span: context.spanOf(item.at) });
  }
  return aliases;
}

function readDeprecation(
  declaration: ObjectValue,
  roleId: string,
  context: RoleReadContext,
  nonStatic: NonStatic,
  invalid: Invalid,
): Deprecation | undefined | 'unreadable' {
  const value = readProperty(declaration, 'deprecated', declaration.at);
  const subject = { roleId };
  if (value.kind === 'undefined' || (value.kind === 'boolean' && !value.value)) return undefined;
  if (value.kind === 'boolean') return { span: context.spanOf(value.at) };
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`deprecated\` of role \`${roleId}\``, subject);
    return 'unreadable';
  }
  if (value.kind !== 'object') {
    invalid(value.at, `\`deprecated\` of role \`${roleId}\` is ${describe(value)}.`, "Write deprecated: true or deprecated: { reason: '…', replaced_by: 'other_role' }.", subject);
    return 'unreadable';
  }
  const reason = readProperty(value, 'reason', value.at);
  const replacedBy = readProperty(value, 'replaced_by', value.at);
  if (replacedBy.kind === 'unresolved') {
    nonStatic(replacedBy, `\`deprecated.replaced_by\` of role \`${roleId}\``, subject);
    return 'unreadable';
  }
  if (replacedBy.kind !== 'undefined' && replacedBy.kind !== 'string') {
    invalid(replacedBy.at, `\`deprecated.replaced_by\` of role \`${roleId}\` is ${describe(replacedBy)}, not a role id.`, 'Name the role that replaces it, as a string.', subject);
    return 'unreadable';
  }
  return {
    ...(reason.kind === 'string' ? { reason: reason.value } : {}),
    ...(replacedBy.kind === 'string' ? { replacedBy: replacedBy.value, replacedBySpan: context.spanOf(replacedBy.at) } : {}),
    span: context.spanOf(value.at),
  };
}

function readContracts(
  declaration: ObjectValue,
  roleId: string,
  kind: ContractKind,
  context: RoleReadContext,
  findings: Finding[],
  nonStatic: NonStatic,
  invalid: Invalid,
): DeclaredContract[] {
  const field = CONTRACT_KIND_FIELD[kind];
  const value = readProperty(declaration, field, declaration.at);
  const subject = { roleId };
  if (value.kind === 'undefined') return [];
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`${field}\` of role \`${roleId}\``, subject);
    return [];
  }
  if (value.kind !== 'array') {
    invalid(value.at, `\`${field}\` of role \`${roleId}\` is ${describe(value)}, not an array.`, `Write ${field}: [{ contract_id: 'ROLE:${roleId}:${kind}:1', schema_json: { … } }].`, subject);
    return [];
  }
  const contracts: DeclaredContract[] = [];
  for (const item of value.items) {
    const contract = readContract(item, roleId, kind, field, context, findings, nonStatic, invalid);
    if (contract) contracts.push(contract);
  }
  return contracts;
}

function readContract(
  item: Value,
  roleId: string,
  kind: ContractKind,
  field: string,
  context: RoleReadContext,
  findings: Finding[],
  nonStatic: NonStatic,
  invalid: Invalid,
): DeclaredContract | undefined {
  const subject = { roleId };
  if (item.kind === 'unresolved') {
    nonStatic(item, `A contract of role \`${roleId}\``, subject);
    return undefined;
  }
  if (item.kind !== 'object') {
    invalid(item.at, `An entry of \`${field}\` of role \`${roleId}\` is ${describe(item)}, not a contract object.`, 'Each contract is { contract_id, schema_json }.', subject);
    return undefined;
  }
  const idValue = readProperty(item, 'contract_id', item.at);
  if (idValue.kind === 'unresolved') {
    nonStatic(idValue, `A contract_id of role \`${roleId}\``, subject);
    return undefined;
  }
  if (idValue.kind !== 'string') {
    invalid(idValue.kind === 'undefined' ? item.at : idValue.at, `A contract of role \`${roleId}\` has no string \`contract_id\`.`, `Name it: contract_id: 'ROLE:${roleId}:${kind}:1'.`, subject);
    return undefined;
  }
  const contractId = idValue.value;
  const contractSubject = { roleId, contractId };
  const parsed = parseContractId(contractId);
  let problem: string | undefined;
  if ('problem' in parsed) problem = parsed.problem;
  else if (parsed.roleId !== roleId) problem = `it names role \`${parsed.roleId}\` but is declared by role \`${roleId}\``;
  else if (parsed.kind !== kind) problem = `it is of kind ${parsed.kind} but is listed in \`${field}\`, which holds kind ${kind}`;
  if (problem) {
    findings.push(
      finding('CONTRACT_ID_INVALID', {
        message: `contract_id ${displayId(contractId)} is invalid: ${problem}.`,
        hint: `Contract ids are ROLE:<role_id>:<X|C>:<version>; in \`${field}\` of this role that is ROLE:${roleId}:${kind}:<version>.`,
        subject: contractSubject,
        span: context.spanOf(idValue.at),
      }),
    );
    return undefined;
  }
  const schemaValue = readProperty(item, 'schema_json', item.at);
  if (schemaValue.kind === 'undefined') {
    invalid(item.at, `Contract \`${contractId}\` has no \`schema_json\`.`, 'Give the contract its JSON schema: schema_json: { type: "object", … }.', contractSubject);
    return undefined;
  }
  const json = toJson(schemaValue);
  if (!json.ok) {
    for (const unresolvedPart of json.problems) nonStatic(unresolvedPart, `The schema of \`${contractId}\``, contractSubject);
    return undefined;
  }
  return {
    contractId,
    declaredKind: kind,
    surfaceHash: surfaceHash(json.json),
    span: context.spanOf(item.at),
    idSpan: context.spanOf(idValue.at),
    schemaSpan: context.spanOf(schemaValue.at),
  };
}
