import { finding, type Finding } from '../core/findings.js';
import type { SourceSpan } from '../core/model.js';

/** LOCK_OUTDATED: something declared (a role, alias, deprecation, contract) the lockfile does not record yet. */
export function lockOutdated(message: string, subject: Finding['subject'], span: SourceSpan, hint: string): Finding {
  return finding('LOCK_OUTDATED', { message, hint, subject, span });
}
