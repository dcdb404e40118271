import { afterAll, describe, expect, it } from 'vitest';
import { CURRENT_RULESET, finding, VIOLATIONS, type ViolationCode } from '../../src/core/findings.js';
import { InputError } from '../../src/core/input-error.js';
import { findingsInForce, judge } from '../../src/law/judge.js';
import { IMPORT, TempProject, verdicts } from '../support/temp-project.js';

/**
 * A lockfile records the ruleset it was written under; laws introduced by a later ruleset are not
 * applied to it, so upgrading role-registry never silently changes what a committed lockfile means.
 */
describe('the ruleset of a lockfile', () => {
  const project = new TempProject(
    { 'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'alpha', aliases: ['old_a'] });\n` },
    { prefix: 'rr-ruleset-' },
  );
  afterAll(() => project.dispose());
  project.lock();
  project.setRoles({
    'a.ts': `${IMPORT}export const a = defineRole({ role_id: 'alpha', aliases: ['new_a'] });\nexport const b = defineRole({ role_id: 'Bad' });\n`,
  });

  it('is written by init and kept by lock', () => {
    expect(JSON.parse(project.read('role-registry.lock.json'))).toMatchObject({ lockfileVersion: 1, ruleset: CURRENT_RULESET });
  });

  it('decides which laws judge: a law newer than the lockfile is not applied, input problems always are', () => {
    // A catalogue where ALIAS_REMOVED arrived in ruleset 2: a lockfile of ruleset 1 is not judged by it.
    const catalogue = { ...VIOLATIONS, ALIAS_REMOVED: { ...VIOLATIONS.ALIAS_REMOVED, ruleset: 2 } } as Record<
      ViolationCode,
      { kind: string; ruleset: number }
    >;
    const make = (code: ViolationCode) => finding(code, { message: code, hint: '', subject: {} });
    const findings = [make('ALIAS_REMOVED'), make('LOCK_OUTDATED'), make('SOURCE_UNPARSEABLE')];
    expect(findingsInForce(findings, 1, catalogue).map((f) => f.code)).toEqual(['LOCK_OUTDATED', 'SOURCE_UNPARSEABLE']);
    expect(findingsInForce(findings, 2, catalogue).map((f) => f.code)).toEqual(['ALIAS_REMOVED', 'LOCK_OUTDATED', 'SOURCE_UNPARSEABLE']);
  });

  it('is the ruleset judge() applies, read from the lockfile', () => {
    const registry = project.registry();
    const state = registry.inspect();
    expect(verdicts(state.findings)).toEqual([
      'ALIAS_REMOVED(alpha,alias=old_a)',
      'LOCK_OUTDATED(alpha,alias=new_a)',
      'ROLE_ID_INVALID(Bad)',
    ]);
    // Every law of this release is in ruleset 1: a lockfile from before it (ruleset 0) is judged by none.
    const older = { ...state.lock!, ruleset: 0 };
    expect(judge({ source: state.source, lock: older, context: registry.context })).toEqual([]);
  });

  it('refuses a lockfile written under a newer ruleset than this release knows (exit 2, nothing judged)', () => {
    const text = project.read('role-registry.lock.json');
    project.write('role-registry.lock.json', text.replace(`"ruleset": ${CURRENT_RULESET}`, `"ruleset": ${CURRENT_RULESET + 1}`));
    try {
      expect(() => project.inspect()).toThrow(InputError);
      const result = project.cli(['check']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`role-registry.lock.json:3:14  error  LOCKFILE_INVALID`);
      expect(result.stderr).toContain(`ruleset ${CURRENT_RULESET + 1} is newer than this role-registry knows (${CURRENT_RULESET}).`);
      expect(result.stderr).toContain('Upgrade role-registry');
    } finally {
      project.write('role-registry.lock.json', text);
    }
  });
});
