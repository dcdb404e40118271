import type TS from 'typescript';
import { skipTypeOnlyWrappers } from './type-wrappers.js';
import { ts } from './typescript.js';
import { computeLineStarts } from '../support/spans.js';
import { findMutations, type Mutation } from './mutations.js';
import {
  collectDefineRoleAliases,
  DEFINE_ROLE_EXPORT,
  DEFINE_ROLE_MODULE,
  findRoleReferences,
  isDefineRoleCallee,
  type DefineRoleNames,
  type ImportedRoleCall,
  type RoleCall,
  type UnfollowedReference,
} from './role-references.js';
import { rangeOf, toStaticExpr, type IdentityCall, type Range, type StaticExpr } from './static-expr.js';

export type { RoleCall };

type ImportBinding = { readonly specifier: string; readonly imported: string; readonly range: Range };

type ExportBinding =
  | { readonly kind: 'local'; readonly local: string }
  | { readonly kind: 'reexport'; readonly specifier: string; readonly imported: string; readonly range: Range }
  | { readonly kind: 'expression'; readonly expr: StaticExpr };

/** A top-level binding whose value is not followed, and where it is declared (findings point there). */
interface OtherBinding {
  /** What it is, as a phrase: "a `let` binding", "a function". */
  readonly what: string;
  readonly range: Range;
}

export interface ParseProblem {
  readonly message: string;
  readonly range: Range;
  /** The bytes are not UTF-8 text (see source-text.ts): a problem of the file, not of its syntax. */
  readonly encoding?: true;
}

/**
 * Everything the engine needs from one file, computed from its text alone. Pure and cacheable by
 * content: cross-file meaning is resolved later by the linker, so one edited file re-extracts one file.
 */
export interface FileFacts {
  readonly file: string;
  readonly lineStarts: readonly number[];
  readonly parseProblems: readonly ParseProblem[];
  readonly imports: ReadonlyMap<string, ImportBinding>;
  readonly exports: ReadonlyMap<string, ExportBinding>;
  readonly starExports: readonly { readonly specifier: string; readonly range: Range }[];
  readonly consts: ReadonlyMap<string, StaticExpr>;
  /** Top-level bindings that are not `const` (let, var, functions, classes, enums, destructuring). */
  readonly otherBindings: ReadonlyMap<string, OtherBinding>;
  readonly roleCalls: readonly RoleCall[];
  /**
   * Calls that may reach `defineRole` through another module (a barrel re-exporting it): named
   * `defineRole` there, or given a declaration with a `role_id`. Roles are read from those that
   * resolve to role-registry's; the others named `defineRole` are reported.
   */
  readonly importedRoleCalls: readonly ImportedRoleCall[];
  /** References through which a role could be declared without any call this reading can follow. */
  readonly unfollowedRoleReferences: readonly UnfollowedReference[];
  /** Local names bound to role-registry's `defineRole` (imports and `const` aliases): what the file may export as it. */
  readonly defineRoleLocals: readonly string[];
  /** Writes into objects and arrays reached from a name: a write into a value that feeds a hash is a finding. */
  readonly mutations: readonly Mutation[];
}

function scriptKindOf(file: string): TS.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.js') || file.endsWith('.mjs') || file.endsWith('.cjs')) return ts.ScriptKind.JS;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TS;
}

function parseSource(file: string, text: string): TS.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKindOf(file),
  );
}

/**
 * Parses and extracts one file. A file nested so deeply that the parser (or our own walk) runs out
 * of stack gets facts with one parse problem at its deepest point instead of crashing the process:
 * it is reported like any file that does not parse, and the others are still checked.
 */
export function factsOfText(file: string, text: string): FileFacts {
  try {
    return extractFileFacts(parseSource(file, text));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const deepest = deepestNesting(text);
    return {
      file,
      lineStarts: computeLineStarts(text, 'ecmascript'),
      parseProblems: [
        {
          message: `it nests brackets ${deepest.depth} levels deep, more than the TypeScript parser can follow (${error.message})`,
          range: { start: deepest.offset, end: deepest.offset + 1 },
        },
      ],
      imports: new Map(),
      exports: new Map(),
      starExports: [],
      consts: new Map(),
      otherBindings: new Map(),
      roleCalls: [],
      importedRoleCalls: [],
      unfollowedRoleReferences: [],
      defineRoleLocals: [],
      mutations: [],
    };
  }
}

/** Where brackets nest deepest, by a flat scan that skips strings and comments (no recursion). */
function deepestNesting(text: string): { depth: number; offset: number } {
  let depth = 0;
  let best = { depth: 0, offset: 0 };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"' || char === "'" || char === '`') {
      for (index++; index < text.length && text[index] !== char && text[index] !== '\n'; index++) if (text[index] === '\\') index++;
    } else if (char === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 1;
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
      if (depth > best.depth) best = { depth, offset: index };
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return best;
}

/** Reads facts out of an already-parsed file (an ESLint parser's SourceFile can be reused here). */
function extractFileFacts(sourceFile: TS.SourceFile): FileFacts {
  const imports = new Map<string, ImportBinding>();
  const exports = new Map<string, ExportBinding>();
  const starExports: { specifier: string; range: Range }[] = [];
  const consts = new Map<string, StaticExpr>();
  const otherBindings = new Map<string, OtherBinding>();
  const direct = new Set<string>();
  const namespaces = new Set<string>();
  const imported = new Map<string, { specifier: string; imported: string }>();
  const names: DefineRoleNames = { direct, namespaces, imported };

  // Imports first, wherever they stand: a const may wrap its value in defineRole() above the import.
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) collectImport(statement, sourceFile, imports, direct, namespaces);
  }
  for (const [local, binding] of imports) {
    if (binding.specifier !== DEFINE_ROLE_MODULE) imported.set(local, { specifier: binding.specifier, imported: binding.imported });
  }
  collectDefineRoleAliases(sourceFile, names);
  const isIdentityCall = (callee: TS.Expression): boolean => isDefineRoleCallee(callee, names);
  const convert = argumentReusingConversion(sourceFile, isIdentityCall);
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      collectVariables(statement, sourceFile, consts, otherBindings, exports, convert);
    } else if (ts.isExportDeclaration(statement)) {
      collectExportDeclaration(statement, sourceFile, exports, starExports);
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      exports.set('default', { kind: 'expression', expr: convert.expression(statement.expression) });
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      if (statement.name) {
        const what = ts.isFunctionDeclaration(statement) ? 'a function' : ts.isClassDeclaration(statement) ? 'a class' : 'an enum';
        otherBindings.set(statement.name.text, { what, range: rangeOf(statement.name, sourceFile) });
        if (hasExportModifier(statement)) exports.set(statement.name.text, { kind: 'local', local: statement.name.text });
      }
    }
  }

  const references = findRoleReferences(sourceFile, names, (node) => convert.roleArgument(node));
  return {
    file: sourceFile.fileName,
    lineStarts: computeLineStarts(sourceFile.text, 'ecmascript'),
    parseProblems: parseProblemsOf(sourceFile),
    imports,
    exports,
    starExports,
    consts,
    otherBindings,
    roleCalls: references.roleCalls,
    importedRoleCalls: references.importedRoleCalls,
    unfollowedRoleReferences: references.unfollowed,
    defineRoleLocals: [...direct],
    mutations: findMutations(sourceFile),
  };
}

function parseProblemsOf(sourceFile: TS.SourceFile): ParseProblem[] {
  // parseDiagnostics is not in the public typings but has been stable across TypeScript releases;
  // the alternative (a Program) costs a type-check.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.map((diagnostic) => ({
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    range: { start: diagnostic.start, end: diagnostic.start + diagnostic.length },
  }));
}

function hasExportModifier(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function collectImport(
  statement: TS.ImportDeclaration,
  sourceFile: TS.SourceFile,
  imports: Map<string, ImportBinding>,
  defineRoleNames: Set<string>,
  namespaceNames: Set<string>,
): void {
  if (!ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) return;
  const specifier = statement.moduleSpecifier.text;
  const clause = statement.importClause;
  const range = rangeOf(statement, sourceFile);
  if (clause.name) imports.set(clause.name.text, { specifier, imported: 'default', range });
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) {
    imports.set(bindings.name.text, { specifier, imported: '*', range });
    if (specifier === DEFINE_ROLE_MODULE) namespaceNames.add(bindings.name.text);
    return;
  }
  for (const element of bindings.elements) {
    const imported = (element.propertyName ?? element.name).text;
    imports.set(element.name.text, { specifier, imported, range });
    if (specifier === DEFINE_ROLE_MODULE && imported === DEFINE_ROLE_EXPORT) defineRoleNames.add(element.name.text);
  }
}

function collectVariables(
  statement: TS.VariableStatement,
  sourceFile: TS.SourceFile,
  consts: Map<string, StaticExpr>,
  otherBindings: Map<string, OtherBinding>,
  exports: Map<string, ExportBinding>,
  convert: Conversion,
): void {
  const flags = statement.declarationList.flags;
  const isUsing = (flags & ts.NodeFlags.Using) !== 0;
  const isConst = (flags & ts.NodeFlags.Const) !== 0 && !isUsing;
  const exported = hasExportModifier(statement);
  const keyword = isUsing
    ? (flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing
      ? 'await using'
      : 'using'
    : (flags & ts.NodeFlags.Let) !== 0
      ? 'let'
      : isConst
        ? 'const'
        : 'var';
  for (const declaration of statement.declarationList.declarations) {
    if (!ts.isIdentifier(declaration.name)) {
      for (const element of bindingElements(declaration.name)) {
        otherBindings.set(element.text, { what: 'a destructuring binding', range: rangeOf(element, sourceFile) });
        if (exported) exports.set(element.text, { kind: 'local', local: element.text });
      }
      continue;
    }
    const name = declaration.name.text;
    if (isConst && declaration.initializer) {
      consts.set(name, convert.expression(declaration.initializer));
    } else {
      const what = isConst ? 'a `const` declared without a value (`declare const`)' : `a \`${keyword}\` binding`;
      otherBindings.set(name, { what, range: rangeOf(declaration.name, sourceFile) });
    }
    if (exported) exports.set(name, { kind: 'local', local: name });
  }
}

function bindingElements(name: TS.BindingName): TS.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const names: TS.Identifier[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...bindingElements(element.name));
  }
  return names;
}

function collectExportDeclaration(
  statement: TS.ExportDeclaration,
  sourceFile: TS.SourceFile,
  exports: Map<string, ExportBinding>,
  starExports: { specifier: string; range: Range }[],
): void {
  if (statement.isTypeOnly) return;
  const range = rangeOf(statement, sourceFile);
  const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  const clause = statement.exportClause;
  if (!clause) {
    if (specifier !== undefined) starExports.push({ specifier, range });
    return;
  }
  if (ts.isNamespaceExport(clause)) {
    if (specifier !== undefined) exports.set(moduleExportName(clause.name), { kind: 'reexport', specifier, imported: '*', range });
    return;
  }
  for (const element of clause.elements) {
    if (element.isTypeOnly) continue;
    const exported = moduleExportName(element.name);
    const local = moduleExportName(element.propertyName ?? element.name);
    exports.set(exported, specifier === undefined ? { kind: 'local', local } : { kind: 'reexport', specifier, imported: local, range });
  }
}

function moduleExportName(name: TS.ModuleExportName): string {
  return name.text;
}

interface Conversion {
  /** A top-level value (a const's initializer, `export default`). */
  expression(node: TS.Expression): StaticExpr;
  /** The argument of a `defineRole(...)` call. */
  roleArgument(node: TS.Expression): StaticExpr;
}

/**
 * Converts expressions once: `const x = defineRole({…})` holds the role's object both as a const
 * (read through the identity call) and as a role call's argument, and both are the same StaticExpr.
 */
function argumentReusingConversion(sourceFile: TS.SourceFile, isIdentityCall: IdentityCall): Conversion {
  const byArgument = new Map<TS.Node, StaticExpr>();
  return {
    expression(node) {
      const expr = toStaticExpr(node, sourceFile, isIdentityCall);
      const argument = identityCallArgument(node, isIdentityCall);
      if (argument) byArgument.set(argument, expr);
      return expr;
    },
    roleArgument(node) {
      return byArgument.get(node) ?? toStaticExpr(node, sourceFile, isIdentityCall);
    },
  };
}

/** The argument toStaticExpr reads through when `node` is (a wrapped) identity call, as it does. */
function identityCallArgument(node: TS.Expression, isIdentityCall: IdentityCall): TS.Expression | undefined {
  const current = skipTypeOnlyWrappers(node);
  if (!ts.isCallExpression(current) || current.questionDotToken || current.arguments.length !== 1 || !isIdentityCall(current.expression))
    return undefined;
  const argument = current.arguments[0]!;
  return ts.isSpreadElement(argument) ? undefined : argument;
}
