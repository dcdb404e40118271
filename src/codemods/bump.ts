import { Node, type Expression } from 'ts-morph';
import { parseContractId } from '../core/ids.js';
import { nextFreeVersion } from '../law/contracts.js';
import { CONTRACT_KIND_FIELD } from '../core/model.js';
import type { Registry } from '../project/registry.js';
import { declaredContract, resolvedSchema } from './lookup.js';
import { inspectBefore, judgeRewrite, planOf, readSource, type CodemodPlan, type PlannedFile } from './pipeline.js';
import { cannotRewrite, CodemodRefusal } from './refusal.js';
import {
  applyEdits,
  fieldOf,
  indentationAt,
  insertAfter,
  isStringLiteralNode,
  offsetOf,
  openForEdit,
  quoteOf,
  roleLiteral,
  unwrap,
  type Edit,
} from './source-edit.js';
import { printLiteral, quoteString, type Json } from '../support/ts-literal.js';

export interface BumpOptions {
  /** Paths in refusals are shown relative to it. */
  readonly cwd: string;
  readonly contractId: string;
  /** Rename the old contract in place instead of adding the new version next to it. */
  readonly replace: boolean;
}

/**
 * Adds the next version of a locked contract, to receive a new surface. By default the new version
 * is declared next to the old one (consumers of the old version keep it); with --replace the old
 * declaration becomes the new version (the old one is then recorded as retired by `lock`, which the
 * law allows because a newer version exists). Either way the new version starts as a copy of the
 * old schema: nothing drifts, and the user edits the copy before running `lock`.
 */
export function planBump(registry: Registry, options: BumpOptions): CodemodPlan {
  const before = inspectBefore(registry);
  const { role, contract, locked } = declaredContract(before, options.contractId);
  if (!locked?.contracts.has(contract.contractId)) {
    throw new CodemodRefusal(
      `\`${contract.contractId}\` is not locked yet, so its schema may still change in place.`,
      'Edit its schema where it is declared, then run `role-registry lock`; bump a contract once it is published.',
      2,
      contract.idSpan,
    );
  }
  const nextId = nextFreeVersion(contract, role, locked);
  const parsed = parseContractId(contract.contractId);
  if ('problem' in parsed) throw new CodemodRefusal(`${contract.contractId} is not a contract id.`, 'Check the id.', 2);
  const field = CONTRACT_KIND_FIELD[parsed.kind];
  const source = readSource(role.span.file);
  const editable = openForEdit(new Map([[source.file, source.text]])).get(source.file)!;
  const literal = roleLiteral(editable, role);
  const byHand = options.replace
    ? `change contract_id '${contract.contractId}' to '${nextId}' where it is declared.`
    : `declare { contract_id: '${nextId}', schema_json: <a copy of the schema> } next to '${contract.contractId}' in ${field}.`;
  const list = fieldOf(editable, literal, field, `the declaration of \`${role.roleId}\``, byHand);
  if (list.kind !== 'present' || !Node.isArrayLiteralExpression(list.value) || contract.span.file !== source.file) {
    throw cannotRewrite(
      contract.span,
      `\`${contract.contractId}\` is not written in the \`${field}\` array literal of \`${role.roleId}\`'s declaration (it comes from a constant or a spread)`,
      byHand,
    );
  }
  const start = offsetOf(editable.sourceFile, contract.span);
  const element = list.value.getElements().find((candidate) => unwrap(candidate as Expression).getStart() === start);
  const object = element ? unwrap(element as Expression) : undefined;
  if (!element || !object || !Node.isObjectLiteralExpression(object)) {
    throw cannotRewrite(
      contract.span,
      `\`${contract.contractId}\` is not an object literal written in \`${field}\` (it comes from a constant or a spread)`,
      byHand,
    );
  }
  const what = `the contract \`${contract.contractId}\``;
  const idField = fieldOf(editable, object, 'contract_id', what, byHand);
  if (idField.kind !== 'present' || !isStringLiteralNode(idField.value)) {
    throw cannotRewrite(contract.idSpan, 'its contract_id is not a string literal', byHand);
  }
  const nextLiteral = quoteString(nextId, quoteOf(idField.value, editable.style.quote));
  const notes: string[] = [];
  let edits: Edit[];
  if (options.replace) {
    edits = [{ start: idField.value.getStart(), end: idField.value.getEnd(), text: nextLiteral }];
  } else {
    const schemaField = fieldOf(editable, object, 'schema_json', what, byHand);
    if (schemaField.kind !== 'present') throw cannotRewrite(contract.span, 'it has no schema_json written in it', byHand);
    const base = element.getStart();
    const replacements: Edit[] = [{ start: idField.value.getStart() - base, end: idField.value.getEnd() - base, text: nextLiteral }];
    const initializer = schemaField.property.getInitializerOrThrow();
    if (!isSelfContained(initializer)) {
      // A copy of a reference would share the constant: editing it would change the locked version too.
      const indent = indentationAt(editable.sourceFile.getFullText(), schemaField.property.getStart());
      const value = resolvedSchema(registry, role, contract.contractId) as Json;
      replacements.push({
        start: initializer.getStart() - base,
        end: initializer.getEnd() - base,
        text: printLiteral(value, editable.style, indent),
      });
      notes.push(
        `the schema of \`${contract.contractId}\` is written as \`${shorten(initializer.getText())}\`; \`${nextId}\` gets an inline copy of its value, so editing it never touches the published version.`,
      );
    }
    const copy = splice(element.getText(), replacements);
    edits = insertAfter(editable, list.value, element, [copy]);
  }
  const planned: PlannedFile[] = [{ file: source.file, before: source, after: applyEdits(editable, edits) }];
  const after = judgeRewrite(registry, before, planned, options.cwd);
  const next = options.replace
    ? `Edit the schema of \`${nextId}\` (it replaced \`${contract.contractId}\`, which \`lock\` records as retired), then run \`role-registry lock\` and commit both.`
    : `Edit the schema of \`${nextId}\` (a copy of \`${contract.contractId}\`'s for now: \`check\` reports only that it is not locked yet), then run \`role-registry lock\` and commit both.`;
  return planOf(registry, planned, after, notes, next);
}

/** A schema written entirely as literals (possibly with `as const`): its text is its value. */
function isSelfContained(node: Node): boolean {
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node))
    return isSelfContained(node.getExpression());
  if (
    Node.isStringLiteral(node) ||
    Node.isNoSubstitutionTemplateLiteral(node) ||
    Node.isNumericLiteral(node) ||
    Node.isTrueLiteral(node) ||
    Node.isFalseLiteral(node) ||
    Node.isNullLiteral(node)
  )
    return true;
  if (Node.isPrefixUnaryExpression(node)) return Node.isNumericLiteral(node.getOperand());
  if (Node.isArrayLiteralExpression(node)) return node.getElements().every(isSelfContained);
  if (Node.isObjectLiteralExpression(node)) {
    return node.getProperties().every((member) => {
      if (!Node.isPropertyAssignment(member)) return false;
      const name = member.getNameNode();
      return !Node.isComputedPropertyName(name) && isSelfContained(member.getInitializerOrThrow());
    });
  }
  return false;
}

function splice(text: string, replacements: readonly Edit[]): string {
  let out = text;
  for (const edit of [...replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}
