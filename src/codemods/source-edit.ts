import {
  NewLineKind,
  Node,
  Project,
  SyntaxKind,
  ts,
  type ArrayLiteralExpression,
  type Expression,
  type ObjectLiteralExpression,
  type PropertyAssignment,
  type SourceFile,
} from 'ts-morph';
import type { DeclaredRole, SourceSpan } from '../core/model.js';
import { cannotRewrite } from './refusal.js';
import type { LiteralStyle, Quote } from '../support/ts-literal.js';

/**
 * Source rewriting with ts-morph: locate a role's declaration from the engine's spans, decide whether
 * a field can be edited without guessing, and splice text so that everything else (formatting,
 * comments, quotes, line endings) stays byte for byte. This module loads ts-morph: the CLI imports
 * it lazily, only from the commands that rewrite source.
 */

export interface EditableFile {
  readonly file: string;
  readonly sourceFile: SourceFile;
  readonly style: LiteralStyle;
}

/** One project per command run; files are added from the texts the engine read (BOM removed). */
export function openForEdit(files: ReadonlyMap<string, string>): Map<string, EditableFile> {
  const out = new Map<string, EditableFile>();
  for (const [file, text] of files) {
    const style = detectStyle(text);
    // ts-morph rewrites the line breaks of inserted text to its setting: make it the file's own.
    const project = new Project({
      useInMemoryFileSystem: true,
      skipFileDependencyResolution: true,
      compilerOptions: { allowJs: true },
      manipulationSettings: { newLineKind: style.eol === '\r\n' ? NewLineKind.CarriageReturnLineFeed : NewLineKind.LineFeed },
    });
    out.set(file, { file, sourceFile: project.createSourceFile(file, text, { overwrite: true }), style });
  }
  return out;
}

function detectStyle(text: string): LiteralStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  const quote: Quote = doubles > singles ? '"' : "'";
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1]!);
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length;
  let indentUnit = '  ';
  if (tabs > indents.length / 2) indentUnit = '\t';
  else {
    const widths = indents.filter((indent) => !indent.includes('\t')).map((indent) => indent.length);
    const smallest = widths.length > 0 ? Math.min(...widths) : 2;
    indentUnit = ' '.repeat(smallest === 4 ? 4 : 2);
  }
  return { quote, indentUnit, eol, maxInlineLength: 100 };
}

export function offsetOf(sourceFile: SourceFile, span: { readonly line: number; readonly column: number }): number {
  return sourceFile.compilerNode.getPositionOfLineAndCharacter(span.line - 1, span.column - 1);
}

export function spanOfNode(file: string, node: Node): SourceSpan {
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndColumnAtPos(node.getStart());
  const end = sourceFile.getLineAndColumnAtPos(node.getEnd());
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The object literal a role is declared with, found at the call the engine read. */
export function roleLiteral(editable: EditableFile, role: DeclaredRole): ObjectLiteralExpression {
  const start = offsetOf(editable.sourceFile, role.span);
  const call = editable.sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression).find((candidate) => candidate.getStart() === start);
  if (!call) {
    throw cannotRewrite(
      role.span,
      `the defineRole call of \`${role.roleId}\` could not be located in the source`,
      'make the change in this declaration yourself.',
    );
  }
  const argument = call.getArguments()[0];
  const literal = argument === undefined ? undefined : unwrap(argument as Expression);
  if (!literal || !Node.isObjectLiteralExpression(literal)) {
    throw cannotRewrite(
      argument ? spanOfNode(editable.file, argument) : role.span,
      `role \`${role.roleId}\` is declared through ${argument ? describeNode(unwrap(argument as Expression)) : 'no argument'}, not an object literal written in the defineRole call`,
      'make the change where the declaration object is written.',
    );
  }
  return literal;
}

/** Strips `as const`, `satisfies`, parentheses and `!`: they do not change the value. */
export function unwrap(node: Expression): Expression {
  let current: Expression = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else return current;
  }
}

function describeNode(node: Node): string {
  if (Node.isIdentifier(node)) return `the constant \`${node.getText()}\``;
  if (Node.isPropertyAccessExpression(node)) return `\`${node.getText()}\``;
  if (Node.isCallExpression(node)) return 'a function call';
  if (Node.isArrayLiteralExpression(node)) return 'an array';
  if (Node.isTemplateExpression(node)) return 'a template literal';
  return `an expression (${node.getKindName()})`;
}

export type FieldAccess =
  { readonly kind: 'absent' } | { readonly kind: 'present'; readonly property: PropertyAssignment; readonly value: Expression };

/**
 * Whether a field of an object literal can be read and edited without guessing: written once, as a
 * plain `key: value`, after every spread (a later spread could override it), in an object without
 * computed keys. An absent field can be added only if no spread might supply it.
 */
export function fieldOf(editable: EditableFile, object: ObjectLiteralExpression, key: string, what: string, byHand: string): FieldAccess {
  const members = object.getProperties();
  let lastSpread = -1;
  let found: { index: number; node: Node } | undefined;
  let count = 0;
  members.forEach((member, index) => {
    if (Node.isSpreadAssignment(member)) {
      lastSpread = index;
      return;
    }
    const nameNode = (member as { getNameNode?: () => Node }).getNameNode?.();
    if (nameNode && Node.isComputedPropertyName(nameNode)) {
      throw cannotRewrite(spanOfNode(editable.file, member), `${what} is declared in an object with a computed key`, byHand);
    }
    if (memberKey(member) === key) {
      found = { index, node: member };
      count++;
    }
  });
  if (count > 1) throw cannotRewrite(spanOfNode(editable.file, found!.node), `${what}: \`${key}\` is written more than once`, byHand);
  if (!found) {
    if (lastSpread >= 0) {
      throw cannotRewrite(spanOfNode(editable.file, members[lastSpread]!), `${what}: \`${key}\` may come from the spread here`, byHand);
    }
    return { kind: 'absent' };
  }
  if (found.index < lastSpread) {
    throw cannotRewrite(spanOfNode(editable.file, members[lastSpread]!), `${what}: the spread here may override \`${key}\``, byHand);
  }
  if (!Node.isPropertyAssignment(found.node)) {
    throw cannotRewrite(
      spanOfNode(editable.file, found.node),
      `${what}: \`${key}\` is ${Node.isShorthandPropertyAssignment(found.node) ? 'a shorthand for a constant' : 'a method or accessor'}`,
      byHand,
    );
  }
  return { kind: 'present', property: found.node, value: unwrap(found.node.getInitializerOrThrow()) };
}

function memberKey(member: Node): string | undefined {
  if (Node.isShorthandPropertyAssignment(member)) return member.getName();
  if (
    Node.isPropertyAssignment(member) ||
    Node.isMethodDeclaration(member) ||
    Node.isGetAccessorDeclaration(member) ||
    Node.isSetAccessorDeclaration(member)
  ) {
    const nameNode = member.getNameNode();
    if (Node.isIdentifier(nameNode)) return nameNode.getText();
    if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)) return nameNode.getLiteralText();
    if (Node.isNumericLiteral(nameNode)) return String(Number(nameNode.getText()));
  }
  return undefined;
}

/** A text change on the file as it was parsed. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies edits (on the original offsets) through ts-morph, last first so offsets stay valid. */
export function applyEdits(editable: EditableFile, edits: readonly Edit[]): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let index = 1; index < ordered.length; index++) {
    if (ordered[index]!.end > ordered[index - 1]!.start) throw new Error('overlapping source edits');
  }
  for (const edit of ordered) editable.sourceFile.replaceText([edit.start, edit.end], edit.text);
  return editable.sourceFile.getFullText();
}

/**
 * Inserts members (properties or array elements) after `anchor`, in the style around it: each on
 * its own line with the anchor's indentation in a multi-line literal (after any comment that ends
 * the anchor's line), inline after `, ` in a one-line literal; with a comma after the last one where
 * the list continues or uses trailing commas.
 */
export function insertAfter(
  editable: EditableFile,
  container: ObjectLiteralExpression | ArrayLiteralExpression,
  anchor: Node,
  memberTexts: readonly string[],
): Edit[] {
  const sourceFile = editable.sourceFile;
  const text = sourceFile.getFullText();
  const eol = editable.style.eol;
  const next = anchor.getNextSibling();
  const comma = next && next.getKind() === SyntaxKind.CommaToken ? next : undefined;
  const members: Node[] = Node.isObjectLiteralExpression(container) ? container.getProperties() : container.getElements();
  const following = members[members.findIndex((member) => member === anchor) + 1];
  const lineOf = (position: number): number => sourceFile.getLineAndColumnAtPos(position).line;
  const inline =
    lineOf(container.getStart()) === lineOf(container.getEnd()) ||
    (following !== undefined && lineOf(following.getStart()) === lineOf(anchor.getEnd()));
  if (inline) {
    if (comma) return [{ start: comma.getEnd(), end: comma.getEnd(), text: memberTexts.map((member) => ` ${member},`).join('') }];
    return [{ start: anchor.getEnd(), end: anchor.getEnd(), text: memberTexts.map((member) => `, ${member}`).join('') }];
  }
  const indent = indentationAt(text, anchor.getStart());
  let after = comma ? comma.getEnd() : anchor.getEnd();
  for (const comment of ts.getTrailingCommentRanges(text, after) ?? []) {
    if (lineOf(comment.end) !== lineOf(after)) break;
    after = comment.end;
  }
  const lines = memberTexts.map((member) => `${eol}${indent}${member}`);
  if (comma) return [{ start: after, end: after, text: lines.map((line) => `${line},`).join('') }];
  const block = lines.join(',');
  if (after === anchor.getEnd()) return [{ start: after, end: after, text: `,${block}` }];
  return [
    { start: anchor.getEnd(), end: anchor.getEnd(), text: ',' },
    { start: after, end: after, text: block },
  ];
}

/** Appends an element to an array literal (an empty one becomes `[element]`). */
export function appendElement(editable: EditableFile, array: ArrayLiteralExpression, elementText: string): Edit[] {
  const elements = array.getElements();
  const last = elements[elements.length - 1];
  if (last) return insertAfter(editable, array, last, [elementText]);
  const inner = array.getText().slice(1, -1);
  if (inner.trim() !== '') {
    throw cannotRewrite(spanOfNode(editable.file, array), 'the empty array holds comments', `write ${elementText} into it.`);
  }
  return [{ start: array.getStart(), end: array.getEnd(), text: `[${elementText}]` }];
}

export function indentationAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, position));
  return match ? match[0] : '';
}

/** The last of `keys` present as direct members of the object: where a new field goes after. */
export function lastMemberAmong(object: ObjectLiteralExpression, keys: readonly string[]): Node | undefined {
  let anchor: Node | undefined;
  for (const member of object.getProperties()) if (keys.includes(memberKey(member) ?? '\0')) anchor = member;
  return anchor;
}

/** A string literal's quote, so a replacement keeps it. */
export function quoteOf(node: Node, fallback: Quote): Quote {
  const first = node.getText()[0];
  return first === '"' || first === "'" ? first : fallback;
}

export function isStringLiteralNode(node: Node): boolean {
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node);
}
