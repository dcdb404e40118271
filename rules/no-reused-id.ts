import { registryRule } from './registry-rule.js';

/** One id or alias names one role, forever: duplicates, alias collisions and reuse of locked names. */
export default registryRule({
  name: 'no-reused-id',
  description: 'Disallow a role_id or alias that names two roles, now or in the lockfile',
  codes: ['ROLE_ID_DUPLICATE', 'ID_ALIAS_COLLISION', 'ID_REUSED'],
});
