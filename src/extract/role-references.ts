import type TS from 'typescript';
import { isTypeOnlyWrapper } from './type-wrappers.js';
import { ts } from './typescript.js';
import { rangeOf, type Range, type StaticExpr } from './static-expr.js';
import { identifierPattern, TextHits } from './text-hits.js';

/** The module that exports `defineRole`. Calls are recognised by the import, never by running code. */
export const DEFINE_ROLE_MODULE = 'role-registry';
export const DEFINE_ROLE_EXPORT = 'defineRole';

/** The names through which a file reaches role-registry's `defineRole`, read from its imports. */
export interface DefineRoleNames {
  /** Local names bound to `defineRole`: named imports and top-level `const` aliases of them. */
  readonly direct: Set<string>;
  /** Local names of `import * as ns from 'role-registry'`. */
  readonly namespaces: ReadonlySet<string>;
  /** Local names imported from other modules (the first step of a re-export chain), with their source. */
  readonly imported: ReadonlyMap<string, { readonly specifier: string; readonly imported: string }>;
}

export interface RoleCall {
  /** The argument of `defineRole(...)`, or undefined when there is none. */
  readonly argument: StaticExpr | undefined;
  readonly range: Range;
  /** Why the call cannot be evaluated where it stands (e.g. inside a function). */
  readonly misplaced?: string;
}

/**
 * A call that may reach `defineRole` through another module (a barrel re-exporting it, under its
 * own name or another): `path` is the import's name and the members read from it. Whether it is
 * role-registry's `defineRole` is decided across files, when roles are read.
 */
export interface ImportedRoleCall extends RoleCall {
  readonly specifier: string;
  readonly path: readonly string[];
}

/** A reference to `defineRole` whose calls cannot be found statically (passed, stored, rebound). */
export interface UnfollowedReference {
  readonly range: Range;
  readonly reason: string;
}

export interface RoleReferences {
  readonly roleCalls: RoleCall[];
  readonly importedRoleCalls: ImportedRoleCall[];
  readonly unfollowed: UnfollowedReference[];
}

const MISPLACED_IN_FUNCTION = 'inside a function: its values may depend on arguments; declare roles at the top level of a module';

/** Strips what changes nothing at run time: parentheses, type assertions, `(0, x)`. */
function unwrap(node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (isTypeOnlyWrapper(current)) {
      current = current.expression;
    } else if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.CommaToken && isInert(current.left)) {
      current = current.right;
    } else {
      return current;
    }
  }
}

/** A comma operand that does nothing (`0` in `(0, defineRole)`). */
function isInert(node: TS.Expression): boolean {
  return ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isVoidExpression(node) || node.kind === ts.SyntaxKind.NullKeyword;
}

function staticMemberName(node: TS.Expression): { object: TS.Expression; name: string } | undefined {
  if (ts.isPropertyAccessExpression(node) && !node.questionDotToken && ts.isIdentifier(node.name))
    return { object: node.expression, name: node.name.text };
  if (
    ts.isElementAccessExpression(node) &&
    !node.questionDotToken &&
    (ts.isStringLiteral(node.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(node.argumentExpression))
  ) {
    return { object: node.expression, name: node.argumentExpression.text };
  }
  return undefined;
}

/** `defineRole`, an alias of it, `ns.defineRole` or `ns['defineRole']` (wrappers stripped). */
function isDefineRoleValue(node: TS.Expression, names: DefineRoleNames): boolean {
  const bare = unwrap(node);
  if (ts.isIdentifier(bare)) return names.direct.has(bare.text);
  const member = staticMemberName(bare);
  if (!member || member.name !== DEFINE_ROLE_EXPORT) return false;
  const object = unwrap(member.object);
  return ts.isIdentifier(object) && names.namespaces.has(object.text);
}

/** The callee `toStaticExpr` reads through: `defineRole(x)` is `x` at run time. */
export function isDefineRoleCallee(callee: TS.Expression, names: DefineRoleNames): boolean {
  return isDefineRoleValue(callee, names);
}

/**
 * Adds top-level `const` aliases (`const dr = defineRole`, `const dr = rr.defineRole`, aliases of
 * aliases in any order) to `names.direct`: a `const` cannot be rebound, so its calls are calls of
 * defineRole. Any other binding of it (`let`, a parameter, an object) is an unfollowed reference.
 */
export function collectDefineRoleAliases(sourceFile: TS.SourceFile, names: DefineRoleNames): void {
  const candidates: [string, TS.Expression][] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const flags = statement.declarationList.flags;
    if ((flags & ts.NodeFlags.Const) === 0 || (flags & ts.NodeFlags.Using) !== 0) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) candidates.push([declaration.name.text, declaration.initializer]);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, initializer] of candidates) {
      if (!names.direct.has(name) && isDefineRoleValue(initializer, names)) {
        names.direct.add(name);
        changed = true;
      }
    }
  }
}

/** What a call of something that may be defineRole passes as the declaration. */
type CallArgument = { readonly node: TS.Expression | undefined } | { readonly unreadable: string };

function declarationArgument(call: TS.CallExpression, index: number): CallArgument {
  const argument = call.arguments[index];
  if (argument && ts.isSpreadElement(argument)) return { unreadable: 'with a spread argument list, which cannot be read statically' };
  return { node: argument };
}

/**
 * How `call` calls something (`target`) with a declaration: directly, `.call(this, decl)` or
 * `.apply(this, [decl])`. `undefined` when `call` is no such call.
 */
function roleCallShape(call: TS.CallExpression): { target: TS.Expression; argument: CallArgument } | undefined {
  if (call.questionDotToken) return undefined;
  const callee = unwrap(call.expression);
  const member = staticMemberName(callee);
  if (member && member.name === 'call') return { target: member.object, argument: declarationArgument(call, 1) };
  if (member && member.name === 'apply') {
    const list = call.arguments[1];
    if (
      list &&
      ts.isArrayLiteralExpression(list) &&
      list.elements.every((element) => !ts.isSpreadElement(element) && !ts.isOmittedExpression(element))
    ) {
      return { target: member.object, argument: { node: list.elements[0] } };
    }
    return { target: member.object, argument: { unreadable: 'through `.apply()` with an argument list that is not an array literal' } };
  }
  return { target: call.expression, argument: declarationArgument(call, 0) };
}

/** The import a callee starts from, and the members read from it: `lib.defineRole` is ['defineRole'] of lib's module. */
function importedPath(target: TS.Expression, names: DefineRoleNames): { specifier: string; path: string[] } | undefined {
  const path: string[] = [];
  let current = unwrap(target);
  for (let step = 0; step < 4; step++) {
    if (ts.isIdentifier(current)) {
      const binding = names.imported.get(current.text);
      if (!binding) return undefined;
      return { specifier: binding.specifier, path: binding.imported === '*' ? path : [binding.imported, ...path] };
    }
    const member = staticMemberName(current);
    if (!member) return undefined;
    path.unshift(member.name);
    current = unwrap(member.object);
  }
  return undefined;
}

/** `defineRole({ role_id: … })` under any name: an object literal argument with a `role_id` key. */
function declaresRoleId(argument: TS.Expression | undefined): boolean {
  if (!argument) return false;
  const bare = unwrap(argument);
  return (
    ts.isObjectLiteralExpression(bare) &&
    bare.properties.some(
      (property) =>
        property.name !== undefined &&
        (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) &&
        property.name.text === 'role_id',
    )
  );
}

/**
 * Finds every way the file reaches defineRole: calls it (directly, through a `const` alias, wrapped
 * in parentheses or `(0, …)`, with `.call` or `.apply`), calls that may reach it through another
 * module, and references that let a role be declared where no static reading can follow
 * (`[x].map(defineRole)`, `{ make: defineRole }`, `let dr = defineRole`, `require('role-registry')`).
 */
export function findRoleReferences(
  sourceFile: TS.SourceFile,
  names: DefineRoleNames,
  convert: (node: TS.Expression) => StaticExpr,
): RoleReferences {
  const found: RoleReferences = { roleCalls: [], importedRoleCalls: [], unfollowed: [] };
  const unfollowed = (node: TS.Node, reason: string): void => {
    found.unfollowed.push({ range: rangeOf(node, sourceFile), reason });
  };

  const visitCall = (call: TS.CallExpression, misplaced: string | undefined): boolean => {
    const shape = roleCallShape(call);
    if (!shape) return false;
    const range = rangeOf(call, sourceFile);
    const argumentOf = (): { argument: StaticExpr | undefined; misplaced?: string } => {
      if ('unreadable' in shape.argument) return { argument: undefined, misplaced: shape.argument.unreadable };
      const node = shape.argument.node;
      return { argument: node === undefined ? undefined : convert(node), ...(misplaced === undefined ? {} : { misplaced }) };
    };
    if (isDefineRoleValue(shape.target, names)) {
      found.roleCalls.push({ range, ...argumentOf() });
      return true;
    }
    const imported = importedPath(shape.target, names);
    if (imported && imported.specifier !== DEFINE_ROLE_MODULE && imported.path.length > 0) {
      const argumentNode = 'node' in shape.argument ? shape.argument.node : undefined;
      if (imported.path[imported.path.length - 1] === DEFINE_ROLE_EXPORT || declaresRoleId(argumentNode)) {
        found.importedRoleCalls.push({ specifier: imported.specifier, path: imported.path, range, ...argumentOf() });
        return true;
      }
    }
    return false;
  };

  // Only subtrees that mention one of the names (or `require`/`import`) can hold what this looks for.
  const direct = identifierPattern([...names.direct, ...names.namespaces, 'require', 'import'])!;
  // An imported name matters only when called (`renamed(…)`, `lib.defineRole(…)`), not in a schema.
  const called = identifierPattern(names.imported.keys());
  const pattern = called
    ? new RegExp(`${direct.source}|${called.source}(?:\\s*\\??\\.\\s*[\\w$]+|\\s*\\[[^\\]\\n]*\\])*\\s*\\(`, 'gu')
    : direct;
  const hits = new TextHits(sourceFile.text, pattern);
  if (hits.empty) return found;
  // The parser keeps no parent pointers (setting them costs on every file): the walk keeps its own.
  const ancestors: TS.Node[] = [];
  const visit = (node: TS.Node, misplaced: string | undefined): void => {
    if (!hits.within(node.pos, node.end)) return;
    if (ts.isImportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isCallExpression(node)) {
      if (isModuleLoad(node)) {
        unfollowed(
          node,
          `role-registry is loaded with ${ts.isIdentifier(node.expression) ? 'require()' : 'import()'}, whose defineRole cannot be followed statically`,
        );
      } else if (visitCall(node, misplaced)) {
        // The callee is read; the arguments may hold more declarations or references.
        ancestors.push(node);
        for (const argument of node.arguments) visit(argument, misplaced);
        ancestors.pop();
        return;
      }
    } else if (isReferenceForm(node, ancestors, names)) {
      const reason = unfollowedUse(node as TS.Expression, ancestors, names);
      if (reason) unfollowed(node, reason);
      if (!ts.isIdentifier(node)) return;
    }
    const inner = misplaced ?? (ts.isFunctionLike(node) ? MISPLACED_IN_FUNCTION : undefined);
    ancestors.push(node);
    ts.forEachChild(node, (child) => visit(child, inner));
    ancestors.pop();
  };
  visit(sourceFile, undefined);
  return found;
}

function isModuleLoad(call: TS.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first || !ts.isStringLiteral(first) || first.text !== DEFINE_ROLE_MODULE) return false;
  return (ts.isIdentifier(call.expression) && call.expression.text === 'require') || call.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/** An identifier that names defineRole or the role-registry namespace, or a member read of defineRole. */
function isReferenceForm(node: TS.Node, ancestors: readonly TS.Node[], names: DefineRoleNames): boolean {
  if (ts.isIdentifier(node)) {
    if (!names.direct.has(node.text) && !names.namespaces.has(node.text)) return false;
    return !isDeclarationName(node, ancestors[ancestors.length - 1]);
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return isDefineRoleValue(node, names);
  return false;
}

/** The name being declared or a property key, not a reference to a binding. */
function isDeclarationName(node: TS.Identifier, parent: TS.Node | undefined): boolean {
  if (!parent || ts.isShorthandPropertyAssignment(parent)) return false;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isExportSpecifier(parent) || ts.isImportSpecifier(parent)) return true;
  const named = parent as TS.Node & { name?: TS.Node; propertyName?: TS.Node; label?: TS.Node };
  return named.name === node || named.propertyName === node || named.label === node;
}

/**
 * Why a reference lets defineRole be called where static reading cannot follow, or undefined when
 * its use is followed: a call (read where it stands), a top-level `const` alias, `typeof`, a
 * member of the role-registry namespace, an export (followed from the importing side).
 */
function unfollowedUse(node: TS.Expression, ancestors: readonly TS.Node[], names: DefineRoleNames): string | undefined {
  let index = ancestors.length - 1;
  if (ts.isIdentifier(node) && names.namespaces.has(node.text) && !names.direct.has(node.text)) {
    const parent = ancestors[index];
    const member = parent && ts.isExpression(parent) ? staticMemberName(parent) : undefined;
    if (member && member.object === node) return undefined;
    if (parent && ts.isElementAccessExpression(parent) && parent.expression === node)
      return 'the role-registry namespace is read with a computed key, so a defineRole reached through it cannot be followed';
    return isFollowedPosition(parent)
      ? undefined
      : 'the role-registry namespace is used as a value (passed, stored or rebound), so a defineRole reached through it cannot be followed';
  }
  let outer: TS.Node = node;
  for (;;) {
    const parent = ancestors[index];
    if (
      parent &&
      (ts.isParenthesizedExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isTypeAssertionExpression(parent) ||
        (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.CommaToken && parent.right === outer))
    ) {
      outer = parent;
      index--;
      continue;
    }
    break;
  }
  const parent = ancestors[index];
  if (
    parent &&
    ts.isVariableDeclaration(parent) &&
    parent.initializer === outer &&
    ts.isIdentifier(parent.name) &&
    names.direct.has(parent.name.text) &&
    isTopLevelConst(ancestors[index - 1], ancestors[index - 2], ancestors[index - 3])
  ) {
    return undefined;
  }
  if (isFollowedPosition(parent)) return undefined;
  if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === outer && parent.name.text === 'bind')
    return 'defineRole is bound with .bind(), so the roles declared through the bound function cannot be found statically';
  return 'defineRole is used as a value (passed, stored or rebound), so the roles declared through it cannot be found statically';
}

/** Uses that declare nothing by themselves: `typeof`, exports (their importers are read), a `.call`/`.apply` target of a call already read. */
function isFollowedPosition(parent: TS.Node | undefined): boolean {
  if (!parent) return false;
  if (ts.isTypeOfExpression(parent) || ts.isExportAssignment(parent) || ts.isExportSpecifier(parent)) return true;
  return false;
}

function isTopLevelConst(list: TS.Node | undefined, statement: TS.Node | undefined, file: TS.Node | undefined): boolean {
  return (
    list !== undefined &&
    ts.isVariableDeclarationList(list) &&
    (list.flags & ts.NodeFlags.Const) !== 0 &&
    (list.flags & ts.NodeFlags.Using) === 0 &&
    statement !== undefined &&
    ts.isVariableStatement(statement) &&
    file !== undefined &&
    ts.isSourceFile(file)
  );
}
