import { registryRule } from './registry-rule.js';

/**
 * A published contract id keeps its surface forever: a changed schema (CONTRACT_DRIFT) or a retired
 * id declared again with another schema (CONTRACT_REUSED). Suggests the next free version, as the
 * engine computes it.
 */
export default registryRule({
  name: 'no-contract-drift',
  description: 'Disallow changing the schema of a published contract version',
  codes: ['CONTRACT_DRIFT', 'CONTRACT_REUSED'],
  suggestions: true,
});
