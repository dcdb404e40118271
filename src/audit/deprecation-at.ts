import { factsOfText } from '../extract/file-facts.js';
import { readFileRoles } from '../extract/roles.js';
import type { DeprecationDetails } from './lockfile-additions.js';

/**
 * What one version of a registry file says about a role's deprecation (reason, replaced_by), read
 * statically from its text alone: the history has no working tree to resolve imports against, so a
 * value imported from another file is left unsaid rather than guessed.
 */
export function deprecationIn(file: string, text: string, roleId: string, idPattern: RegExp): DeprecationDetails | undefined {
  const facts = factsOfText(file, text);
  const { roles } = readFileRoles(
    facts,
    {
      factsOf: (target) => (target === file ? facts : undefined),
      resolveImport: () => ({ problem: 'imports are not followed in the history' }),
      displayName: (target) => target,
    },
    idPattern,
  );
  const deprecation = roles.find((role) => role.roleId === roleId)?.deprecation;
  if (!deprecation) return undefined;
  return {
    ...(deprecation.reason !== undefined ? { reason: deprecation.reason } : {}),
    ...(deprecation.replacedBy !== undefined ? { replacedBy: deprecation.replacedBy } : {}),
  };
}
