import { registryRule } from './registry-rule.js';

/**
 * Declarations the engine can read without guessing: valid ids and contract ids, the right shapes,
 * statically resolvable values, one declaration per contract id, a replaced_by that names a role.
 */
export default registryRule({
  name: 'valid-declaration',
  description: 'Require role declarations with valid ids, contract ids, shapes and static values',
  codes: ['ROLE_ID_INVALID', 'CONTRACT_ID_INVALID', 'CONTRACT_DUPLICATE', 'DECLARATION_INVALID', 'NON_STATIC_VALUE', 'REPLACED_BY_UNKNOWN'],
  suggestions: true,
});
