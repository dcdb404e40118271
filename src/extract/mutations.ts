import type TS from 'typescript';
import { skipTypeOnlyWrappers } from './type-wrappers.js';
import { ts } from './typescript.js';
import { rangeOf, type Range, type StaticExpr } from './static-expr.js';
import { TextHits } from './text-hits.js';

/**
 * A write into a value, anywhere in a file (top level or a function body): `target` is the object
 * or array written into, as far as it is static (`S.a[k].b = 1` writes somewhere inside `S.a`),
 * with local aliases replaced by what they alias (`const s = S; s.x = 1` writes into `S`).
 * Whether it feeds a hash is decided when roles are read, by evaluating `target`.
 */
export interface Mutation {
  readonly target: StaticExpr;
  /** The key written, when the write names one; undefined for whole-value writes (`Object.assign`). */
  readonly key?: string;
  readonly range: Range;
  /** What the write is, as a phrase: "an assignment", "a `.push()` call". */
  readonly what: string;
}

const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const MUTATING_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Object: new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']),
  Reflect: new Set(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf']),
};

/** Longer member chains than evaluation follows (its depth limit) are written somewhere inside their root. */
const MAX_CHAIN = 200;

/** One lexical scope's local names: what each aliases, or null when it is not an alias (a parameter, a computed value). */
type Scope = Map<string, StaticExpr | null>;

/** What every write starts with or contains: an assignment operator, `++`/`--`, `delete`, a mutating call, a `for`. */
const WRITE_TOKENS =
  /(?<![=!<>])=(?![=>])|<<=|>>>?=|\+\+|--|(?<![\w$])(?:delete|for|Object|Reflect|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin)(?![\w$])/;

/**
 * Finds every write into an object or array reached from a name: assignments (compound and logical
 * ones too) and `++`/`--` on members, `delete`, destructuring and `for…in/of` targets, mutating array
 * methods (also through `.call`/`.apply`), `Object.assign`/`defineProperty`/`setPrototypeOf` and
 * their `Reflect` counterparts.
 */
export function findMutations(sourceFile: TS.SourceFile): Mutation[] {
  const found: Mutation[] = [];
  const hits = new TextHits(sourceFile.text, WRITE_TOKENS);
  if (hits.empty) return found;
  const scopes: Scope[] = [new Map()];
  const lookup = (name: string): StaticExpr | null | undefined => {
    for (let index = scopes.length - 1; index >= 0; index--) {
      const scope = scopes[index]!;
      if (scope.has(name)) return scope.get(name);
    }
    return undefined;
  };
  const staticPath = (node: TS.Expression): StaticExpr | undefined => staticTarget(node, sourceFile, lookup)?.target;
  const record = (container: TS.Expression, key: string | undefined, write: TS.Node, what: string): void => {
    const reached = staticTarget(container, sourceFile, lookup);
    if (!reached) return;
    // Below a computed key the write lands somewhere inside the static part, under no known key.
    const writtenKey = reached.truncated ? undefined : key;
    found.push({
      target: reached.target,
      ...(writtenKey === undefined ? {} : { key: writtenKey }),
      range: rangeOf(write, sourceFile),
      what,
    });
  };
  const recordMember = (member: TS.Expression, write: TS.Node, what: string): void => {
    const bare = skipTypeOnlyWrappers(member);
    if (ts.isPropertyAccessExpression(bare)) record(bare.expression, bare.name.text, write, what);
    else if (ts.isElementAccessExpression(bare)) record(bare.expression, literalKey(bare.argumentExpression), write, what);
    else if (ts.isArrayLiteralExpression(bare) || ts.isObjectLiteralExpression(bare)) recordPattern(bare, write);
  };
  const recordPattern = (pattern: TS.ArrayLiteralExpression | TS.ObjectLiteralExpression, write: TS.Node): void => {
    const targets = ts.isArrayLiteralExpression(pattern)
      ? pattern.elements.map((element) => (ts.isSpreadElement(element) ? element.expression : element))
      : pattern.properties.map((property) =>
          ts.isPropertyAssignment(property) ? property.initializer : ts.isSpreadAssignment(property) ? property.expression : undefined,
        );
    for (const target of targets) {
      if (!target) continue;
      const bare = skipTypeOnlyWrappers(
        ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken ? target.left : target,
      );
      recordMember(bare, write, 'a destructuring assignment');
    }
  };

  const declare = (name: TS.BindingName, initializer: TS.Expression | undefined): void => {
    const scope = scopes[scopes.length - 1]!;
    if (ts.isIdentifier(name)) {
      scope.set(name.text, initializer ? (staticPath(initializer) ?? null) : null);
      return;
    }
    for (const element of name.elements) if (ts.isBindingElement(element)) declare(element.name, undefined);
  };

  const visit = (node: TS.Node): void => {
    if (!hits.within(node.pos, node.end)) return;
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isVariableDeclarationList(node)) {
      // Top-level `const`s are followed by the evaluator itself; everything else is scoped here.
      if (scopes.length > 1 || (node.flags & ts.NodeFlags.Const) === 0)
        for (const declaration of node.declarations) declare(declaration.name, declaration.initializer);
    } else if (ts.isParameter(node)) {
      declare(node.name, undefined);
    } else if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
      recordMember(
        node.left,
        node,
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken
          ? 'an assignment'
          : `a \`${ts.tokenToString(node.operatorToken.kind)}\` assignment`,
      );
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      recordMember(node.operand, node, `\`${ts.tokenToString(node.operator)}\``);
    } else if (ts.isDeleteExpression(node)) {
      recordMember(node.expression, node, '`delete`');
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      recordMember(node.initializer, node.initializer, `a \`for…${ts.isForOfStatement(node) ? 'of' : 'in'}\` target`);
    } else if (ts.isCallExpression(node)) {
      visitCall(node);
    }
    const opensScope =
      ts.isFunctionLike(node) ||
      ts.isBlock(node) ||
      ts.isForStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isCatchClause(node);
    if (opensScope) scopes.push(new Map());
    // Parameters shadow outer names even where the text gives the walk no reason to visit them.
    if (ts.isFunctionLike(node)) for (const parameter of node.parameters) declare(parameter.name, undefined);
    if (ts.isCatchClause(node) && node.variableDeclaration) declare(node.variableDeclaration.name, undefined);
    ts.forEachChild(node, visit);
    if (opensScope) scopes.pop();
  };

  const visitCall = (call: TS.CallExpression): void => {
    const callee = memberCall(skipTypeOnlyWrappers(call.expression));
    if (!callee) return;
    const { method, object } = callee;
    const receiver = skipTypeOnlyWrappers(object);
    if (MUTATING_METHODS.has(method)) {
      record(object, undefined, call, `a \`.${method}()\` call`);
      return;
    }
    if (ts.isIdentifier(receiver) && MUTATING_STATICS[receiver.text]?.has(method) && call.arguments[0]) {
      const key =
        call.arguments[1] && (method === 'set' || method === 'defineProperty' || method === 'deleteProperty')
          ? literalKey(call.arguments[1])
          : undefined;
      record(call.arguments[0], key, call, `\`${receiver.text}.${method}()\``);
      return;
    }
    // Array.prototype.push.call(S, …), [].splice.apply(S, …)
    const inner = memberCall(receiver);
    if ((method === 'call' || method === 'apply') && inner && MUTATING_METHODS.has(inner.method) && call.arguments[0]) {
      record(call.arguments[0], undefined, call, `a \`.${inner.method}.${method}()\` call`);
    }
  };

  visit(sourceFile);
  return found;
}

/** `x.name` or `x['name']`: the member a call reads its function from. */
function memberCall(node: TS.Expression): { method: string; object: TS.Expression } | undefined {
  if (ts.isPropertyAccessExpression(node)) return { method: node.name.text, object: node.expression };
  if (ts.isElementAccessExpression(node)) {
    const key = literalKey(node.argumentExpression);
    if (key !== undefined) return { method: key, object: node.expression };
  }
  return undefined;
}

function isAssignment(kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function literalKey(node: TS.Expression): string | undefined {
  const bare = skipTypeOnlyWrappers(node);
  if (ts.isStringLiteral(bare) || ts.isNoSubstitutionTemplateLiteral(bare)) return bare.text;
  if (ts.isNumericLiteral(bare)) return String(Number(bare.text));
  return undefined;
}

/**
 * The static part of a member chain: `S.a[k].b` is `S.a` (a write below a computed key lands
 * somewhere inside `S.a`). Undefined when the chain does not start from a name, or from a local
 * that aliases nothing static (a parameter, a computed value).
 */
function staticTarget(
  node: TS.Expression,
  sourceFile: TS.SourceFile,
  lookup: (name: string) => StaticExpr | null | undefined,
): { target: StaticExpr; truncated: boolean } | undefined {
  const keys: { key: string | undefined; end: number }[] = [];
  let current = skipTypeOnlyWrappers(node);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      keys.push({ key: current.name.text, end: current.getEnd() });
      current = skipTypeOnlyWrappers(current.expression);
    } else if (ts.isElementAccessExpression(current)) {
      keys.push({ key: literalKey(current.argumentExpression), end: current.getEnd() });
      current = skipTypeOnlyWrappers(current.expression);
    } else if (ts.isCallExpression(current) && current.arguments.length === 1 && !current.questionDotToken) {
      // An identity-like wrapper (`defineRole(x)`, `structuredClone(x)` aside) is not followed.
      return undefined;
    } else {
      break;
    }
  }
  if (!ts.isIdentifier(current)) return undefined;
  // Collected from the outside in; a chain longer than evaluation could follow is a write inside its root.
  keys.reverse();
  if (keys.length > MAX_CHAIN) {
    keys.length = 0;
    keys.push({ key: undefined, end: 0 });
  }
  const start = current.getStart(sourceFile);
  const local = lookup(current.text);
  if (local === null) return undefined;
  let target: StaticExpr = local ?? { kind: 'ref', name: current.text, start, end: current.getEnd() };
  for (const { key, end } of keys) {
    if (key === undefined) return { target, truncated: true };
    target = { kind: 'member', object: target, key, start, end };
  }
  return { target, truncated: false };
}
