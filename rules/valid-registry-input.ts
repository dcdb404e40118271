import { registryRule } from './registry-rule.js';

/**
 * The registry's inputs must be usable: the config, the lockfile, and registry sources that parse.
 * While one is not, no other rule can judge anything, so this rule says why, once per lint run.
 */
export default registryRule({
  name: 'valid-registry-input',
  description: 'Require a readable role-registry config, lockfile and registry sources',
  codes: ['CONFIG_INVALID', 'LOCKFILE_INVALID', 'SOURCE_UNPARSEABLE', 'PATH_OUTSIDE_PROJECT'],
});
