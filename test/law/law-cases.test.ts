import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/findings.js';
import { describeChange, nextLockfile } from '../../src/project/lock-update.js';
import { IMPORT, TempProject, verdicts } from '../support/temp-project.js';
import { positionOf } from '../support/text.js';

/**
 * The verdicts of the law in the cases where a careless judge goes wrong: who is blamed for a
 * shared name, what an unreadable file or field means, which findings are noise.
 */
const project = new TempProject({}, { prefix: 'rr-law-cases-' });
afterAll(() => project.dispose());
beforeEach(() => {
  if (existsSync(project.path('role-registry.lock.json'))) rmSync(project.path('role-registry.lock.json'));
});

type Files = Record<string, string>;

/** Locks `before`, then judges `after`. */
function judgeAfter(before: Files, after: Files): Finding[] {
  project.setRoles(before);
  expect(verdicts(project.inspect().findings).filter((v) => !v.startsWith('LOCK_OUTDATED'))).toEqual([]);
  project.lock();
  project.setRoles(after);
  return [...project.inspect().findings];
}

const role = (fields: string, name = 'r'): string => `export const ${name} = defineRole({ ${fields} });\n`;
const file = (...roles: string[]): string => `${IMPORT}${roles.join('')}`;
const ALPHA =
  "role_id: 'alpha', aliases: ['old_a'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]";

describe('who owns a name', () => {
  it('blames only the newcomer when a locked alias is re-pointed, whatever the file order', () => {
    for (const newcomerFile of ['0.ts', 'z.ts']) {
      const gamma = file(role("role_id: 'gamma', aliases: ['old_a']", 'g'));
      const findings = judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': file(role(ALPHA)), [newcomerFile]: gamma });
      expect(verdicts(findings)).toEqual(['ID_REUSED(gamma,alias=old_a)', 'LOCK_OUTDATED(gamma)']);
      const reused = findings.find((f) => f.code === 'ID_REUSED')!;
      expect(reused.span).toMatchObject({ file: project.path(`src/roles/${newcomerFile}`), ...positionOf(gamma, "'old_a'") });
      expect(reused.message).toBe('Alias `old_a` is locked to role `alpha` and cannot be re-pointed to `gamma`.');
    }
  });

  it('blames only the new role whose id is a locked alias (the alias keeps its meaning)', () => {
    const findings = judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': file(role(ALPHA)), 'b.ts': file(role("role_id: 'old_a'")) });
    expect(verdicts(findings)).toEqual(['ID_REUSED(old_a)']);
  });

  it('reports an unlocked alias that names another declared role as a collision, once', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA), role("role_id: 'beta'", 'b')) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: ['old_a', 'beta'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]",
          ),
          role("role_id: 'beta'", 'b'),
        ),
      },
    );
    expect(verdicts(findings)).toEqual(['ID_ALIAS_COLLISION(alpha,alias=beta)']);
  });

  it('reports an alias that takes the id of a locked role that left the source as reuse (and the removal)', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA), role("role_id: 'beta'", 'b')) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: ['old_a', 'beta'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]",
          ),
        ),
      },
    );
    expect(verdicts(findings)).toEqual(['ID_REUSED(alpha,alias=beta)', 'ROLE_REMOVED(beta)']);
  });

  it('gives a shared new alias to the role that claims it first, and accepts aliases that collide with nothing', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA)), 'b.ts': file(role("role_id: 'beta'")) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: ['old_a', 'new_name'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]",
          ),
        ),
        'b.ts': file(role("role_id: 'beta', aliases: ['new_name', 'other', 'other']")),
      },
    );
    expect(verdicts(findings)).toEqual([
      'ID_ALIAS_COLLISION(beta,alias=new_name)',
      'LOCK_OUTDATED(alpha,alias=new_name)',
      'LOCK_OUTDATED(beta,alias=other)',
    ]);
    expect(findings.filter((f) => f.code === 'LOCK_OUTDATED' && f.subject.alias === 'other')).toHaveLength(1);
  });
});

describe('duplicates', () => {
  it('takes the declaration the lockfile knows as the original, and judges only it', () => {
    const original = file(role(ALPHA));
    const copy = file(
      role(
        "role_id: 'alpha', deprecated: true, extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'string' } }]",
        'copy',
      ),
    );
    const findings = judgeAfter({ 'b.ts': original }, { '0.ts': copy, 'b.ts': original });
    expect(verdicts(findings)).toEqual(['ROLE_ID_DUPLICATE(alpha)']);
    expect(findings[0]!.span?.file).toBe(project.path('src/roles/0.ts'));
    expect(findings[0]!.message).toBe(
      `role_id \`alpha\` is already declared at src/roles/b.ts:${positionOf(original, "'alpha'").line}:${positionOf(original, "'alpha'").column}.`,
    );
  });

  it('reports a repeated contract id once and judges its first declaration', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA)) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: ['old_a'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }, { contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'array' } }]",
          ),
        ),
      },
    );
    expect(verdicts(findings)).toEqual(['CONTRACT_DUPLICATE(alpha,ROLE:alpha:X:1)']);
  });
});

describe('contracts', () => {
  const bumped = (x1: string | undefined, x2 = "{ type: 'object', required: ['a'] }"): string =>
    file(
      role(
        `role_id: 'alpha', aliases: ['old_a'], extract_contracts: [${x1 === undefined ? '' : `{ contract_id: 'ROLE:alpha:X:1', schema_json: ${x1} }, `}{ contract_id: 'ROLE:alpha:X:2', schema_json: ${x2} }]`,
      ),
    );

  it('names the next free version when a locked surface drifts', () => {
    const after = file(
      role("role_id: 'alpha', aliases: ['old_a'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'array' } }]"),
    );
    const findings = judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': after });
    expect(findings.map((f) => [f.code, f.hint])).toEqual([
      ['CONTRACT_DRIFT', 'A published contract never changes: restore its schema, and bump to `ROLE:alpha:X:2` for the new surface.'],
    ]);
    expect(findings[0]!.span).toMatchObject(positionOf(after, "{ type: 'array' }"));
  });

  it('retires a superseded contract, then accepts it re-declared identically and refuses it with another surface', () => {
    judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': bumped(undefined) });
    project.lock();
    expect(project.read('role-registry.lock.json')).toContain('"retiredContracts"');
    project.setRoles({ 'a.ts': bumped("{ type: 'object' }") });
    expect(project.inspect().findings.map((f) => [f.code, f.message])).toEqual([
      ['LOCK_OUTDATED', 'Contract `ROLE:alpha:X:1` is declared again and is recorded as retired in the lockfile.'],
    ]);
    project.setRoles({ 'a.ts': bumped("{ type: 'number' }") });
    expect(project.inspect().findings.map((f) => [f.code, f.hint])).toEqual([
      ['CONTRACT_REUSED', 'A superseded contract id stays reserved with its old surface: bump to `ROLE:alpha:X:3` for this surface.'],
    ]);
  });

  it('does not call a contract moved to the other list removed: its id is invalid there', () => {
    const after = file(
      role("role_id: 'alpha', aliases: ['old_a'], produce_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]"),
    );
    const findings = judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': after });
    expect(findings.map((f) => [f.code, f.hint])).toEqual([
      [
        'CONTRACT_ID_INVALID',
        'Contract ids are ROLE:<role_id>:<X|C>:<version>; in `produce_contracts` of role `alpha` write ROLE:alpha:C:1, or move it to `extract_contracts`.',
      ],
    ]);
  });

  it('reports a contract that left without successor as removed', () => {
    const findings = judgeAfter({ 'a.ts': file(role(ALPHA)) }, { 'a.ts': file(role("role_id: 'alpha', aliases: ['old_a']")) });
    expect(findings.map((f) => [f.code, f.message])).toEqual([
      ['CONTRACT_REMOVED', 'Contract `ROLE:alpha:X:1` of role `alpha` is locked but no longer declared, and no newer version replaces it.'],
    ]);
  });
});

describe('what cannot be read is unknown, not removed', () => {
  it('does not report the roles of a file that does not parse as removed, but still reports a role deleted elsewhere', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA)), 'b.ts': file(role("role_id: 'beta'")), 'c.ts': file(role("role_id: 'gamma'")) },
      { 'a.ts': file(role(ALPHA)), 'b.ts': `${IMPORT}export const r = defineRole({ role_id: 'beta' );\n`, 'c.ts': IMPORT },
    );
    expect(verdicts(findings)).toEqual(['ROLE_REMOVED(gamma)', 'SOURCE_UNPARSEABLE()']);
  });

  it('does not report the roles of a file whose role_id cannot be read as removed', () => {
    const findings = judgeAfter({ 'b.ts': file(role("role_id: 'beta'")) }, { 'b.ts': file(role("role_id: ['beta'].join('')")) });
    expect(verdicts(findings)).toEqual(['NON_STATIC_VALUE()']);
  });

  it('still judges every readable field of a role with an unreadable one (every violation in one run)', () => {
    const before = file(
      role(
        "role_id: 'alpha', aliases: ['old_a'], deprecated: true, extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }], produce_contracts: [{ contract_id: 'ROLE:alpha:C:1', schema_json: {} }]",
      ),
    );
    const after = file(
      role(
        "role_id: 'alpha', extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'array' } }], produce_contracts: [{ contract_id: 'ROLE:alpha:C:1', schema_json: { n: Number('1') } }]",
      ),
    );
    const findings = judgeAfter({ 'a.ts': before }, { 'a.ts': after });
    expect(verdicts(findings)).toEqual([
      'ALIAS_REMOVED(alpha,alias=old_a)',
      'CONTRACT_DRIFT(alpha,ROLE:alpha:X:1)',
      'DEPRECATION_REVERTED(alpha)',
      'NON_STATIC_VALUE(alpha,ROLE:alpha:C:1)',
    ]);
  });

  it('does not call locked aliases dropped while an alias cannot be read', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA)) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: [`${'old'}_${String('a')}`], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]",
          ),
        ),
      },
    );
    expect(verdicts(findings)).toEqual(['NON_STATIC_VALUE(alpha)']);
  });
});

describe('noise', () => {
  it('does not say "not locked yet" about a thing that already has a blocking finding', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA), role("role_id: 'beta'", 'b')) },
      {
        'a.ts': file(
          role(
            "role_id: 'alpha', aliases: ['old_a', 'alpha'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { type: 'object' } }]",
          ),
          role("role_id: 'beta', deprecated: { replaced_by: 'nobody' }", 'b'),
        ),
      },
    );
    expect(verdicts(findings)).toEqual(['ID_ALIAS_COLLISION(alpha,alias=alpha)', 'REPLACED_BY_UNKNOWN(beta)']);
  });

  it('reports a shared unreadable constant once per place and subject', () => {
    project.setRoles({
      'a.ts': `${IMPORT}let T = 'object';\n${role("role_id: 'alpha', extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { a: T, b: T, c: [T] } }]")}`,
    });
    const findings = project.inspect().findings.filter((f) => f.code === 'NON_STATIC_VALUE');
    expect(findings.map((f) => [f.span?.line, f.span?.column])).toEqual([[2, 5]]);
  });
});

describe('without a lockfile', () => {
  it('reports every declared role as not locked yet, pointing at `init`', () => {
    project.setRoles({ 'a.ts': file(role(ALPHA), role("role_id: 'beta'", 'b')) });
    const findings = project.inspect().findings;
    expect(verdicts(findings)).toEqual(['LOCK_OUTDATED(alpha)', 'LOCK_OUTDATED(beta)']);
    expect(findings[0]!.hint).toBe('Run `role-registry init` for the first publish, and commit the lockfile.');
  });
});

describe('messages', () => {
  it('says what to do next and where', () => {
    const findings = judgeAfter(
      { 'a.ts': file(role(ALPHA)), 'b.ts': file(role("role_id: 'beta'")) },
      { 'a.ts': file(role(ALPHA)), 'b.ts': IMPORT },
    );
    expect(findings.map((f) => ({ code: f.code, message: f.message, hint: f.hint, declaredIn: f.declaredIn }))).toEqual([
      {
        code: 'ROLE_REMOVED',
        message: 'Role `beta` is in the lockfile but no longer declared (it was declared in src/roles/b.ts).',
        hint: "Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).",
        declaredIn: 'src/roles/b.ts',
      },
    ]);
  });
});

describe('lock', () => {
  it('records additions, aliases, deprecations, new versions, retirements and moves; never removes', () => {
    project.setRoles({ 'a.ts': file(role(ALPHA), role("role_id: 'beta'", 'b')) });
    project.lock();
    project.setRoles({
      'moved.ts': file(role("role_id: 'beta', deprecated: true, aliases: ['old_b']", 'b')),
      'a.ts': file(
        role(
          "role_id: 'alpha', aliases: ['old_a', 'older_a'], extract_contracts: [{ contract_id: 'ROLE:alpha:X:2', schema_json: { type: 'object', required: ['x'] } }], produce_contracts: [{ contract_id: 'ROLE:alpha:C:1', schema_json: {} }]",
        ),
        role("role_id: 'gamma'", 'g'),
      ),
    });
    const registry = project.registry();
    const state = registry.inspect();
    expect(state.findings.every((f) => f.code === 'LOCK_OUTDATED')).toBe(true);
    const { lock, changes } = nextLockfile(state.source.roles, state.lock, registry.context);
    expect(changes.map(describeChange)).toEqual([
      '+ alias older_a → alpha',
      '+ contract ROLE:alpha:X:2',
      '+ contract ROLE:alpha:C:1',
      '~ contract ROLE:alpha:X:1 retired (superseded; its id stays reserved)',
      '~ role beta now declared in src/roles/moved.ts (was src/roles/a.ts)',
      '+ alias old_b → beta',
      '~ role beta deprecated',
      '+ role gamma',
    ]);
    expect([...lock.roles.keys()]).toEqual(['alpha', 'beta', 'gamma']);
    const alpha = lock.roles.get('alpha')!;
    expect(alpha.aliases).toEqual(['old_a', 'older_a']);
    expect([...alpha.contracts.keys()]).toEqual(['ROLE:alpha:X:2', 'ROLE:alpha:C:1']);
    expect([...alpha.retiredContracts.keys()]).toEqual(['ROLE:alpha:X:1']);
    expect(lock.roles.get('beta')).toMatchObject({ deprecated: true, aliases: ['old_b'], declaredIn: 'src/roles/moved.ts' });
    expect(lock.ruleset).toBe(state.lock!.ruleset);
  });
});
