import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { surfaceHash } from '../../src/canonical/hashing.js';
import { IMPORT, TempProject } from '../support/temp-project.js';
import { positionOf } from '../support/text.js';
import { CREW, EXEC, expectCli, Studio } from '../support/studio.js';

/** init, lock, hash, status, config discovery and exit codes, through the built CLI. */

describe('init', () => {
  const ROLES = `${IMPORT}export const b = defineRole({ role_id: 'beta', aliases: ['zeta', 'alef'], produce_contracts: [{ contract_id: 'ROLE:beta:C:1', schema_json: { type: 'string' } }] });
export const a = defineRole({ role_id: 'alpha', deprecated: true, extract_contracts: [{ contract_id: 'ROLE:alpha:X:1', schema_json: { required: ['Id', 'id', 'İd', 'ıd'], type: 'object' } }] });
`;
  const EXPECTED_LOCKFILE = `{
  "lockfileVersion": 1,
  "ruleset": 1,
  "roles": {
    "alpha": {
      "aliases": [],
      "contracts": {
        "ROLE:alpha:X:1": "${surfaceHash({ type: 'object', required: ['Id', 'id', 'İd', 'ıd'] })}"
      },
      "declaredIn": "registry/roles.ts",
      "deprecated": true
    },
    "beta": {
      "aliases": [
        "alef",
        "zeta"
      ],
      "contracts": {
        "ROLE:beta:C:1": "${surfaceHash({ type: 'string' })}"
      },
      "declaredIn": "registry/roles.ts",
      "deprecated": false
    }
  }
}
`;
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.dispose()));
  const fresh = (files: Record<string, string>): TempProject => {
    const made = new TempProject(files, { config: null, prefix: 'rr-cli-init-' });
    projects.push(made);
    return made;
  };

  it('publishes first: writes a default config and the lockfile, with deterministic bytes under any locale and time zone', () => {
    const outputs = ['C', 'tr_TR.UTF-8'].map((locale, index) => {
      const project = fresh({ 'registry/roles.ts': ROLES });
      const env = { LANG: locale, LC_ALL: locale, TZ: index === 0 ? 'UTC' : 'Pacific/Kiritimati' };
      const result = expectCli(project.cli(['init', '--include', 'registry/**/*.ts'], { env }), 0);
      expect(result.stdout).toBe(
        'Created role-registry.config.json.\nPublished 2 roles to role-registry.lock.json:\n  + role alpha\n  + role beta\n',
      );
      expect(project.read('role-registry.config.json')).toBe(
        '{\n  "include": [\n    "registry/**/*.ts"\n  ],\n  "lockfile": "role-registry.lock.json"\n}\n',
      );
      return project.read('role-registry.lock.json');
    });
    expect(outputs[0]).toBe(EXPECTED_LOCKFILE);
    expect(outputs[1]).toBe(EXPECTED_LOCKFILE);
  });

  it('refuses when a lockfile exists (exit 2), changing nothing', () => {
    const project = fresh({ 'registry/roles.ts': ROLES });
    expectCli(project.cli(['init', '--include', 'registry/**/*.ts']), 0);
    const before = readFileSync(project.path('role-registry.lock.json'));
    const result = expectCli(project.cli(['init']), 2);
    expect(result.stderr).toContain('error  LOCKFILE_INVALID  A lockfile already exists at');
    expect(result.stderr).toContain('init is for the first publish only.');
    expect(readFileSync(project.path('role-registry.lock.json')).equals(before)).toBe(true);
  });

  it('writes nothing, not even the config, when the source breaks a law (exit 1)', () => {
    const project = fresh({
      'src/roles/a.ts': `${IMPORT}export const a = defineRole({ role_id: 'alpha' });\nexport const b = defineRole({ role_id: 'alpha' });\n`,
    });
    const result = expectCli(project.cli(['init']), 1);
    expect(result.stderr).toContain('ROLE_ID_DUPLICATE  role_id `alpha` is already declared at src/roles/a.ts:2:40.');
    expect(result.stderr).toContain('src/roles/a.ts:3:40  error  ROLE_ID_DUPLICATE');
    expect(result.stderr).toContain('Nothing was written.');
    expect(() => statSync(project.path('role-registry.lock.json'))).toThrow();
    expect(() => statSync(project.path('role-registry.config.json'))).toThrow();
  });
});

describe('lock, hash, status', () => {
  const studio = new Studio('rr-cli-lock-');
  afterAll(() => studio.dispose());
  beforeEach(() => studio.reset());
  const lockfile = (): Buffer => readFileSync(studio.path('role-registry.lock.json'));

  it('hash of the source equals hash --lockfile when check passes; --snapshot prints the canonical text', () => {
    const source = expectCli(studio.cli(['hash']), 0).stdout;
    expect(source).toMatch(/^[0-9a-f]{64}\n$/);
    expect(expectCli(studio.cli(['hash', '--lockfile']), 0).stdout).toBe(source);
    const snapshot = expectCli(studio.cli(['hash', '--snapshot']), 0).stdout;
    expect(
      snapshot.startsWith('{"format":"role-registry.snapshot/1","roles":{"colorist":{"aliases":[],"contracts":{},"deprecated":false},'),
    ).toBe(true);
    expect(snapshot.endsWith('}\n')).toBe(true);
  });

  it('records additions, aliases, deprecations and contract versions, then has nothing to record', () => {
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("aliases: ['cutter']", "aliases: ['cutter', 'splicer']").replace(
        "role_id: 'colorist',",
        "role_id: 'colorist', deprecated: true,",
      ) + "export const grip = rr.defineRole({ role_id: 'grip' });\n",
    );
    studio.write(
      'src/roles/exec.ts',
      EXEC.replace(
        "produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'object', required: ['body'] } }]",
        "produce_contracts: [{ contract_id: 'ROLE:producer:C:2', schema_json: { type: 'object', required: ['body', 'cast'] } }]",
      ),
    );
    const status = expectCli(studio.cli(['status']), 0);
    const expectedChanges = [
      '  ~ role colorist deprecated',
      '  + alias splicer → editor',
      '  + role grip',
      '  + contract ROLE:producer:C:2',
      '  ~ contract ROLE:producer:C:1 retired (superseded; its id stays reserved)',
    ];
    // A new version is compared with the locked version before it (recovered from git: C:1 left the source).
    const statusChanges = [
      ...expectedChanges.slice(0, 4),
      '      compared with `ROLE:producer:C:1`:',
      "      narrowing: breaks no reader of `ROLE:producer:C:2`'s output: it emits only documents it could emit before.",
      '      add /required/-: "cast" (narrowing)',
      expectedChanges[4],
    ];
    expect(status.stdout).toBe(
      `5 roles declared in 2 files; 4 roles locked.\n\`role-registry lock\` would record:\n${statusChanges.join('\n')}\n`,
    );
    expectCli(studio.cli(['check']), 1);
    const locked = expectCli(studio.cli(['lock']), 0);
    expect(locked.stdout).toBe(`Recorded in role-registry.lock.json:\n${expectedChanges.join('\n')}\n`);
    const lock = JSON.parse(lockfile().toString('utf8'));
    expect(lock.roles.grip).toEqual({ aliases: [], contracts: {}, declaredIn: 'src/roles/crew.ts', deprecated: false });
    expect(lock.roles.colorist.deprecated).toBe(true);
    expect(lock.roles.editor.aliases).toEqual(['cutter', 'splicer']);
    expect(Object.keys(lock.roles.producer.contracts)).toEqual(['ROLE:producer:C:2', 'ROLE:producer:X:2']);
    expect(Object.keys(lock.roles.producer.retiredContracts)).toEqual(['ROLE:producer:C:1', 'ROLE:producer:X:1']);
    expect(expectCli(studio.cli(['lock']), 0).stdout).toBe('✔ The lockfile is up to date: nothing to record.\n');
    expectCli(studio.cli(['check']), 0);
  });

  it('refuses with the findings while a law is broken, leaving the lockfile byte-identical (exit 1)', () => {
    const before = lockfile();
    const mtime = statSync(studio.path('role-registry.lock.json')).mtimeMs;
    studio.write(
      'src/roles/crew.ts',
      CREW.replace("  aliases: ['cutter'],\n", '') + "export const grip = rr.defineRole({ role_id: 'grip' });\n",
    );
    const result = expectCli(studio.cli(['lock']), 1);
    expect(result.stderr).toContain('ALIAS_REMOVED  Alias `cutter` of role `editor` is locked but no longer declared.');
    expect(result.stderr).not.toContain('LOCK_OUTDATED');
    expect(result.stderr.endsWith('The lockfile was not changed.\n')).toBe(true);
    expect(result.stdout).toBe('');
    expect(lockfile().equals(before)).toBe(true);
    expect(statSync(studio.path('role-registry.lock.json')).mtimeMs).toBe(mtime);
    const status = expectCli(studio.cli(['status']), 0);
    expect(status.stdout).toContain('`role-registry lock` would record:\n  + role grip\n');
    expect(status.stdout).toContain('It would refuse until these are fixed:\nsrc/roles/crew.ts:');
  });

  it('hash refuses (exit 1) while a value cannot be resolved, and differs from the lockfile while additions are unlocked', () => {
    const locked = expectCli(studio.cli(['hash', '--lockfile']), 0).stdout;
    studio.write('src/roles/crew.ts', `${CREW}export const grip = rr.defineRole({ role_id: 'grip' });\n`);
    expect(expectCli(studio.cli(['hash']), 0).stdout).not.toBe(locked);
    studio.write('src/roles/crew.ts', CREW.replace("{ type: 'string' }", 'items()'));
    const result = expectCli(studio.cli(['hash']), 1);
    expect(result.stderr).toContain('NON_STATIC_VALUE');
    expect(result.stderr).toContain('No registry hash: the declarations above are not all resolved and unambiguous.');
    expect(result.stdout).toBe('');
  });

  it('lock without a lockfile refuses (exit 2) and says to restore it', () => {
    studio.remove('role-registry.lock.json');
    const result = expectCli(studio.cli(['lock']), 2);
    expect(result.stderr).toContain('LOCKFILE_INVALID  There is no lockfile at');
    expect(result.stderr).toContain('restore it from git');
  });

  it('check without a lockfile refuses (exit 2): nothing is published to check against', () => {
    studio.remove('role-registry.lock.json');
    const result = expectCli(studio.cli(['check']), 2);
    expect(result.stderr).toContain('LOCKFILE_INVALID  There is no lockfile at');
    expect(result.stdout).toBe('');
  });

  it('finds the config from a subdirectory upward, reporting paths relative to where it runs', () => {
    const text = CREW.replace("  aliases: ['cutter'],\n", '');
    studio.write('src/roles/crew.ts', text);
    const at = positionOf(text, "'editor'");
    const result = expectCli(studio.cli(['check'], { cwd: studio.path('src/roles') }), 1);
    expect(result.stdout.split('\n')[0]).toBe(
      `crew.ts:${at.line}:${at.column}  error  ALIAS_REMOVED  Alias \`cutter\` of role \`editor\` is locked but no longer declared.`,
    );
    expectCli(studio.cli(['--cwd', 'src', 'check']), 1);
  });

  it('exits 2 on a file that does not parse, still checking the others', () => {
    const text = `${CREW}export const broken = rr.defineRole({ role_id: 'broken' ;\n`;
    studio.write('src/roles/crew.ts', text);
    const broken = positionOf(text, "'broken' ;");
    const at = { line: broken.line, column: broken.column + "'broken' ".length };
    studio.write('src/roles/exec.ts', EXEC.replace("  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", ''));
    const result = expectCli(studio.cli(['check']), 2);
    const lines = result.stdout.split('\n').filter((line) => line.includes('  error  '));
    expect(lines).toEqual([
      `src/roles/crew.ts:${at.line}:${at.column}  error  SOURCE_UNPARSEABLE  src/roles/crew.ts does not parse as TypeScript: ',' expected.`,
      expect.stringMatching(/^src\/roles\/exec\.ts:\d+:\d+  error  DEPRECATION_REVERTED  Role `legacy_director` is locked as deprecated/),
    ]);
  });

  it('exits 2 on usage errors and a missing config', () => {
    expect(expectCli(studio.cli(['frobnicate']), 2).stderr).toContain("unknown command 'frobnicate'");
    expect(expectCli(studio.cli(['check', '--bogus']), 2).stderr).toContain("unknown option '--bogus'");
    const outside = new TempProject({}, { config: null, prefix: 'rr-cli-noconfig-' });
    try {
      const result = expectCli(outside.cli(['check']), 2);
      expect(result.stderr).toContain(`CONFIG_INVALID  No role-registry.config.json in ${outside.dir} or any parent directory.`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      outside.dispose();
    }
  });

  it('prints the same hash bytes under another locale and time zone', () => {
    const plain = expectCli(studio.cli(['hash', '--snapshot'], { env: { LANG: 'C', LC_ALL: 'C', TZ: 'UTC' } }), 0).stdout;
    const turkish = expectCli(
      studio.cli(['hash', '--snapshot'], { env: { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TZ: 'Asia/Kathmandu' } }),
      0,
    ).stdout;
    expect(turkish).toBe(plain);
    expect(path.basename(studio.dir)).toMatch(/^rr-cli-lock-/);
  });
});
