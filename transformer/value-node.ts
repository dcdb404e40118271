import type ts from 'typescript';

/**
 * The provenance value as an expression: `Object.freeze({...})`, arrays frozen too, keys in the
 * value's order. The same shape the bundler plugin and the generated module print as text.
 */
export function valueExpression(factory: ts.NodeFactory, value: unknown): ts.Expression {
  if (Array.isArray(value))
    return frozen(
      factory,
      factory.createArrayLiteralExpression(
        value.map((item) => valueExpression(factory, item)),
        value.length > 0,
      ),
    );
  if (typeof value === 'object' && value !== null) {
    const properties = Object.entries(value).map(([key, item]) =>
      factory.createPropertyAssignment(
        /^[A-Za-z_$][\w$]*$/.test(key) ? factory.createIdentifier(key) : factory.createStringLiteral(key),
        valueExpression(factory, item),
      ),
    );
    return frozen(factory, factory.createObjectLiteralExpression(properties, true));
  }
  if (typeof value === 'string') return factory.createStringLiteral(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return factory.createNumericLiteral(value);
  if (typeof value === 'boolean') return value ? factory.createTrue() : factory.createFalse();
  throw new TypeError(`role-registry/transformer: cannot inline ${String(value)}`);
}

function frozen(factory: ts.NodeFactory, expression: ts.Expression): ts.Expression {
  return factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier('Object'), 'freeze'), undefined, [
    expression,
  ]);
}
