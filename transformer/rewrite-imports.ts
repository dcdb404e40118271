import type ts from 'typescript';
import { PROVENANCE_SPECIFIER } from '../src/provenance/docs.js';
import { emitsEsModule, MODIFIER_FLAGS_EXPORT, NODE_FLAGS_CONST, syntaxKindsOf, type SyntaxKinds } from './syntax-kinds.js';
import { valueExpression } from './value-node.js';

const EXPORT_NAME = 'REGISTRY_PROVENANCE';

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
  const namespaceObject = (): ts.Expression => valueExpression(factory, { [EXPORT_NAME]: value });

  if (site.kind === kinds.ImportEqualsDeclaration) {
    const declaration = site as ts.ImportEqualsDeclaration;
    const exported = declaration.modifiers?.some((modifier) => modifier.kind === kinds.ExportKeyword) ?? false;
    return [constant(declaration.name.text, namespaceObject(), exported)];
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
    if (bindings.kind === kinds.NamespaceImport) return [constant((bindings as ts.NamespaceImport).name.text, namespaceObject())];
    const locals: string[] = [];
    for (const element of (bindings as ts.NamedImports).elements) {
      if (element.isTypeOnly) continue;
      const imported = element.propertyName ?? element.name;
      if (imported.text !== EXPORT_NAME)
        return {
          node: element,
          message: `the build replaces ${PROVENANCE_SPECIFIER} with its ${EXPORT_NAME} constant; import ${imported.text} elsewhere or as a type.`,
        };
      locals.push(element.name.text);
    }
    if (locals.length === 0) return [];
    const [first, ...others] = locals as [string, ...string[]];
    const statements = [
      constant(first, valueExpression(factory, value)),
      ...others.map((name) => constant(name, factory.createIdentifier(first))),
    ];
    if (!emitsEsModule(context.getCompilerOptions(), sourceFile)) {
      // CommonJS-like output turns each reference to an imported name into `<module object>.REGISTRY_PROVENANCE`,
      // named after the import declaration: bind that name too, so those references read the value.
      const moduleObject = factory.getGeneratedNameForNode(site);
      statements.push(
        constant(
          moduleObject,
          factory.createObjectLiteralExpression([factory.createPropertyAssignment(EXPORT_NAME, factory.createIdentifier(first))]),
        ),
      );
    }
    return statements;
  }

  const clause = (site as ts.ExportDeclaration).exportClause;
  if (!clause) return [constant(EXPORT_NAME, valueExpression(factory, value), true)]; // export * from
  if (clause.kind === kinds.NamespaceExport) {
    const name = (clause as ts.NamespaceExport).name;
    if (name.kind !== kinds.Identifier) return { node: name, message: 'export the provenance namespace under an identifier.' };
    return [constant((name as ts.Identifier).text, namespaceObject(), true)];
  }
  const statements: ts.Statement[] = [];
  for (const element of (clause as ts.NamedExports).elements) {
    if (element.isTypeOnly) continue;
    const imported = element.propertyName ?? element.name;
    if (imported.text !== EXPORT_NAME)
      return {
        node: element,
        message: `the build replaces ${PROVENANCE_SPECIFIER} with its ${EXPORT_NAME} constant; re-export ${imported.text} elsewhere or as a type.`,
      };
    if (element.name.kind !== kinds.Identifier) return { node: element, message: 're-export REGISTRY_PROVENANCE under an identifier.' };
    statements.push(constant(element.name.text, valueExpression(factory, value), true));
  }
  return statements;
}
