// Lints the plugin's rules and their RuleTester suites with eslint-plugin-eslint-plugin
// (`npm run lint:rules`; test/eslint/plugin.test.ts runs it too).
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/meta-property-ordering': 'error',
      'eslint-plugin/no-property-in-node': 'off',
      // Every rule declares meta.defaultOptions, `[]` when it has no options, so tools read one shape;
      // this rule would forbid the empty one (rules with options are checked by plugin.test.ts).
      'eslint-plugin/require-meta-default-options': 'off',
      'eslint-plugin/prefer-placeholders': 'error',
      'eslint-plugin/prefer-replace-text': 'error',
      'eslint-plugin/no-incomplete-meta-schema': 'error',
      'eslint-plugin/no-incorrect-meta-schema': 'error',
    },
  },
  { files: ['test/eslint/rules/**/*.ts'], ...eslintPlugin.configs['tests-recommended'] },
];
