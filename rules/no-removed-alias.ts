import { registryRule } from './registry-rule.js';

/** ALIAS_REMOVED: aliases are append-only, stored references still use them. */
export default registryRule({
  name: 'no-removed-alias',
  description: 'Disallow dropping an alias that the lockfile records',
  codes: ['ALIAS_REMOVED'],
});
