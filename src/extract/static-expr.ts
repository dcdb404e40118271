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
 * Offsets are fields (`start`, `end`), not a Range object: a workspace keeps these trees for every
 * registry file, and in a long-running process (ESLint) every garbage collection walks them.
 */
export type StaticExpr =
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'null'; readonly start: number; readonly end: number }
  | { readonly kind: 'undefined'; readonly start: number; readonly end: number }
  | { readonly kind: 'object'; readonly members: readonly ObjectMember[]; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly elements: readonly ArrayElement[]; readonly start: number; readonly end: number }
  | {
      readonly kind: 'template';
      readonly head: string;
      readonly spans: readonly TemplatePart[];
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'ref'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'member'; readonly object: StaticExpr; readonly key: string; readonly start: number; readonly end: number }
  | { readonly kind: 'opaque'; readonly reason: string; readonly start: number; readonly end: number };

type ObjectMember =
  { readonly kind: 'property'; readonly key: string; readonly value: StaticExpr } | { readonly kind: 'spread'; readonly expr: StaticExpr };

type ArrayElement = { readonly kind: 'item'; readonly expr: StaticExpr } | { readonly kind: 'spread'; readonly expr: StaticExpr };

interface TemplatePart {
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
      return toStaticExpr(
        (node as TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.NonNullExpression | TS.TypeAssertion)
          .expression,
        sourceFile,
        isIdentityCall,
      );
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
      return {
        kind: 'string',
        value: (node as TS.StringLiteral | TS.NoSubstitutionTemplateLiteral).text,
        start: node.getStart(sourceFile),
        end: node.getEnd(),
      };
    case SyntaxKind.NumericLiteral:
      return { kind: 'number', value: Number((node as TS.NumericLiteral).text), start: node.getStart(sourceFile), end: node.getEnd() };
    case SyntaxKind.PrefixUnaryExpression: {
      const unary = node as TS.PrefixUnaryExpression;
      if (ts.isNumericLiteral(unary.operand)) {
        if (unary.operator === SyntaxKind.MinusToken)
          return { kind: 'number', value: -Number(unary.operand.text), start: node.getStart(sourceFile), end: node.getEnd() };
        if (unary.operator === SyntaxKind.PlusToken)
          return { kind: 'number', value: Number(unary.operand.text), start: node.getStart(sourceFile), end: node.getEnd() };
      }
      break;
    }
    case SyntaxKind.TrueKeyword:
      return { kind: 'boolean', value: true, start: node.getStart(sourceFile), end: node.getEnd() };
    case SyntaxKind.FalseKeyword:
      return { kind: 'boolean', value: false, start: node.getStart(sourceFile), end: node.getEnd() };
    case SyntaxKind.NullKeyword:
      return { kind: 'null', start: node.getStart(sourceFile), end: node.getEnd() };
    case SyntaxKind.Identifier: {
      const name = (node as TS.Identifier).text;
      if (name === 'undefined') return { kind: 'undefined', start: node.getStart(sourceFile), end: node.getEnd() };
      return { kind: 'ref', name, start: node.getStart(sourceFile), end: node.getEnd() };
    }
    case SyntaxKind.TemplateExpression: {
      const template = node as TS.TemplateExpression;
      return {
        kind: 'template',
        head: template.head.text,
        spans: template.templateSpans.map((span) => ({
          expr: toStaticExpr(span.expression, sourceFile, isIdentityCall),
          literal: span.literal.text,
        })),
        start: node.getStart(sourceFile),
        end: node.getEnd(),
      };
    }
    case SyntaxKind.ObjectLiteralExpression:
      return objectToStatic(node as TS.ObjectLiteralExpression, sourceFile, isIdentityCall);
    case SyntaxKind.ArrayLiteralExpression:
      return arrayToStatic(node as TS.ArrayLiteralExpression, sourceFile, isIdentityCall);
    case SyntaxKind.PropertyAccessExpression: {
      const access = node as TS.PropertyAccessExpression;
      if (!access.questionDotToken && ts.isIdentifier(access.name)) {
        return {
          kind: 'member',
          object: toStaticExpr(access.expression, sourceFile, isIdentityCall),
          key: access.name.text,
          start: node.getStart(sourceFile),
          end: node.getEnd(),
        };
      }
      break;
    }
    case SyntaxKind.ElementAccessExpression: {
      const access = node as TS.ElementAccessExpression;
      if (!access.questionDotToken) {
        const key = staticKey(access.argumentExpression);
        if (key !== undefined)
          return {
            kind: 'member',
            object: toStaticExpr(access.expression, sourceFile, isIdentityCall),
            key,
            start: node.getStart(sourceFile),
            end: node.getEnd(),
          };
        return { kind: 'opaque', reason: 'an element access with a computed key', start: node.getStart(sourceFile), end: node.getEnd() };
      }
      break;
    }
  }
  return { kind: 'opaque', reason: describeOpaque(node), start: node.getStart(sourceFile), end: node.getEnd() };
}

function objectToStatic(node: TS.ObjectLiteralExpression, sourceFile: TS.SourceFile, isIdentityCall: IdentityCall): StaticExpr {
  // Sized up front: these arrays live as long as the workspace caches the file (push leaves slack).
  const members = new Array<ObjectMember>(node.properties.length);
  let index = 0;
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      members[index++] = { kind: 'spread', expr: toStaticExpr(property.expression, sourceFile, isIdentityCall) };
      continue;
    }
    if (ts.isShorthandPropertyAssignment(property)) {
      const name = property.name.text;
      if (name === '__proto__') return protoKey(property, sourceFile);
      members[index++] = {
        kind: 'property',
        key: name,
        value: { kind: 'ref', name, start: property.name.getStart(sourceFile), end: property.name.getEnd() },
      };
      continue;
    }
    if (ts.isPropertyAssignment(property)) {
      const key = propertyKey(property.name);
      if (key === undefined) {
        return {
          kind: 'opaque',
          reason: 'an object with a computed property name',
          start: property.name.getStart(sourceFile),
          end: property.name.getEnd(),
        };
      }
      // `__proto__: x` and `"__proto__": x` set the prototype in JavaScript instead of creating a key.
      if (key === '__proto__' && !ts.isComputedPropertyName(property.name)) return protoKey(property, sourceFile);
      members[index++] = { kind: 'property', key, value: toStaticExpr(property.initializer, sourceFile, isIdentityCall) };
      continue;
    }
    return { kind: 'opaque', reason: 'an object with a method or accessor', start: property.getStart(sourceFile), end: property.getEnd() };
  }
  return { kind: 'object', members, start: node.getStart(sourceFile), end: node.getEnd() };
}

function protoKey(property: TS.Node, sourceFile: TS.SourceFile): StaticExpr {
  return {
    kind: 'opaque',
    reason: 'a `__proto__` key (in an object literal it sets the prototype instead of adding a key)',
    start: property.getStart(sourceFile),
    end: property.getEnd(),
  };
}

function arrayToStatic(node: TS.ArrayLiteralExpression, sourceFile: TS.SourceFile, isIdentityCall: IdentityCall): StaticExpr {
  const elements = new Array<ArrayElement>(node.elements.length);
  let index = 0;
  for (const element of node.elements) {
    if (ts.isSpreadElement(element)) {
      elements[index++] = { kind: 'spread', expr: toStaticExpr(element.expression, sourceFile, isIdentityCall) };
    } else if (ts.isOmittedExpression(element)) {
      return { kind: 'opaque', reason: 'an array with a hole', start: element.getStart(sourceFile), end: element.getEnd() };
    } else {
      elements[index++] = { kind: 'item', expr: toStaticExpr(element, sourceFile, isIdentityCall) };
    }
  }
  return { kind: 'array', elements, start: node.getStart(sourceFile), end: node.getEnd() };
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
