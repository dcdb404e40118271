import { Node } from 'ts-morph';
import { roleIdProblem } from '../core/ids.js';
import { describeSpan } from '../law/context.js';
import type { Registry, RegistryState } from '../project/registry.js';
import { indexWaivers } from '../lockfile/waiver-index.js';
import { declaredRole } from './lookup.js';
import { inspectBefore, judgeRewrite, planOf, readSource, type CodemodPlan, type PlannedFile } from './pipeline.js';
import { cannotRewrite, CodemodRefusal } from './refusal.js';
import {
  appendElement,
  applyEdits,
  fieldOf,
  insertAfter,
  isStringLiteralNode,
  lastMemberAmong,
  openForEdit,
  quoteOf,
  roleLiteral,
  spanOfNode,
  type Edit,
} from './source-edit.js';
import { quoteString } from '../support/ts-literal.js';

export interface AliasOptions {
  /** Paths in refusals are shown relative to it. */
  readonly cwd: string;
  readonly roleId: string;
  readonly alias: string;
  /** The role's new display name, for a rename in one step. */
  readonly displayName: string | undefined;
}

/**
 * A rename: the role keeps its id, and its former name becomes an alias, so stored references to
 * the old name still resolve. Optionally sets the new display name. Throws a CodemodRefusal when
 * it cannot be done as asked.
 */
export function planAlias(registry: Registry, options: AliasOptions): CodemodPlan {
  const before = inspectBefore(registry);
  const role = declaredRole(before, options.roleId);
  const notes: string[] = [];
  const restoring = assertAliasFree(before, role.roleId, options.alias, registry);
  if (restoring)
    notes.push(`\`${options.alias}\` is locked as an alias of \`${role.roleId}\` and was missing from its declaration: this restores it.`);
  const problem = roleIdProblem(options.alias, registry.config.idPattern);
  if (problem)
    throw new CodemodRefusal(
      `alias ${JSON.stringify(options.alias)} is not a valid id: ${problem}.`,
      'Aliases follow the id pattern of role ids (idPattern in role-registry.config.json).',
      2,
    );

  const source = readSource(role.span.file);
  const editable = openForEdit(new Map([[source.file, source.text]])).get(source.file)!;
  const literal = roleLiteral(editable, role);
  const what = `the declaration of \`${role.roleId}\``;
  const byHand = `add '${options.alias}' to the aliases of \`${role.roleId}\`.`;
  const roleIdField = fieldOf(editable, literal, 'role_id', what, byHand);
  const quote = roleIdField.kind === 'present' ? quoteOf(roleIdField.value, editable.style.quote) : editable.style.quote;
  const aliasText = quoteString(options.alias, quote);
  const edits: Edit[] = [];

  if (options.displayName !== undefined) {
    const displayBy = `set display_name: ${quoteString(options.displayName, quote)} on \`${role.roleId}\`.`;
    const display = fieldOf(editable, literal, 'display_name', what, displayBy);
    const displayText = quoteString(options.displayName, quote);
    if (display.kind === 'present') {
      if (!isStringLiteralNode(display.value))
        throw cannotRewrite(spanOfNode(source.file, display.value), '`display_name` is not a string literal', displayBy);
      edits.push({ start: display.value.getStart(), end: display.value.getEnd(), text: displayText });
    }
  }

  const aliases = fieldOf(editable, literal, 'aliases', what, byHand);
  if (aliases.kind === 'present') {
    if (!Node.isArrayLiteralExpression(aliases.value))
      throw cannotRewrite(spanOfNode(source.file, aliases.value), '`aliases` is not an array literal written in the declaration', byHand);
    edits.push(...appendElement(editable, aliases.value, aliasText));
  }
  const anchor = lastMemberAmong(literal, ['role_id', 'department_id', 'display_name']);
  const needsAnchor =
    aliases.kind === 'absent' ||
    (options.displayName !== undefined && fieldOf(editable, literal, 'display_name', what, byHand).kind === 'absent');
  if (needsAnchor && (!anchor || !Node.isPropertyAssignment(anchor)))
    throw cannotRewrite(spanOfNode(source.file, literal), 'the declaration has no `role_id` written in it', byHand);
  // New fields go after role_id / department_id / display_name, in that order, as one insertion.
  const inserted: string[] = [];
  if (options.displayName !== undefined && fieldOf(editable, literal, 'display_name', what, byHand).kind === 'absent')
    inserted.push(`display_name: ${quoteString(options.displayName, quote)}`);
  if (aliases.kind === 'absent') inserted.push(`aliases: [${aliasText}]`);
  if (inserted.length > 0) edits.push(...insertAfter(editable, literal, anchor!, inserted));
  const planned: PlannedFile[] = [{ file: source.file, before: source, after: applyEdits(editable, edits) }];
  const after = judgeRewrite(registry, before, planned, options.cwd);
  return planOf(registry, planned, after, notes, 'Review it, then run `role-registry lock` and commit both.');
}

/**
 * An alias is a reserved name forever: refused when it is any role's id or alias, in source or in
 * the lockfile. Returns true when the alias is locked for this very role and only missing from the
 * source (adding it back restores what was published).
 */
function assertAliasFree(state: RegistryState, roleId: string, alias: string, registry: Registry): boolean {
  if (alias === roleId)
    throw new CodemodRefusal(
      `\`${alias}\` is the role's own id; a role always answers to its own id.`,
      'Pass the former name of the role as the alias.',
      2,
    );
  const declaredAsRole = state.source.roles.find((role) => role.roleId === alias);
  if (declaredAsRole) {
    throw new CodemodRefusal(
      `\`${alias}\` is the role_id of another role, declared at ${describeSpan(declaredAsRole.idSpan, registry.context)}.`,
      'An alias can never be the id of another role: choose another alias.',
      1,
    );
  }
  for (const role of state.source.roles) {
    const existing = role.aliases.find((candidate) => candidate.name === alias);
    if (!existing) continue;
    if (role.roleId === roleId)
      throw new CodemodRefusal(
        `\`${alias}\` is already an alias of \`${roleId}\` (${describeSpan(existing.span, registry.context)}).`,
        'Nothing to do.',
        2,
      );
    throw new CodemodRefusal(
      `\`${alias}\` is already an alias of role \`${role.roleId}\` (${describeSpan(existing.span, registry.context)}).`,
      'An alias resolves to exactly one role: choose another alias.',
      1,
    );
  }
  const lock = state.lock;
  if (!lock) return false;
  const waived = indexWaivers(lock.waivers);
  if (lock.roles.has(alias)) {
    throw new CodemodRefusal(
      `\`${alias}\` is a locked role_id${waived.removedRole(alias) ? ' (a tombstone: its removal was waived)' : ''}; it stays reserved forever.`,
      'Choose another alias.',
      1,
    );
  }
  for (const [owner, locked] of lock.roles) {
    if (!locked.aliases.includes(alias)) continue;
    if (waived.removedAlias(alias)) {
      throw new CodemodRefusal(
        `\`${alias}\` was an alias of \`${owner}\` whose removal was waived; it stays reserved forever.`,
        'Choose another alias.',
        1,
      );
    }
    if (owner !== roleId)
      throw new CodemodRefusal(
        `\`${alias}\` is locked as an alias of role \`${owner}\`; an alias is never re-pointed.`,
        'Choose another alias.',
        1,
      );
    return true;
  }
  return false;
}
