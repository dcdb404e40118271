import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { RoleNameStatus } from '../src/lint/role-names.js';
import { createRule, JS_LANGUAGES } from './create-rule.js';
import { fileReport, quoteLike } from './registry-rule.js';

/** @public The options type is part of the plugin's declared rule types. */
export interface CalleeOption {
  /** A function or method name (`getRole` matches `getRole(…)` and `x.getRole(…)`), or a dotted path (`roles.get`). */
  readonly name: string;
  /** Which argument holds the role id (0-based). */
  readonly argument?: number;
}

/** @public The options type is part of the plugin's declared rule types. */
export interface NoAliasReferenceOptions {
  /** A name alone means its first argument. */
  readonly callees?: readonly (string | CalleeOption)[];
  /** Object keys whose string values are role ids (`{ role_id: '…' }`). */
  readonly keys?: readonly string[];
}

type MessageIds = 'aliasReference' | 'deprecatedReference' | 'useReplacement';

const DEFAULT_OPTIONS: NoAliasReferenceOptions = { callees: ['getRole'], keys: ['role_id'] };

/**
 * Code outside the declarations refers to roles by id: a stored job record, a lookup. Such a
 * reference should use the canonical role_id: an alias is a former name (fixed to the id it names),
 * a deprecated role should not get new work (its replacement is suggested). Which names are aliases
 * or deprecated comes from the registry engine (declarations and lockfile); declarations themselves
 * are left to the registry rules.
 */
export default createRule<[NoAliasReferenceOptions], MessageIds>({
  name: 'no-alias-reference',
  meta: {
    type: 'suggestion',
    docs: { description: 'Require references to roles to use the canonical role_id, not an alias or a deprecated id' },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          callees: {
            type: 'array',
            description: 'Calls whose argument is a role id: a function or method name, or `{ name, argument }`.',
            items: {
              oneOf: [
                { type: 'string', minLength: 1 },
                {
                  type: 'object',
                  properties: {
                    name: { type: 'string', minLength: 1, description: 'Function or method name, or a dotted path such as `roles.get`.' },
                    argument: { type: 'integer', minimum: 0, description: 'Index of the argument that holds the role id (default 0).' },
                  },
                  required: ['name'],
                  additionalProperties: false,
                },
              ],
            },
          },
          keys: {
            type: 'array',
            description: 'Object keys whose string values are role ids.',
            items: { type: 'string', minLength: 1 },
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
    messages: {
      aliasReference: '`{{name}}` is an alias of role `{{roleId}}`: refer to the role by its role_id.',
      deprecatedReference: 'Role `{{name}}` is deprecated{{reason}}: new references should use {{instead}}.',
      useReplacement: 'Refer to `{{replacedBy}}`, which replaces it.',
    },
    languages: JS_LANGUAGES,
  },
  defaultOptions: [DEFAULT_OPTIONS],
  create(context, [options]) {
    const report = fileReport(context);
    const names = report.names;
    if (!names || names.size === 0) return {};
    const callees = (options.callees ?? []).map((callee) => (typeof callee === 'string' ? { name: callee, argument: 0 } : callee));
    const keys = new Set(options.keys ?? []);
    const { sourceCode } = context;
    const declarations = report.declarations.map((span) => [
      sourceCode.getIndexFromLoc({ line: span.line, column: span.column - 1 }),
      sourceCode.getIndexFromLoc({ line: span.endLine, column: span.endColumn - 1 }),
    ]);
    const insideDeclaration = (node: TSESTree.Node): boolean =>
      declarations.some(([start, end]) => node.range[0] >= start! && node.range[1] <= end!);

    const check = (expression: TSESTree.Node | undefined): void => {
      const literal = expression && roleIdLiteral(expression);
      if (!literal || insideDeclaration(literal.node)) return;
      const status = names.get(literal.value);
      if (status) reportReference(context, literal, status);
    };

    return {
      CallExpression(node) {
        for (const callee of callees) {
          if (calleeMatches(node.callee, callee.name)) check(node.arguments[callee.argument ?? 0]);
        }
      },
      Property(node) {
        if (keys.size === 0 || node.parent.type !== 'ObjectExpression') return;
        const key = propertyName(node);
        if (key !== undefined && keys.has(key)) check(node.value);
      },
    };
  },
});

interface RoleIdLiteral {
  readonly node: TSESTree.StringLiteral | TSESTree.TemplateLiteral;
  readonly value: string;
}

function reportReference(
  context: Readonly<TSESLint.RuleContext<MessageIds, [NoAliasReferenceOptions]>>,
  literal: RoleIdLiteral,
  status: RoleNameStatus,
): void {
  const rewrite = (value: string) => (fixer: TSESLint.RuleFixer) =>
    fixer.replaceText(
      literal.node,
      literal.node.type === 'Literal' ? quoteLike(literal.node.raw, value) : `\`${value.replace(/[`\\$]/g, '\\$&')}\``,
    );
  if (status.kind === 'alias') {
    context.report({
      node: literal.node,
      messageId: 'aliasReference',
      data: { name: literal.value, roleId: status.roleId },
      fix: rewrite(status.roleId),
    });
    return;
  }
  const replacedBy = status.replacedBy;
  context.report({
    node: literal.node,
    messageId: 'deprecatedReference',
    data: {
      name: literal.value,
      reason: status.reason === undefined ? '' : ` (${status.reason})`,
      instead: replacedBy === undefined ? 'an active role' : `\`${replacedBy}\``,
    },
    ...(replacedBy === undefined
      ? {}
      : { suggest: [{ messageId: 'useReplacement' as const, data: { replacedBy }, fix: rewrite(replacedBy) }] }),
  });
}

/** A string literal or a template without substitutions, seen through `as const`, `satisfies`, `!` and parentheses. */
function roleIdLiteral(expression: TSESTree.Node): RoleIdLiteral | undefined {
  let node = expression;
  while (
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'TSTypeAssertion'
  ) {
    node = node.expression;
  }
  if (node.type === 'Literal' && typeof node.value === 'string') return { node: node as TSESTree.StringLiteral, value: node.value };
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && node.quasis[0]?.value.cooked != null) {
    return { node, value: node.quasis[0].value.cooked };
  }
  return undefined;
}

function calleeMatches(callee: TSESTree.Expression, name: string): boolean {
  const path = calleePath(callee);
  if (path === undefined) return false;
  return name.includes('.') ? path.join('.') === name || path.join('.').endsWith(`.${name}`) : path[path.length - 1] === name;
}

/** `a.b.c` → ['a', 'b', 'c']; undefined for calls through computed or call results. */
function calleePath(callee: TSESTree.Node): string[] | undefined {
  if (callee.type === 'Identifier') return [callee.name];
  if (callee.type === 'ThisExpression') return ['this'];
  if (callee.type === 'ChainExpression') return calleePath(callee.expression);
  if (callee.type === 'MemberExpression') {
    const property =
      !callee.computed && callee.property.type === 'Identifier'
        ? callee.property.name
        : callee.property.type === 'Literal' && typeof callee.property.value === 'string'
          ? callee.property.value
          : undefined;
    if (property === undefined) return undefined;
    const object = calleePath(callee.object);
    return object ? [...object, property] : [property];
  }
  return undefined;
}

function propertyName(node: TSESTree.Property): string | undefined {
  if (!node.computed && node.key.type === 'Identifier') return node.key.name;
  if (node.key.type === 'Literal' && typeof node.key.value === 'string') return node.key.value;
  return undefined;
}
