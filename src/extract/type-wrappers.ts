import type TS from 'typescript';
import { ts } from './typescript.js';

/** Syntax that changes a value's type, never the value: `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`. */
type TypeOnlyWrapper = TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.NonNullExpression | TS.TypeAssertion;

export function isTypeOnlyWrapper(node: TS.Node): node is TypeOnlyWrapper {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node)
  );
}

/** The expression inside any number of type-only wrappers. */
export function skipTypeOnlyWrappers(node: TS.Expression): TS.Expression {
  let current = node;
  while (isTypeOnlyWrapper(current)) current = current.expression;
  return current;
}
