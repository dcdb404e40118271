import type { ESLint, Linter, Rule } from 'eslint';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../src/core/version.js';
import { registryStateKey } from '../src/lint/lint-sessions.js';
import lockfileEntries from './lockfile-entries.js';
import lockfileUpToDate from './lockfile-up-to-date.js';
import noAliasReference from './no-alias-reference.js';
import noContractDrift from './no-contract-drift.js';
import noRemovedAlias from './no-removed-alias.js';
import noRemovedContract from './no-removed-contract.js';
import noRemovedRole from './no-removed-role.js';
import noReusedId from './no-reused-id.js';
import noRevertedDeprecation from './no-reverted-deprecation.js';
import validDeclaration from './valid-declaration.js';
import validRegistryInput from './valid-registry-input.js';

/** The namespace users register the plugin under, and the prefix of its rule ids. */
const PLUGIN_NAMESPACE = 'role-registry';

const rules = {
  'lockfile-entries': lockfileEntries,
  'lockfile-up-to-date': lockfileUpToDate,
  'no-alias-reference': noAliasReference,
  'no-contract-drift': noContractDrift,
  'no-removed-alias': noRemovedAlias,
  'no-removed-contract': noRemovedContract,
  'no-removed-role': noRemovedRole,
  'no-reused-id': noReusedId,
  'no-reverted-deprecation': noRevertedDeprecation,
  'valid-declaration': validDeclaration,
  'valid-registry-input': validRegistryInput,
};

type RuleName = keyof typeof rules;

/** Every rule for TypeScript sources; `lockfile-entries` reads the JSON lockfile and has its own config. */
const RECOMMENDED_SEVERITY: Record<Exclude<RuleName, 'lockfile-entries'>, Linter.RuleSeverity> = {
  // An addition waiting for `role-registry lock` is a normal state while editing; `check` blocks it in CI.
  'lockfile-up-to-date': 'warn',
  // A reference through an alias still resolves; it is autofixable, not a broken law.
  'no-alias-reference': 'warn',
  'no-contract-drift': 'error',
  'no-removed-alias': 'error',
  'no-removed-contract': 'error',
  'no-removed-role': 'error',
  'no-reused-id': 'error',
  'no-reverted-deprecation': 'error',
  'valid-declaration': 'error',
  'valid-registry-input': 'error',
};

/**
 * The TypeScript files ESLint lints with the plugin's rules. Registry files are TypeScript; naming the
 * extensions keeps the rules off other languages (JSON, Markdown), which they do not support.
 */
const RECOMMENDED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

/**
 * The plugin's part of `settings['role-registry']` in its configs. ESLint's `--cache` keys a file's
 * results with a hash of the file's config, which serialises settings with `toJSON`: this one adds
 * the state of the registries in reach, so a change anywhere in a registry (the lockfile, another
 * file, the config) invalidates every cached result, and an unchanged registry keeps them all.
 * ESLint merges the user's `settings['role-registry']` into this object (own keys are copied),
 * so the method sees the `configFile` in force.
 */
const REGISTRY_STATE_SETTING = {
  toJSON(this: Record<string, unknown>): Record<string, unknown> {
    const { toJSON: _method, ...own } = this;
    return { ...own, registryState: registryStateKey(own) };
  },
};

const plugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION, namespace: PLUGIN_NAMESPACE },
  // typescript-eslint types a rule's context with the methods ESLint 10 removed (getAncestors, …);
  // the rules use none of them, so the rule objects are ESLint rules as they are.
  rules: rules as unknown as Record<RuleName, Rule.RuleModule>,
  configs: {} as { recommended: Linter.Config; lockfile: Linter.Config },
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: `${PLUGIN_NAMESPACE}/recommended`,
  files: RECOMMENDED_FILES,
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  settings: { [PLUGIN_NAMESPACE]: REGISTRY_STATE_SETTING },
  rules: Object.fromEntries(Object.entries(RECOMMENDED_SEVERITY).map(([name, severity]) => [`${PLUGIN_NAMESPACE}/${name}`, severity])),
};

/*
 * Squiggles the broken entries in the lockfile itself. It lints JSON with @eslint/json's language,
 * which the user registers (`plugins: { json }`); the findings stay reported in TypeScript files too.
 */
plugin.configs.lockfile = {
  name: `${PLUGIN_NAMESPACE}/lockfile`,
  files: ['**/role-registry.lock.json'],
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  language: 'json/json',
  settings: { [PLUGIN_NAMESPACE]: REGISTRY_STATE_SETTING },
  rules: { [`${PLUGIN_NAMESPACE}/lockfile-entries`]: 'error' },
};

/*
 * Only the plugin is exported: `import` gets it as the default export, and `require()` (Node ≥ 20.19
 * loads ES modules synchronously) gets it as the module itself through the 'module.exports' name, so
 * CommonJS configs and tools such as eslint-doc-generator need no `.default`.
 */
export default plugin;
export { plugin as 'module.exports' };
