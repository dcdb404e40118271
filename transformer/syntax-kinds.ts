import type ts from 'typescript';

/**
 * The SyntaxKind numbers of the compiler that runs the transformer, learned from its own node
 * factory. SyntaxKind values differ between TypeScript releases (5.9 and 6.0 number them
 * differently), and the transformer may be loaded next to another `typescript` than the one
 * compiling (ts-loader's `compiler` option, ts-patch's aliased installs): asking the host's
 * factory is the only numbering that is always right, and it needs no `typescript` import.
 */
export interface SyntaxKinds {
  readonly ImportDeclaration: ts.SyntaxKind;
  readonly ExportDeclaration: ts.SyntaxKind;
  readonly StringLiteral: ts.SyntaxKind;
  readonly NamespaceImport: ts.SyntaxKind;
  readonly NamedImports: ts.SyntaxKind;
  readonly NamespaceExport: ts.SyntaxKind;
  readonly NamedExports: ts.SyntaxKind;
  readonly Identifier: ts.SyntaxKind;
  readonly ImportEqualsDeclaration: ts.SyntaxKind;
  readonly ExternalModuleReference: ts.SyntaxKind;
  readonly ExportKeyword: ts.SyntaxKind;
  readonly CallExpression: ts.SyntaxKind;
  readonly NoSubstitutionTemplateLiteral: ts.SyntaxKind;
}

const cache = new WeakMap<ts.NodeFactory, SyntaxKinds>();

export function syntaxKindsOf(factory: ts.NodeFactory): SyntaxKinds {
  let kinds = cache.get(factory);
  if (!kinds) {
    const name = factory.createIdentifier('x');
    const specifier = factory.createStringLiteral('x');
    kinds = {
      ImportDeclaration: factory.createImportDeclaration(undefined, undefined, specifier).kind,
      ExportDeclaration: factory.createExportDeclaration(undefined, false, undefined, specifier).kind,
      StringLiteral: specifier.kind,
      NamespaceImport: factory.createNamespaceImport(name).kind,
      NamedImports: factory.createNamedImports([]).kind,
      NamespaceExport: factory.createNamespaceExport(name).kind,
      NamedExports: factory.createNamedExports([]).kind,
      Identifier: name.kind,
      ImportEqualsDeclaration: factory.createImportEqualsDeclaration(
        undefined,
        false,
        name,
        factory.createExternalModuleReference(specifier),
      ).kind,
      ExternalModuleReference: factory.createExternalModuleReference(specifier).kind,
      ExportKeyword: factory.createModifiersFromModifierFlags(MODIFIER_FLAGS_EXPORT)![0]!.kind,
      CallExpression: factory.createCallExpression(name, undefined, []).kind,
      NoSubstitutionTemplateLiteral: factory.createNoSubstitutionTemplateLiteral('x').kind,
    };
    cache.set(factory, kinds);
  }
  return kinds;
}

/** ts.NodeFlags.Const: unchanged since TypeScript 2. */
export const NODE_FLAGS_CONST = 2;
/** ts.DiagnosticCategory: unchanged since TypeScript 1. */
export const CATEGORY_WARNING = 0;
export const CATEGORY_ERROR = 1;
/** ts.ModifierFlags.Export: 32 since TypeScript 5.0 (the supported range starts at 5.9). */
export const MODIFIER_FLAGS_EXPORT = 32;

/** ts.ModuleKind values after which imports stay ES imports in the output. */
const ES_MODULE_KINDS = new Set([5 /* ES2015 */, 6 /* ES2020 */, 7 /* ES2022 */, 99 /* ESNext */, 200 /* Preserve */]);
const NODE_MODULE_KINDS_FIRST = 100; // Node16; Node18 = 101, Node20 = 102, NodeNext = 199
const NODE_MODULE_KINDS_LAST = 199;
const MODULE_FORMAT_ESM = 99; // ts.ModuleKind.ESNext, as `impliedNodeFormat`

/**
 * True when the file's output keeps ES `import`s. Otherwise (CommonJS, AMD, UMD, or unknown)
 * TypeScript rewrites references to imported names into property reads of the module object,
 * and the rewrite must provide that object too.
 */
export function emitsEsModule(options: ts.CompilerOptions, sourceFile: ts.SourceFile): boolean {
  const module = options.module as number | undefined;
  if (module === undefined) return false;
  if (ES_MODULE_KINDS.has(module)) return true;
  if (module >= NODE_MODULE_KINDS_FIRST && module <= NODE_MODULE_KINDS_LAST)
    return (sourceFile.impliedNodeFormat as number | undefined) === MODULE_FORMAT_ESM;
  return false;
}
