import type TS from 'typescript';
import { ts } from './typescript.js';

/** Offsets of a node in its file: [start, end). Lines and columns are computed only when reported. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * A TypeScript expression reduced to what static evaluation needs. Anything outside this subset
 * becomes `opaque` with a reason: it only turns into a finding if an id or a hash depends on it.
 */
export type StaticExpr =
  | { readonly kind: 'string'; readonly value: string; readonly range: Range }
  | { readonly kind: 'number'; readonly value: number; readonly range: Range }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly range: Range }
  | { readonly kind: 'null'; readonly range: Range }
  | { readonly kind: 'undefined'; readonly range: Range }
  | { readonly kind: 'object'; readonly members: readonly ObjectMember[]; readonly range: Range }
  | { readonly kind: 'array'; readonly elements: readonly ArrayElement[]; readonly range: Range }
  | { readonly kind: 'template'; readonly head: string; readonly spans: readonly TemplatePart[]; readonly range: Range }
  | { readonly kind: 'ref'; readonly name: string; readonly range: Range }
  | { readonly kind: 'member'; readonly object: StaticExpr; readonly key: string; readonly range: Range }
  | { readonly kind: 'opaque'; readonly reason: string; readonly range: Range };

export type ObjectMember =
  | { readonly kind: 'property'; readonly key: string; readonly value: StaticExpr; readonly keyRange: Range }
  | { readonly kind: 'spread'; readonly expr: StaticExpr };

export type ArrayElement = { readonly kind: 'item'; readonly expr: StaticExpr } | { readonly kind: 'spread'; readonly expr: StaticExpr };

export interface TemplatePart {
  readonly expr: StaticExpr;
  readonly literal: string;
}

export function rangeOf(node: TS.Node, sourceFile: TS.SourceFile): Range {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

/**
 * Recognises calls that return their argument unchanged (`defineRole(x)` is `x` at run time), so a
 * constant holding a role can be read through: `replaced_by: director.role_id`.
 */
export type IdentityCall = (callee: TS.Expression) => boolean;

const NO_IDENTITY_CALLS: IdentityCall = () => false;

/** Reduces an expression to a StaticExpr without evaluating anything. */
export function toStaticExpr(node: TS.Expression, sourceFile: TS.SourceFile, isIdentityCall: IdentityCall = NO_IDENTITY_CALLS): StaticExpr {
  // One switch on the node kind: this runs on every node of every declaration, so it stays cheap.
  const SyntaxKind = ts.SyntaxKind;
  switch (node.kind) {
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TypeAssertionExpression:
      return toStaticExpr((node as TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.NonNullExpression | TS.TypeAssertion).expression, sourceFile, isIdentityCall);
    case SyntaxKind.CallExpression: {
      const call = node as TS.CallExpression;
      if (!call.questionDotToken && call.arguments.length === 1 && isIdentityCall(call.expression)) {
        const argument = call.arguments[0]!;
        if (!ts.isSpreadElement(argument)) return toStaticExpr(argument, sourceFile, isIdentityCall);
      }
      break;
    }
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: 'string', value: (node as TS.StringLiteral | TS.NoSubstitutionTemplateLiteral).text, range: rangeOf(node, sourceFile) };
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', value: Number((node as TS.NumericLiteral).text), range: rangeOf(node, sourceFile) };
    case SyntaxKind.PrefixUnaryExpression: {
      const unary = node as TS.PrefixUnaryExpression;
      if (ts.isNumericLiteral(unary.operand)) {
        if (unary.operator === SyntaxKind.MinusToken) return { kind: 'number', value: -Number(unary.operand.text), range: rangeOf(node, sourceFile) };
        if (unary.operator === SyntaxKind.PlusToken) return { kind: 'number', value: Number(unary.operand.text), range: rangeOf(node, sourceFile) };
      }
      break;
    }
    case SyntaxKind.TrueKeyword:
      return { kind: 'boolean', value: true, range: rangeOf(node, sourceFile) };
    case SyntaxKind.FalseKeyword:
      return { kind: 'boolean', value: false, range: rangeOf(node, sourceFile) };
    case SyntaxKind.NullKeyword:
      return { kind: 'null', range: rangeOf(node, sourceFile) };
    case SyntaxKind.Identifier: {
      const name = (node as TS.Identifier).text;
      if (name === 'undefined') return { kind: 'undefined', range: rangeOf(node, sourceFile) };
      return { kind: 'ref', name, range: rangeOf(node, sourceFile) };
    }
    case SyntaxKind.TemplateExpression: {
      const template = node as TS.TemplateExpression;
      return {
        kind: 'template',
        head: template.head.text,
        spans: template.templateSpans.map((span) => ({ expr: toStaticExpr(span.expression, sourceFile, isIdentityCall), literal: span.literal.text })),
        range: rangeOf(node, sourceFile),
      };
    }
    case SyntaxKind.ObjectLiteralExpression:
      return objectToStatic(node as TS.ObjectLiteralExpression, sourceFile, rangeOf(node, sourceFile), isIdentityCall);
    case SyntaxKind.ArrayLiteralExpression:
      return arrayToStatic(node as TS.ArrayLiteralExpression, sourceFile, rangeOf(node, sourceFile), isIdentityCall);
    case SyntaxKind.PropertyAccessExpression: {
      const access = node as TS.PropertyAccessExpression;
      if (!access.questionDotToken && ts.isIdentifier(access.name)) {
        return { kind: 'member', object: toStaticExpr(access.expression, sourceFile, isIdentityCall), key: access.name.text, range: rangeOf(node, sourceFile) };
      }
      break;
    }
    case SyntaxKind.ElementAccessExpression: {
      const access = node as TS.ElementAccessExpression;
      if (!access.questionDotToken) {
        const key = staticKey(access.argumentExpression);
        if (key !== undefined) return { kind: 'member', object: toStaticExpr(access.expression, sourceFile, isIdentityCall), key, range: rangeOf(node, sourceFile) };
        return { kind: 'opaque', reason: 'an element access with a computed key', range: rangeOf(node, sourceFile) };
      }
      break;
    }
  }
  return { kind: 'opaque', reason: describeOpaque(node), range: rangeOf(node, sourceFile) };
}

function objectToStatic(node: TS.ObjectLiteralExpression, sourceFile: TS.SourceFile, range: Range, isIdentityCall: IdentityCall): StaticExpr {
  const members: ObjectMember[] = [];
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      members.push({ kind: 'spread', expr: toStaticExpr(property.expression, sourceFile, isIdentityCall) });
      continue;
    }
    if (ts.isShorthandPropertyAssignment(property)) {
      const name = property.name.text;
      if (name === '__proto__') return protoKey(property, sourceFile);
      members.push({
        kind: 'property',
        key: name,
        value: { kind: 'ref', name, range: rangeOf(property.name, sourceFile) },
        keyRange: rangeOf(property.name, sourceFile),
      });
      continue;
    }
    if (ts.isPropertyAssignment(property)) {
      const key = propertyKey(property.name);
      if (key === undefined) {
        return { kind: 'opaque', reason: 'an object with a computed property name', range: rangeOf(property.name, sourceFile) };
      }
      // `__proto__: x` and `"__proto__": x` set the prototype in JavaScript instead of creating a key.
      if (key === '__proto__' && !ts.isComputedPropertyName(property.name)) return protoKey(property, sourceFile);
      members.push({ kind: 'property', key, value: toStaticExpr(property.initializer, sourceFile, isIdentityCall), keyRange: rangeOf(property.name, sourceFile) });
      continue;
    }
    return { kind: 'opaque', reason: 'an object with a method or accessor', range: rangeOf(property, sourceFile) };
  }
  return { kind: 'object', members, range };
}

function protoKey(property: TS.Node, sourceFile: TS.SourceFile): StaticExpr {
  return {
    kind: 'opaque',
    reason: 'a `__proto__` key (in an object literal it sets the prototype instead of adding a key)',
    range: rangeOf(property, sourceFile),
  };
}

function arrayToStatic(node: TS.ArrayLiteralExpression, sourceFile: TS.SourceFile, range: Range, isIdentityCall: IdentityCall): StaticExpr {
  const elements: ArrayElement[] = [];
  for (const element of node.elements) {
    if (ts.isSpreadElement(element)) {
      elements.push({ kind: 'spread', expr: toStaticExpr(element.expression, sourceFile, isIdentityCall) });
    } else if (ts.isOmittedExpression(element)) {
      return { kind: 'opaque', reason: 'an array with a hole', range: rangeOf(element, sourceFile) };
    } else {
      elements.push({ kind: 'item', expr: toStaticExpr(element, sourceFile, isIdentityCall) });
    }
  }
  return { kind: 'array', elements, range };
}

function propertyKey(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return String(Number(name.text));
  if (ts.isComputedPropertyName(name)) return staticKey(name.expression);
  return undefined;
}

function staticKey(expression: TS.Expression): string | undefined {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return String(Number(expression.text));
  return undefined;
}

function describeOpaque(node: TS.Expression): string {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return 'a function call';
  if (ts.isBinaryExpression(node)) return 'a computed expression';
  if (ts.isConditionalExpression(node)) return 'a conditional expression';
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'a function';
  if (ts.isBigIntLiteral(node)) return 'a bigint (JSON has no bigint)';
  if (ts.isRegularExpressionLiteral(node)) return 'a regular expression';
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return 'an optional member access';
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return 'a unary expression';
  if (ts.isTaggedTemplateExpression(node)) return 'a tagged template';
  if (ts.isClassExpression(node)) return 'a class';
  return `a ${ts.SyntaxKind[node.kind]} expression`;
}
