import { registryRule } from './registry-rule.js';

/** DEPRECATION_REVERTED: deprecation is final. */
export default registryRule({
  name: 'no-reverted-deprecation',
  description: 'Disallow taking back a deprecation that the lockfile records',
  codes: ['DEPRECATION_REVERTED'],
});
