// One lint for the repository (`npm run lint`, run by `npm test` before the tests):
// - the layers of src/ (docs/architecture.md): a folder imports only from folders below it, never
//   from a peer or from above, and no file takes part in an import cycle;
// - the plugin's rules and their RuleTester suites, with eslint-plugin-eslint-plugin.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, bottom-up. Folders of one layer are peers: neither imports the other. Adding a
 * folder to src/ means adding it here, at the height of what it imports.
 */
export const LAYERS = [
  ['core'],
  ['support'],
  ['canonical'],
  ['extract'],
  ['source'],
  ['lockfile'],
  ['law'],
  ['report'],
  ['project'],
  ['audit', 'merge'],
  ['provenance'],
  ['lint'],
  ['codemods'],
  ['cli'],
];

/** Each folder's zone: everything above it and its peers, the public entry, and the adapters. */
function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, height) => {
    const above = LAYERS.slice(height + 1).flat();
    for (const folder of layer) {
      const peers = layer.filter((other) => other !== folder);
      zones.push({
        target: `./src/${folder}`,
        from: [...above, ...peers].map((other) => `./src/${other}`).concat('./src/index.ts', './rules', './transformer'),
        message: `src/${folder} sits below these folders (see LAYERS in eslint.config.js and docs/architecture.md): move the shared piece down instead.`,
      });
    }
  });
  // The adapters stand on the engine and beside each other: neither imports the other, and the engine imports neither.
  zones.push({
    target: './rules',
    from: ['./transformer', './src/cli', './src/codemods'],
    message: 'The ESLint rules are a thin adapter over src/lint and below.',
  });
  zones.push({
    target: './transformer',
    from: ['./rules', './src/cli', './src/codemods', './src/lint'],
    message: 'The transformer is a thin adapter over src/provenance and below.',
  });
  return zones;
}

export default [
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', 'docs/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts', 'transformer/**/*.ts', 'test/**/*.{ts,js,mjs}', 'bench/**/*.{js,mjs}', '*.{js,ts}'],
    plugins: { 'import-x': importX },
    settings: {
      // Dependencies are parsed to follow cycles: TypeScript files too, with the TypeScript parser.
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Specifiers name `.js` files that are `.ts` in the source (NodeNext).
      'import-x/resolver-next': [
        createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] }, conditionNames: ['import', 'node', 'default'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones() }],
    },
  },
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
