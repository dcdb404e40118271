import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TempProject } from '../support/temp-project.js';
import { CONFIG, CREW, EXEC, expectCli, Studio } from '../support/studio.js';

/**
 * `check --against <ref>`: the lockfile is append-only against the lockfile at a base git ref, so
 * a role deleted from the source AND the lockfile on a branch is still caught.
 */
const studio = new Studio('rr-cli-against-');
afterAll(() => studio.dispose());
beforeEach(() => studio.reset());

/** Edits the committed lockfile as a careless (or malicious) change would. */
function editLockfile(
  change: (lock: { roles: Record<string, { aliases: string[]; contracts: Record<string, string>; deprecated: boolean }> }) => void,
): void {
  const lock = JSON.parse(studio.read('role-registry.lock.json'));
  change(lock);
  studio.write('role-registry.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
}

describe('check --against', () => {
  it('catches a role deleted from both the source and the lockfile on a branch', () => {
    studio.git('checkout', '-q', '-b', 'drop-colorist');
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n", ''),
    );
    editLockfile((lock) => delete lock.roles['colorist']);
    studio.commit('drop colorist');

    // The lockfile alone cannot see it: source and lockfile agree.
    expectCli(studio.cli(['check']), 0);
    const result = expectCli(studio.cli(['check', '--against', 'main']), 1);
    expect(result.stdout).toBe(
      [
        'src/roles/crew.ts  error  BASELINE_REGRESSION  Role `colorist` is in the lockfile at main but gone from the lockfile here.',
        '    → Restore it from main (git show main:<lockfile>): entries that were published stay forever. Then restore its declaration and deprecate it instead of deleting it.',
        '',
        '✖ 1 problem (1 error, 0 warnings)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(expectCli(studio.cli(['check', '--against', 'main', '--format', 'json']), 1).stdout);
    expect(json).toMatchObject({
      against: 'main',
      ok: false,
      findings: [{ code: 'BASELINE_REGRESSION', subject: { roleId: 'colorist' }, file: 'src/roles/crew.ts' }],
    });
  });

  it('catches a changed surface, a dropped alias and a reverted deprecation rewritten into the lockfile', () => {
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("  aliases: ['cutter'],\n", '').replace("{ type: 'array', items: { type: 'string' } }", "{ type: 'array' }"),
    );
    studio.write('src/roles/exec.ts', EXEC.replace("  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", ''));
    editLockfile((lock) => {
      lock.roles['editor']!.aliases = [];
      lock.roles['editor']!.contracts['ROLE:editor:X:1'] = '0'.repeat(64);
      lock.roles['legacy_director']!.deprecated = false;
    });
    // The source no longer matches the doctored lockfile's hash, so check (without --against) says drift too.
    const json = JSON.parse(expectCli(studio.cli(['check', '--against', 'base', '--format', 'json']), 1).stdout);
    expect(json.findings.map((f: { code: string; subject: object }) => [f.code, f.subject])).toEqual([
      ['BASELINE_REGRESSION', { roleId: 'editor', contractId: 'ROLE:editor:X:1' }],
      ['BASELINE_REGRESSION', { roleId: 'editor', alias: 'cutter' }],
      ['CONTRACT_DRIFT', { roleId: 'editor', contractId: 'ROLE:editor:X:1' }],
      ['BASELINE_REGRESSION', { roleId: 'legacy_director' }],
    ]);
  });

  it('uses baseRef from the config by default, and --no-against turns it off', () => {
    studio.write('role-registry.config.json', `${JSON.stringify({ include: ['src/roles/**/*.ts'], baseRef: 'base' })}\n`);
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n", ''),
    );
    editLockfile((lock) => delete lock.roles['colorist']);
    expect(expectCli(studio.cli(['check']), 1).stdout).toContain('BASELINE_REGRESSION  Role `colorist` is in the lockfile at base');
    expectCli(studio.cli(['check', '--no-against']), 0);
  });

  it('says there is nothing to compare at a ref without a lockfile', () => {
    studio.git('checkout', '-q', '--orphan', 'empty');
    studio.git('rm', '-q', '-r', '--cached', '.');
    studio.git('commit', '-q', '--allow-empty', '-m', 'empty');
    studio.git('checkout', '-q', '-f', 'main');
    const result = expectCli(studio.cli(['check', '--against', 'empty']), 0);
    expect(result.stdout).toMatch(
      /the source agrees with the lockfile \(no lockfile at empty: nothing to compare there\)\. Registry hash [0-9a-f]{64}\.\n$/,
    );
  });

  it('exits 2 for a ref that does not exist, and outside a git repository', () => {
    const missing = expectCli(studio.cli(['check', '--against', 'no-such-branch']), 2);
    expect(missing.stderr).toContain('BASELINE_UNAVAILABLE  --against no-such-branch: no such commit, branch or tag in this repository.');
    const outside = new TempProject(
      { 'src/roles/a.ts': "import { defineRole } from 'role-registry';\nexport const a = defineRole({ role_id: 'a' });\n" },
      { config: CONFIG, prefix: 'rr-cli-nogit-' },
    );
    try {
      expectCli(outside.cli(['init']), 0);
      const result = expectCli(outside.cli(['check', '--against', 'main']), 2);
      expect(result.stderr).toContain('BASELINE_UNAVAILABLE  --against main:');
      expect(result.stderr).toContain('is not inside a git repository.');
    } finally {
      outside.dispose();
    }
  });
});
