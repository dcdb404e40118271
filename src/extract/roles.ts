import { finding, type Finding } from '../core/findings.js';
import { HashedValues, writesIntoHashedValues } from './hashed-writes.js';
import { displayId, parseContractId, roleIdProblem } from '../core/ids.js';
import {
  CONTRACT_KIND_FIELD,
  type ContractKind,
  type DeclaredAlias,
  type DeclaredContract,
  type DeclaredRole,
  type Deprecation,
  type SourceSpan,
} from '../core/model.js';
import {
  describe,
  EVALUATION_LIMITS,
  Evaluator,
  readProperty,
  sizeOf,
  type ModuleGraph,
  type SharedBindings,
  type ObjectValue,
  type Origin,
  type Unresolved,
  type Value,
} from './evaluate.js';
import type { FileFacts, RoleCall } from './file-facts.js';
import { reachesDefineRole } from './reexported-define-role.js';
import { spanFromRange } from '../support/spans.js';
import { surfaceOf } from './surface.js';

export interface RoleReadContext {
  readonly evaluator: Evaluator;
  readonly idPattern: RegExp;
  /** Turns an origin (file + offsets) into a reportable span. */
  readonly spanOf: (at: Origin) => SourceSpan;
  /**
   * What is left of the file's budget for serialising surfaces (EVALUATION_LIMITS.perFile):
   * each surface is within the size limit, and this bounds how many of them one file makes us
   * write out and hash. A schema already counted (a shared constant) costs nothing again.
   */
  readonly surfaceBudget: { values: number; characters: number; readonly counted: WeakSet<object> };
  /** What the declarations read so far hash: a write into any of it at run time is a finding. */
  readonly hashed: HashedValues;
  /** Told each contract's schema value once its surface is hashed (to recover a surface, not just its hash). */
  readonly onSchema?: SchemaObserver;
}

/** Receives the schema value of each contract read, with its contract id. */
export type SchemaObserver = (contractId: string, schema: Value) => void;

/**
 * What one call declares. `identity` says how far the role's id was read: a role whose id is unknown
 * makes its whole file unknown (its locked roles are not reported as removed); an invalid id is
 * still a declaration of that id.
 */
interface RoleReadResult {
  readonly role: DeclaredRole | undefined;
  readonly findings: readonly Finding[];
  readonly identity: { readonly kind: 'declared' } | { readonly kind: 'invalid'; readonly roleId: string } | { readonly kind: 'unknown' };
}

/** What one registry file declares. */
export interface FileRoles {
  readonly roles: readonly DeclaredRole[];
  readonly findings: readonly Finding[];
  /** Some `defineRole` call's `role_id` could not be read: a locked role last declared here is unknown, not removed. */
  readonly hasUnknownRole: boolean;
  /** Ids declared by a `defineRole` call but invalid (ROLE_ID_INVALID): declared, though not judged. */
  readonly invalidRoleIds: readonly string[];
}

/**
 * Reads every `defineRole(...)` call of one registry file (whose facts are given), following values
 * into other files through `graph`, and reports calls of a `defineRole` that is not role-registry's.
 * Pure given the graph: the workspace passes its cached facts, the fuzz tests facts made in memory.
 */
export function readFileRoles(
  facts: FileFacts,
  untrackedGraph: ModuleGraph,
  idPattern: RegExp,
  shared?: SharedBindings,
  onSchema?: SchemaObserver,
): FileRoles {
  const file = facts.file;
  // Every file a declaration read from may write into what it hashed: those writes are checked.
  const readFiles = new Set<string>([file]);
  const graph: ModuleGraph = {
    factsOf: (target) => {
      readFiles.add(target);
      return untrackedGraph.factsOf(target);
    },
    resolveImport: (specifier, fromFile) => untrackedGraph.resolveImport(specifier, fromFile),
    displayName: (target) => untrackedGraph.displayName(target),
  };
  const context: RoleReadContext = {
    hashed: new HashedValues(),
    evaluator: new Evaluator(graph, shared),
    idPattern,
    // Values only come from files the graph gave facts for, so their line starts are known.
    spanOf: (at) => spanFromRange(at.file, graph.factsOf(at.file)?.lineStarts ?? [0], at.range),
    surfaceBudget: { ...EVALUATION_LIMITS.perFile, counted: new WeakSet() },
    ...(onSchema ? { onSchema } : {}),
  };
  const roles: DeclaredRole[] = [];
  const findings: Finding[] = [];
  const invalidRoleIds: string[] = [];
  let hasUnknownRole = false;
  for (const call of facts.roleCalls) {
    const read = readRoleCall(call, file, context);
    if (read.role) roles.push(read.role);
    findings.push(...read.findings);
    if (read.identity.kind === 'unknown') hasUnknownRole = true;
    else if (read.identity.kind === 'invalid') invalidRoleIds.push(read.identity.roleId);
  }
  for (const call of facts.importedRoleCalls) {
    // Reached through a barrel (re-exported, renamed, a namespace of it): read like a direct call.
    if (reachesDefineRole(graph, file, call.specifier, call.path)) {
      const read = readRoleCall(call, file, context);
      if (read.role) roles.push(read.role);
      findings.push(...read.findings);
      if (read.identity.kind === 'unknown') hasUnknownRole = true;
      else if (read.identity.kind === 'invalid') invalidRoleIds.push(read.identity.roleId);
      continue;
    }
    if (call.path[call.path.length - 1] !== 'defineRole') continue;
    findings.push(
      finding('DECLARATION_INVALID', {
        severity: 'warning',
        message: `This defineRole() is imported from '${call.specifier}', not from 'role-registry': it is not read as a role declaration.`,
        hint: "Import defineRole from 'role-registry' itself (named, renamed or namespace import) in files that declare roles.",
        subject: {},
        span: context.spanOf({ file, range: call.range }),
      }),
    );
  }
  for (const reference of facts.unfollowedRoleReferences) {
    hasUnknownRole = true;
    findings.push(
      finding('NON_STATIC_VALUE', {
        message: `A role declaration cannot be resolved statically: ${reference.reason}.`,
        hint: "Call defineRole({ … }) directly at the top level of a module, imported from 'role-registry' (a top-level `const` alias of it is followed too).",
        subject: {},
        span: context.spanOf({ file, range: reference.range }),
      }),
    );
  }
  findings.push(...writesIntoHashedValues([...readFiles], graph, context));
  return { roles, findings, hasUnknownRole, invalidRoleIds };
}

type NonStatic = (problem: Unresolved, what: string, subject?: Finding['subject']) => void;
type Invalid = (at: Origin, message: string, hint: string, subject?: Finding['subject']) => void;

/** Everything a field reader needs: the file, where to point, and how to report. */
interface Reader {
  readonly context: RoleReadContext;
  readonly findings: Finding[];
  /** Where to point for a value: its site or its literal when in the declaring file, else `fallback`. */
  place(value: Value, fallback: Origin): Origin;
  readonly nonStatic: NonStatic;
  readonly invalid: Invalid;
}

/**
 * Reads one `defineRole(...)` call into a DeclaredRole. Each identity-bearing field must resolve
 * statically; each one that does not is a finding at the place where resolution stopped.
 */
function readRoleCall(call: RoleCall, file: string, context: RoleReadContext): RoleReadResult {
  const callAt: Origin = { file, range: call.range };
  const findings: Finding[] = [];
  const reader: Reader = {
    context,
    findings,
    place: (value, fallback) => {
      if (value.site && value.site.file === file) return value.site;
      if (value.at.file === file) return value.at;
      return fallback;
    },
    nonStatic: (problem, what, subject = {}) => {
      findings.push(
        finding('NON_STATIC_VALUE', {
          message: `${what} cannot be resolved statically: ${problem.reason}.`,
          hint: 'Write it as a literal, or as a top-level `const` (possibly imported) made of literals, spreads and `as const`.',
          subject,
          span: context.spanOf(problem.at),
        }),
      );
    },
    invalid: (at, message, hint, subject = {}) => {
      findings.push(finding('DECLARATION_INVALID', { message, hint, subject, span: context.spanOf(at) }));
    },
  };
  const { nonStatic, invalid } = reader;
  const unknown = { role: undefined, findings, identity: { kind: 'unknown' } } as const;

  if (call.misplaced) {
    nonStatic({ kind: 'unresolved', reason: `defineRole() is called ${call.misplaced}`, at: callAt }, 'This role');
    return unknown;
  }
  if (!call.argument) {
    invalid(callAt, 'defineRole() is called without a declaration.', 'Pass one object literal: defineRole({ role_id: …, … }).');
    return unknown;
  }
  const declaration = context.evaluator.evaluate(call.argument, file);
  if (declaration.kind === 'unresolved') {
    nonStatic(declaration, 'The role declaration');
    return unknown;
  }
  if (declaration.kind !== 'object') {
    invalid(
      reader.place(declaration, callAt),
      `defineRole() receives ${describe(declaration)}, not an object.`,
      'Pass one object literal: defineRole({ role_id: …, … }).',
    );
    return unknown;
  }
  const declarationAt = reader.place(declaration, callAt);
  context.hashed.noteDeclaration(declaration);

  const roleIdValue = readProperty(declaration, 'role_id', declaration.at);
  if (roleIdValue.kind === 'unresolved') {
    nonStatic(roleIdValue, '`role_id`');
    return unknown;
  }
  if (roleIdValue.kind !== 'string') {
    invalid(
      roleIdValue.kind === 'undefined' ? declarationAt : reader.place(roleIdValue, declarationAt),
      roleIdValue.kind === 'undefined' ? 'The role has no `role_id`.' : `\`role_id\` is ${describe(roleIdValue)}, not a string.`,
      "Give the role a stable string id: role_id: 'my_role'.",
    );
    return unknown;
  }
  const roleId = roleIdValue.value;
  const idAt = reader.place(roleIdValue, declarationAt);
  const idProblem = roleIdProblem(roleId, context.idPattern);
  if (idProblem) {
    findings.push(
      finding('ROLE_ID_INVALID', {
        message: `role_id ${displayId(roleId)} is not a valid id: ${idProblem}.`,
        hint: 'Use lowercase ASCII letters, digits and underscores, starting with a letter (or adjust idPattern in role-registry.config.json).',
        subject: { roleId },
        span: context.spanOf(idAt),
      }),
    );
    return { role: undefined, findings, identity: { kind: 'invalid', roleId } };
  }
  const aliases = readAliases(declaration, declarationAt, roleId, reader);
  const deprecation = readDeprecation(declaration, declarationAt, roleId, reader);
  const contracts: DeclaredContract[] = [];
  let contractsKnown = true;
  for (const kind of ['X', 'C'] as const) {
    const read = readContracts(declaration, declarationAt, roleId, kind, reader);
    contracts.push(...read.contracts);
    contractsKnown &&= read.known;
  }

  return {
    role: {
      roleId,
      span: context.spanOf(callAt),
      idSpan: context.spanOf(idAt),
      aliases: aliases.aliases,
      deprecation: deprecation === 'unknown' ? undefined : deprecation,
      contracts,
      aliasesKnown: aliases.known,
      deprecationKnown: deprecation !== 'unknown',
      contractsKnown,
      // A field that could not be read would make any comparison of this role a guess.
      complete: findings.length === 0,
    },
    findings,
    identity: { kind: 'declared' },
  };
}

function readAliases(
  declaration: ObjectValue,
  declarationAt: Origin,
  roleId: string,
  reader: Reader,
): { aliases: DeclaredAlias[]; known: boolean } {
  const { context, nonStatic, invalid } = reader;
  const value = readProperty(declaration, 'aliases', declaration.at);
  if (value.kind === 'undefined') return { aliases: [], known: true };
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`aliases\` of role \`${roleId}\``, { roleId });
    return { aliases: [], known: false };
  }
  const arrayAt = reader.place(value, declarationAt);
  if (value.kind !== 'array') {
    invalid(arrayAt, `\`aliases\` of role \`${roleId}\` is ${describe(value)}, not an array of strings.`, "Write aliases: ['old_name'].", {
      roleId,
    });
    return { aliases: [], known: false };
  }
  const aliases: DeclaredAlias[] = [];
  const seen = new Set<string>();
  let known = true;
  for (const item of value.items) {
    if (item.kind === 'unresolved') {
      nonStatic(item, `An alias of role \`${roleId}\``, { roleId });
      known = false;
      continue;
    }
    const itemAt = reader.place(item, arrayAt);
    if (item.kind !== 'string') {
      invalid(
        itemAt,
        `An alias of role \`${roleId}\` is ${describe(item)}, not a string.`,
        'Each alias is a former role id, as a string.',
        { roleId },
      );
      known = false;
      continue;
    }
    const problem = roleIdProblem(item.value, context.idPattern);
    if (problem) {
      reader.findings.push(
        finding('ROLE_ID_INVALID', {
          message: `Alias ${displayId(item.value)} of role \`${roleId}\` is not a valid id: ${problem}.`,
          hint: 'Aliases follow the same id pattern as role ids.',
          subject: { roleId, alias: item.value },
          span: context.spanOf(itemAt),
        }),
      );
      known = false;
      continue;
    }
    // Listing an alias twice says nothing new; it is one alias.
    if (seen.has(item.value)) continue;
    seen.add(item.value);
    aliases.push({ name: item.value, span: context.spanOf(itemAt) });
  }
  return { aliases, known };
}

function readDeprecation(
  declaration: ObjectValue,
  declarationAt: Origin,
  roleId: string,
  reader: Reader,
): Deprecation | undefined | 'unknown' {
  const { context, nonStatic, invalid } = reader;
  const value = readProperty(declaration, 'deprecated', declaration.at);
  const subject = { roleId };
  if (value.kind === 'undefined' || (value.kind === 'boolean' && !value.value)) return undefined;
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`deprecated\` of role \`${roleId}\``, subject);
    return 'unknown';
  }
  const valueAt = reader.place(value, declarationAt);
  if (value.kind === 'boolean') return { span: context.spanOf(valueAt) };
  if (value.kind !== 'object') {
    invalid(
      valueAt,
      `\`deprecated\` of role \`${roleId}\` is ${describe(value)}.`,
      "Write deprecated: true or deprecated: { reason: '…', replaced_by: 'other_role' }.",
      subject,
    );
    return 'unknown';
  }
  const reason = readProperty(value, 'reason', value.at);
  const replacedBy = readProperty(value, 'replaced_by', value.at);
  if (replacedBy.kind === 'unresolved') {
    nonStatic(replacedBy, `\`deprecated.replaced_by\` of role \`${roleId}\``, subject);
    return 'unknown';
  }
  if (replacedBy.kind !== 'undefined' && replacedBy.kind !== 'string') {
    invalid(
      reader.place(replacedBy, valueAt),
      `\`deprecated.replaced_by\` of role \`${roleId}\` is ${describe(replacedBy)}, not a role id.`,
      'Name the role that replaces it, as a string.',
      subject,
    );
    return 'unknown';
  }
  return {
    ...(reason.kind === 'string' ? { reason: reason.value } : {}),
    ...(replacedBy.kind === 'string'
      ? { replacedBy: replacedBy.value, replacedBySpan: context.spanOf(reader.place(replacedBy, valueAt)) }
      : {}),
    span: context.spanOf(valueAt),
  };
}

function readContracts(
  declaration: ObjectValue,
  declarationAt: Origin,
  roleId: string,
  kind: ContractKind,
  reader: Reader,
): { contracts: DeclaredContract[]; known: boolean } {
  const { nonStatic, invalid } = reader;
  const field = CONTRACT_KIND_FIELD[kind];
  const value = readProperty(declaration, field, declaration.at);
  const subject = { roleId };
  if (value.kind === 'undefined') return { contracts: [], known: true };
  if (value.kind === 'unresolved') {
    nonStatic(value, `\`${field}\` of role \`${roleId}\``, subject);
    return { contracts: [], known: false };
  }
  const arrayAt = reader.place(value, declarationAt);
  if (value.kind !== 'array') {
    invalid(
      arrayAt,
      `\`${field}\` of role \`${roleId}\` is ${describe(value)}, not an array.`,
      `Write ${field}: [{ contract_id: 'ROLE:${roleId}:${kind}:1', schema_json: { … } }].`,
      subject,
    );
    return { contracts: [], known: false };
  }
  const contracts: DeclaredContract[] = [];
  let known = true;
  for (const item of value.items) {
    const contract = readContract(item, arrayAt, roleId, kind, field, reader);
    if (contract) contracts.push(contract);
    else known = false;
  }
  return { contracts, known };
}

function readContract(
  item: Value,
  arrayAt: Origin,
  roleId: string,
  kind: ContractKind,
  field: string,
  reader: Reader,
): DeclaredContract | undefined {
  const { context, nonStatic, invalid } = reader;
  const subject = { roleId };
  if (item.kind === 'unresolved') {
    nonStatic(item, `A contract of role \`${roleId}\``, subject);
    return undefined;
  }
  const itemAt = reader.place(item, arrayAt);
  if (item.kind !== 'object') {
    invalid(
      itemAt,
      `An entry of \`${field}\` of role \`${roleId}\` is ${describe(item)}, not a contract object.`,
      'Each contract is { contract_id, schema_json }.',
      subject,
    );
    return undefined;
  }
  const idValue = readProperty(item, 'contract_id', item.at);
  if (idValue.kind === 'unresolved') {
    nonStatic(idValue, `A contract_id of role \`${roleId}\``, subject);
    return undefined;
  }
  if (idValue.kind !== 'string') {
    invalid(
      idValue.kind === 'undefined' ? itemAt : reader.place(idValue, itemAt),
      `A contract of role \`${roleId}\` has no string \`contract_id\`.`,
      `Name it: contract_id: 'ROLE:${roleId}:${kind}:1'.`,
      subject,
    );
    return undefined;
  }
  const contractId = idValue.value;
  const idAt = reader.place(idValue, itemAt);
  const contractSubject = { roleId, contractId };
  const parsed = parseContractId(contractId);
  let problem: string | undefined;
  if ('problem' in parsed) problem = parsed.problem;
  else if (parsed.roleId !== roleId) problem = `it names role ${displayId(parsed.roleId)} but is declared by role \`${roleId}\``;
  else if (parsed.kind !== kind) problem = `it is of kind ${parsed.kind} but is listed in \`${field}\`, which holds kind ${kind}`;
  if (problem) {
    const suggestion =
      'problem' in parsed || parsed.roleId !== roleId
        ? `ROLE:${roleId}:${kind}:<version>`
        : `ROLE:${roleId}:${kind}:${parsed.version}, or move it to \`${CONTRACT_KIND_FIELD[parsed.kind]}\``;
    reader.findings.push(
      finding('CONTRACT_ID_INVALID', {
        message: `contract_id ${displayId(contractId)} is invalid: ${problem}.`,
        hint: `Contract ids are ROLE:<role_id>:<X|C>:<version>; in \`${field}\` of role \`${roleId}\` write ${suggestion}.`,
        subject: contractSubject,
        span: context.spanOf(idAt),
      }),
    );
    return undefined;
  }
  const schemaValue = readProperty(item, 'schema_json', item.at);
  if (schemaValue.kind === 'undefined') {
    invalid(
      itemAt,
      `Contract \`${contractId}\` has no \`schema_json\`.`,
      'Give the contract its JSON schema: schema_json: { type: "object", … }.',
      contractSubject,
    );
    return undefined;
  }
  const overBudget = spendSurfaceBudget(schemaValue, context.surfaceBudget);
  if (overBudget) {
    nonStatic({ kind: 'unresolved', reason: overBudget, at: schemaValue.at }, `The schema of \`${contractId}\``, contractSubject);
    return undefined;
  }
  const surface = surfaceOf(schemaValue);
  if (!surface.ok) {
    for (const unresolvedPart of surface.problems) nonStatic(unresolvedPart, `The schema of \`${contractId}\``, contractSubject);
    return undefined;
  }
  context.onSchema?.(contractId, schemaValue);
  return {
    contractId,
    declaredKind: kind,
    surfaceHash: surface.hash,
    span: context.spanOf(itemAt),
    idSpan: context.spanOf(idAt),
    // Where the surface is written (a shared constant may live in another file): a drift is a change
    // of that text, and that is where an editor shows it while it is typed.
    schemaSpan: context.spanOf(schemaValue.at),
  };
}

function spendSurfaceBudget(schema: Value, budget: RoleReadContext['surfaceBudget']): string | undefined {
  const container = schema.kind === 'array' ? schema.items : schema.kind === 'object' ? schema.entries : undefined;
  if (container) {
    if (budget.counted.has(container)) return undefined;
    budget.counted.add(container);
  }
  const size = sizeOf(schema);
  budget.values -= size.values;
  budget.characters -= size.characters;
  if (budget.values >= 0 && budget.characters >= 0) return undefined;
  const { values, characters } = EVALUATION_LIMITS.perFile;
  return `the schemas of this file together are larger than the evaluation budget (${values.toLocaleString('en-US')} values or ${characters.toLocaleString('en-US')} characters per file)`;
}
