import { registryRule } from './registry-rule.js';

/** CONTRACT_REMOVED: a locked contract may leave the source only once a newer version replaces it. */
export default registryRule({
  name: 'no-removed-contract',
  description: 'Disallow removing a published contract that no newer version replaces',
  codes: ['CONTRACT_REMOVED'],
});
