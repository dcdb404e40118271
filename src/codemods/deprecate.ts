import { Node } from 'ts-morph';
import type { Registry } from '../project/registry.js';
import { declaredRole } from './lookup.js';
import { inspectBefore, judgeRewrite, planOf, readSource, type CodemodPlan, type PlannedFile } from './pipeline.js';
import { cannotRewrite, CodemodRefusal } from './refusal.js';
import {
  applyEdits,
  fieldOf,
  insertAfter,
  lastMemberAmong,
  openForEdit,
  quoteOf,
  roleLiteral,
  spanOfNode,
  type Edit,
} from './source-edit.js';
import { quoteString } from '../support/ts-literal.js';

export interface DeprecateOptions {
  /** Paths in refusals are shown relative to it. */
  readonly cwd: string;
  readonly roleId: string;
  readonly reason: string | undefined;
  readonly replacedBy: string | undefined;
}

/** Retires a role the only allowed way: `deprecated` on its declaration, which stays forever. */
export function planDeprecate(registry: Registry, options: DeprecateOptions): CodemodPlan {
  const before = inspectBefore(registry);
  const role = declaredRole(before, options.roleId);
  if (role.deprecation) {
    throw new CodemodRefusal(
      `role \`${role.roleId}\` is already deprecated.`,
      'Deprecation is final; its reason and replaced_by are documentation you may edit by hand.',
      2,
      role.deprecation.span,
    );
  }
  const source = readSource(role.span.file);
  const editable = openForEdit(new Map([[source.file, source.text]])).get(source.file)!;
  const literal = roleLiteral(editable, role);
  const byHand = `add deprecated: { reason: '…', replaced_by: '…' } to the declaration of \`${role.roleId}\`.`;
  const field = fieldOf(editable, literal, 'deprecated', `the declaration of \`${role.roleId}\``, byHand);
  const roleIdField = fieldOf(editable, literal, 'role_id', `the declaration of \`${role.roleId}\``, byHand);
  const quote = roleIdField.kind === 'present' ? quoteOf(roleIdField.value, editable.style.quote) : editable.style.quote;
  const parts: string[] = [];
  if (options.reason !== undefined && options.reason.trim() !== '') parts.push(`reason: ${quoteString(options.reason.trim(), quote)}`);
  if (options.replacedBy !== undefined) parts.push(`replaced_by: ${quoteString(options.replacedBy, quote)}`);
  const value = parts.length === 0 ? 'true' : `{ ${parts.join(', ')} }`;

  let edits: Edit[];
  if (field.kind === 'present') {
    // The engine read it as "not deprecated": only a literal `false` can be replaced without guessing.
    if (field.value.getText() !== 'false')
      throw cannotRewrite(spanOfNode(source.file, field.value), '`deprecated` is not written as the literal `false`', byHand);
    edits = [{ start: field.value.getStart(), end: field.value.getEnd(), text: value }];
  } else {
    const anchor = lastMemberAmong(literal, ['role_id', 'department_id', 'display_name', 'aliases']);
    if (!anchor || !Node.isPropertyAssignment(anchor))
      throw cannotRewrite(spanOfNode(source.file, literal), 'the declaration has no `role_id` written in it', byHand);
    edits = insertAfter(editable, literal, anchor, [`deprecated: ${value}`]);
  }
  const planned: PlannedFile[] = [{ file: source.file, before: source, after: applyEdits(editable, edits) }];
  const after = judgeRewrite(registry, before, planned, options.cwd);
  return planOf(registry, planned, after, [], 'Review it, then run `role-registry lock` and commit both.');
}
