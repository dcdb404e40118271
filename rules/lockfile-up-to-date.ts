import { registryRule } from './registry-rule.js';

/** LOCK_OUTDATED: additions the lockfile does not record yet; the message names `role-registry lock`. */
export default registryRule({
  name: 'lockfile-up-to-date',
  description: 'Require the lockfile to record every role, alias, deprecation and contract version declared',
  codes: ['LOCK_OUTDATED'],
});
