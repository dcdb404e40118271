import type ts from 'typescript';
import { PROVENANCE_SPECIFIER } from '../src/provenance/docs.js';
import { emitsEsModule, MODIFIER_FLAGS_EXPORT, NODE_FLAGS_CONST, syntaxKindsOf, type SyntaxKinds } from './syntax-kinds.js';
import { valueExpression } from './value-node.js';

const EXPORT_NAME = 'REGISTRY_PROVENANCE';
const RECORD_NAME = 'recordFor';
/** Exports of the shipped module that read no provenance value: the build imports them from it as they are. */
const SHIPPED_NAMES = new Set(['recordFrom', 'OUTPUT_RECORD_FORMAT', 'UnknownContractError', 'ProvenanceNotBuiltError']);

/**
 * An import or re-export of `role-registry/provenance` that brings in a value (type-only ones are
 * left to TypeScript), `import P = require('role-registry/provenance')` included.
 */
export type ProvenanceSite = ts.ImportDeclaration | ts.ExportDeclaration | ts.ImportEqualsDeclaration;

/** The top-level statements that import or re-export the provenance value. */
export function findProvenanceSites(sourceFile: ts.SourceFile, factory: ts.NodeFactory): ProvenanceSite[] {
  if (!sourceFile.text.includes(PROVENANCE_SPECIFIER)) return [];
  const kinds = syntaxKindsOf(factory);
  const sites: ProvenanceSite[] = [];
  for (const statement of sourceFile.statements) {
    if (statement.kind === kinds.ImportDeclaration) {
      const declaration = statement as ts.ImportDeclaration;
      if (namesProvenance(declaration.moduleSpecifier, kinds) && !declaration.importClause?.isTypeOnly) sites.push(declaration);
    } else if (statement.kind === kinds.ExportDeclaration) {
      const declaration = statement as ts.ExportDeclaration;
      if (declaration.moduleSpecifier && namesProvenance(declaration.moduleSpecifier, kinds) && !declaration.isTypeOnly)
        sites.push(declaration);
    } else if (statement.kind === kinds.ImportEqualsDeclaration) {
      const declaration = statement as ts.ImportEqualsDeclaration;
      const reference = declaration.moduleReference;
      if (
        reference.kind === kinds.ExternalModuleReference &&
        namesProvenance((reference as ts.ExternalModuleReference).expression, kinds) &&
        !declaration.isTypeOnly
      )
        sites.push(declaration);
    }
  }
  return sites;
}

/**
 * `import('role-registry/provenance')` and `require('role-registry/provenance')` calls: the rewrite
 * fills in static imports only, and these would reach the shipped module (which throws) at run time.
 * Found so the build can refuse them at their place instead.
 */
export function findDynamicProvenanceLoads(sourceFile: ts.SourceFile, factory: ts.NodeFactory): ts.CallExpression[] {
  if (!sourceFile.text.includes(PROVENANCE_SPECIFIER)) return [];
  const kinds = syntaxKindsOf(factory);
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === kinds.CallExpression) {
      const call = node as ts.CallExpression;
      const callee = sourceFile.text.slice(call.expression.getStart(sourceFile), call.expression.end);
      const first = call.arguments[0];
      if (
        (callee === 'import' || callee === 'require') &&
        first !== undefined &&
        (first.kind === kinds.StringLiteral || first.kind === kinds.NoSubstitutionTemplateLiteral) &&
        (first as ts.StringLiteral).text === PROVENANCE_SPECIFIER
      ) {
        found.push(call);
      }
    }
    node.forEachChild(visit);
  };
  sourceFile.forEachChild(visit);
  return found;
}

function namesProvenance(specifier: ts.Expression, kinds: SyntaxKinds): boolean {
  return specifier.kind === kinds.StringLiteral && (specifier as ts.StringLiteral).text === PROVENANCE_SPECIFIER;
}

/** A form the rewrite cannot keep the meaning of; reported at `node`. */
export interface UnsupportedForm {
  readonly node: ts.Node;
  readonly message: string;
}

/**
 * The statements that replace one site: the value bound to the names the site declares.
 * `import { REGISTRY_PROVENANCE as P } from …` becomes `const P = Object.freeze({…})`; a namespace
 * import or `export * as ns` gets a frozen namespace object; re-exports become exported consts.
 */
export function replaceSite(
  site: ProvenanceSite,
  value: unknown,
  context: ts.TransformationContext,
  sourceFile: ts.SourceFile,
): ts.Statement[] | UnsupportedForm {
  const replacement = bindingsFor(site, value, context, sourceFile);
  if (Array.isArray(replacement) && replacement.length > 0) takeTextRange(replacement[0]!, site);
  return replacement;
}

/**
 * Gives the first replacement statement the range of the statement it replaces (what
 * `ts.setTextRange` does): comments written above the import stay in the output, and the source
 * map points the new statement at the import's line.
 */
function takeTextRange(node: ts.Node, original: ts.Node): void {
  const mutable = node as { pos: number; end: number };
  mutable.pos = original.pos;
  mutable.end = original.end;
}

function bindingsFor(
  site: ProvenanceSite,
  value: unknown,
  context: ts.TransformationContext,
  sourceFile: ts.SourceFile,
): ts.Statement[] | UnsupportedForm {
  const factory = context.factory;
  const kinds = syntaxKindsOf(factory);
  const constant = (name: string | ts.Identifier, initializer: ts.Expression, exported = false): ts.Statement =>
    factory.createVariableStatement(
      exported ? factory.createModifiersFromModifierFlags(MODIFIER_FLAGS_EXPORT) : undefined,
      factory.createVariableDeclarationList([factory.createVariableDeclaration(name, undefined, undefined, initializer)], NODE_FLAGS_CONST),
    );
  const built = new BuiltModule(factory, value, constant);
  /**
   * The whole module as one object: the value, and those of `recordFor` and the shipped module's
   * other exports that the file names at all (so a file that reads only the value imports nothing).
   */
  const namespaceObject = (): ts.Expression =>
    factory.createObjectLiteralExpression([
      factory.createPropertyAssignment(EXPORT_NAME, built.value()),
      ...[RECORD_NAME, ...SHIPPED_NAMES]
        .filter((name) => sourceFile.text.includes(name))
        .map((name) => factory.createPropertyAssignment(name, built.member(name)!)),
    ]);
  const withPrelude = (statements: ts.Statement[]): ts.Statement[] => [...built.prelude, ...statements];

  if (site.kind === kinds.ImportEqualsDeclaration) {
    const declaration = site as ts.ImportEqualsDeclaration;
    const exported = declaration.modifiers?.some((modifier) => modifier.kind === kinds.ExportKeyword) ?? false;
    const statement = constant(declaration.name.text, namespaceObject(), exported);
    return withPrelude([statement]);
  }

  if (site.kind === kinds.ImportDeclaration) {
    const clause = (site as ts.ImportDeclaration).importClause;
    if (!clause) return []; // `import 'role-registry/provenance'`: nothing to bind
    if (clause.name)
      return {
        node: clause.name,
        message: `${PROVENANCE_SPECIFIER} has no default export: write \`import { ${EXPORT_NAME} } from '${PROVENANCE_SPECIFIER}'\`.`,
      };
    const bindings = clause.namedBindings;
    if (!bindings) return [];
    if (bindings.kind === kinds.NamespaceImport) {
      const statement = constant((bindings as ts.NamespaceImport).name.text, namespaceObject());
      return withPrelude([statement]);
    }
    const statements: ts.Statement[] = [];
    /** imported name → the expression its local names are bound to */
    const bound = new Map<string, ts.Expression>();
    for (const element of (bindings as ts.NamedImports).elements) {
      if (element.isTypeOnly) continue;
      const imported = (element.propertyName ?? element.name).text;
      const local = factory.createIdentifier(element.name.text);
      if (imported === EXPORT_NAME && built.adoptValueName(local)) {
        // The value bound to the user's own name, as it always was: `const REGISTRY_PROVENANCE = Object.freeze({…})`.
        statements.push(constant(local, valueExpression(factory, value)));
        bound.set(imported, local);
        continue;
      }
      const initializer = built.member(imported);
      if (!initializer) return unknownName(element, imported, 'import');
      statements.push(constant(element.name.text, bound.get(imported) ?? initializer));
      bound.set(imported, factory.createIdentifier(element.name.text));
    }
    if (statements.length === 0) return [];
    if (!emitsEsModule(context.getCompilerOptions(), sourceFile)) {
      // CommonJS-like output turns each reference to an imported name into `<module object>.<name>`,
      // named after the import declaration: bind that name too, so those references read the value.
      const moduleObject = factory.getGeneratedNameForNode(site);
      statements.push(
        constant(
          moduleObject,
          factory.createObjectLiteralExpression([...bound].map(([name, local]) => factory.createPropertyAssignment(name, local))),
        ),
      );
    }
    return withPrelude(statements);
  }

  const clause = (site as ts.ExportDeclaration).exportClause;
  if (!clause) return withPrelude([constant(EXPORT_NAME, built.value(), true), constant(RECORD_NAME, built.recordFor(), true)]); // export * from
  if (clause.kind === kinds.NamespaceExport) {
    const name = (clause as ts.NamespaceExport).name;
    if (name.kind !== kinds.Identifier) return { node: name, message: 'export the provenance namespace under an identifier.' };
    const statement = constant((name as ts.Identifier).text, namespaceObject(), true);
    return withPrelude([statement]);
  }
  const statements: ts.Statement[] = [];
  for (const element of (clause as ts.NamedExports).elements) {
    if (element.isTypeOnly) continue;
    const imported = (element.propertyName ?? element.name).text;
    const initializer = built.member(imported);
    if (!initializer) return unknownName(element, imported, 're-export');
    if (element.name.kind !== kinds.Identifier) return { node: element, message: `re-export ${imported} under an identifier.` };
    statements.push(constant(element.name.text, initializer, true));
  }
  return withPrelude(statements);
}

function unknownName(node: ts.Node, name: string, verb: 'import' | 're-export'): UnsupportedForm {
  return {
    node,
    message: `the build replaces ${PROVENANCE_SPECIFIER} with its ${EXPORT_NAME} constant and a \`${RECORD_NAME}\` bound to it; it has no export ${name}: ${verb} it elsewhere or as a type.`,
  };
}

/**
 * What one site's replacement binds, made on demand: the value (once), `recordFor` bound to it,
 * and the shipped module's other exports (`recordFrom`, error classes), which read no value and
 * are imported from the shipped module itself.
 */
class BuiltModule {
  readonly prelude: ts.Statement[] = [];
  private valueName: ts.Identifier | undefined;
  private shippedName: ts.Identifier | undefined;

  constructor(
    private readonly factory: ts.NodeFactory,
    private readonly provenance: unknown,
    private readonly constant: (name: ts.Identifier, initializer: ts.Expression) => ts.Statement,
  ) {}

  /** The expression a name of the module is bound to; undefined for a name the module does not export. */
  member(name: string): ts.Expression | undefined {
    if (name === EXPORT_NAME) return this.value();
    if (name === RECORD_NAME) return this.recordFor();
    if (SHIPPED_NAMES.has(name)) return this.factory.createPropertyAccessExpression(this.shipped(), name);
    return undefined;
  }

  /** Names the value after the user's binding, unless it was needed before (then false). */
  adoptValueName(local: ts.Identifier): boolean {
    if (this.valueName) return false;
    this.valueName = local;
    return true;
  }

  value(): ts.Identifier {
    if (!this.valueName) {
      this.valueName = this.factory.createUniqueName(EXPORT_NAME);
      this.prelude.push(this.constant(this.valueName, valueExpression(this.factory, this.provenance)));
    }
    return this.valueName;
  }

  /** `(contractId) => recordFrom(<value>, contractId)`. */
  recordFor(): ts.Expression {
    const parameter = this.factory.createIdentifier('contractId');
    return this.factory.createArrowFunction(
      undefined,
      undefined,
      [this.factory.createParameterDeclaration(undefined, undefined, parameter)],
      undefined,
      undefined,
      this.factory.createCallExpression(this.factory.createPropertyAccessExpression(this.shipped(), 'recordFrom'), undefined, [
        this.value(),
        parameter,
      ]),
    );
  }

  /** `import * as <name> from 'role-registry/provenance'`: the shipped module, for what reads no value. */
  shipped(): ts.Identifier {
    if (!this.shippedName) {
      this.shippedName = this.factory.createUniqueName('role_registry_provenance');
      this.prelude.unshift(
        this.factory.createImportDeclaration(
          undefined,
          this.factory.createImportClause(undefined, undefined, this.factory.createNamespaceImport(this.shippedName)),
          this.factory.createStringLiteral(PROVENANCE_SPECIFIER),
        ),
      );
    }
    return this.shippedName;
  }
}
