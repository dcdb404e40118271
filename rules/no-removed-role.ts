import { registryRule } from './registry-rule.js';

/** ROLE_REMOVED: a locked role_id is no longer declared. Deprecation is the only way to retire a role. */
export default registryRule({
  name: 'no-removed-role',
  description: 'Disallow removing a role that the lockfile records',
  codes: ['ROLE_REMOVED'],
});
