import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CREW, expectCli, Studio, textLine } from '../support/studio.js';
import { git, STACK_TRACE } from '../support/cli.js';

/**
 * The baseline is found through the base's OWN config, and the lockfile is followed wherever the
 * config moved it (check --against, audit); git in odd environments says what is wrong.
 * Real git repositories, the built CLI.
 */
const studio = new Studio('rr-moved-lockfile-');
const scratch: string[] = [];
afterAll(() => {
  studio.dispose();
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
});
beforeEach(() => {
  studio.reset();
  for (const name of ['meta', 'registry', 'app']) rmSync(studio.path(name), { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  scratch.push(directory);
  return directory;
}

const COLORIST = "export const colorist = rr.defineRole({ role_id: 'colorist', display_name: 'Colorist' });\n";

function configNaming(lockfile: string): string {
  return `${JSON.stringify({ include: ['src/roles/**/*.ts'], lockfile }, null, 2)}\n`;
}

/** Drops `colorist` from the source and from the lockfile at `lockfile`: the tamper the baseline exists to catch. */
function dropColorist(lockfile: string): void {
  studio.write('src/roles/crew.ts', CREW.replace(COLORIST, ''));
  const lock = JSON.parse(studio.read(lockfile)) as { roles: Record<string, unknown> };
  delete lock.roles['colorist'];
  studio.write(lockfile, `${JSON.stringify(lock, null, 2)}\n`);
}

function head(): string {
  return studio.git('rev-parse', 'HEAD').trim();
}

const REMOVAL = 'BASELINE_REGRESSION  Role `colorist` is in the lockfile at base but gone from the lockfile here.';

describe('a lockfile moved by the config is followed (check --against, audit)', () => {
  it('git mv to another folder, a role dropped from source and lockfile in the same commit: check --against exits 1, audit fails', () => {
    mkdirSync(studio.path('meta'));
    studio.git('mv', 'role-registry.lock.json', 'meta/role-registry.lock.json');
    studio.write('role-registry.config.json', configNaming('meta/role-registry.lock.json'));
    dropColorist('meta/role-registry.lock.json');
    studio.commit('move the lockfile, drop colorist');

    expectCli(studio.cli(['check', '--no-against']), 0);
    const check = expectCli(studio.cli(['check', '--against', 'base']), 1);
    expect(check.stdout).toContain(`src/roles/crew.ts  error  ${REMOVAL}`);

    const audit = expectCli(studio.cli(['audit']), 1);
    const moved = head().slice(0, 10);
    expect(audit.stdout).toContain(`${moved}  `);
    expect(audit.stdout).toContain('BASELINE_REGRESSION  Role `colorist` is in the lockfile at');
    expect(audit.stdout).toContain('✖ 1 commit broke the append-only law of meta/role-registry.lock.json');
    const json = JSON.parse(expectCli(studio.cli(['audit', '--format', 'json']), 1).stdout) as {
      breaks: { commit: string; findings: { subject: object }[] }[];
    };
    expect(json.breaks.map((b) => [b.commit, b.findings.map((f) => f.subject)])).toEqual([[head(), [{ roleId: 'colorist' }]]]);
  });

  it('a move done over two commits (copy and re-point the config, then delete the old file and drop a role)', () => {
    mkdirSync(studio.path('registry'));
    studio.write('registry/roles.lock.json', studio.read('role-registry.lock.json'));
    studio.write('role-registry.config.json', configNaming('registry/roles.lock.json'));
    studio.commit('copy the lockfile, point the config at the copy');
    const copied = head();
    studio.remove('role-registry.lock.json');
    dropColorist('registry/roles.lock.json');
    studio.commit('drop the old lockfile and colorist');

    expect(expectCli(studio.cli(['check', '--against', 'base']), 1).stdout).toContain(REMOVAL);
    expectCli(studio.cli(['check', '--against', copied]), 1);
    const audit = expectCli(studio.cli(['audit', '--format', 'json']), 1);
    const report = JSON.parse(audit.stdout) as { commits: number; breaks: { commit: string; parent: string }[] };
    expect(report.commits).toBe(3);
    expect(report.breaks.map((b) => [b.commit, b.parent])).toEqual([[head(), copied]]);
  });

  it('a lockfile renamed in the same folder, with a role dropped', () => {
    studio.git('mv', 'role-registry.lock.json', 'roles.lock.json');
    studio.write('role-registry.config.json', configNaming('roles.lock.json'));
    dropColorist('roles.lock.json');
    studio.commit('rename the lockfile, drop colorist');
    expect(expectCli(studio.cli(['check', '--against', 'base']), 1).stdout).toContain(REMOVAL);
    expect(expectCli(studio.cli(['audit']), 1).stdout).toContain('BASELINE_REGRESSION  Role `colorist`');
  });

  it('the whole project moved to a folder (config, lockfile and sources), a role dropped on the way', () => {
    mkdirSync(studio.path('app'));
    for (const file of ['role-registry.config.json', 'role-registry.lock.json', 'src']) studio.git('mv', file, `app/${file}`);
    studio.write('app/src/roles/crew.ts', CREW.replace(COLORIST, ''));
    const lock = JSON.parse(studio.read('app/role-registry.lock.json')) as { roles: Record<string, unknown> };
    delete lock.roles['colorist'];
    studio.write('app/role-registry.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
    studio.commit('move the project into app/, drop colorist');
    const app = studio.path('app');
    expectCli(studio.cli(['check', '--no-against'], { cwd: app }), 0);
    expect(expectCli(studio.cli(['check', '--against', 'base'], { cwd: app }), 1).stdout).toContain(REMOVAL);
    const audit = JSON.parse(expectCli(studio.cli(['audit', '--format', 'json'], { cwd: app }), 1).stdout) as {
      breaks: { commit: string; findings: { subject: object }[] }[];
    };
    expect(audit.breaks.map((b) => [b.commit, b.findings.map((f) => f.subject)])).toEqual([[head(), [{ roleId: 'colorist' }]]]);
  });

  it('a move that keeps every entry passes both', () => {
    studio.git('mv', 'role-registry.lock.json', 'roles.lock.json');
    studio.write('role-registry.config.json', configNaming('roles.lock.json'));
    studio.commit('rename the lockfile');
    expect(expectCli(studio.cli(['check', '--against', 'base']), 0).stdout).toContain('and with the lockfile at base.');
    expectCli(studio.cli(['audit']), 0);
  });

  it('a base whose config names a lockfile that is not there is exit 2, never "nothing to compare"', () => {
    studio.git('checkout', '-q', '-b', 'no-lockfile');
    studio.git('rm', '-q', 'role-registry.lock.json');
    studio.commit('lose the lockfile');
    studio.git('checkout', '-q', 'main');
    const result = expectCli(studio.cli(['check', '--against', 'no-lockfile']), 2);
    expect(result.stderr).toBe(
      'role-registry.lock.json  error  BASELINE_UNAVAILABLE  --against no-lockfile: role-registry.config.json at no-lockfile names the lockfile role-registry.lock.json, but there is no such file at no-lockfile.\n' +
        '    → Restore the lockfile on no-lockfile (git log --all -- role-registry.lock.json shows where it went), or compare against a ref where it was committed.\n\n' +
        '✖ 1 problem (1 error, 0 warnings)\n',
    );
    expect(result.stdout).toBe('');
  });
});

describe('a base whose own config cannot be used', () => {
  it("is exit 2 for check --against (the base config validated as today's is), a break for audit", () => {
    studio.git('checkout', '-q', '-b', 'bad-config');
    studio.write('role-registry.config.json', configNaming('../outside.lock.json'));
    studio.commit('point the lockfile outside');
    const bad = head();
    studio.git('checkout', '-q', 'main');
    const result = expectCli(studio.cli(['check', '--against', 'bad-config']), 2);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'role-registry.lock.json  error  BASELINE_UNAVAILABLE  --against bad-config: role-registry.config.json at bad-config: The config is invalid at line 5, column 15: the lockfile path "../outside.lock.json" is outside the project root.',
      '    → Keep the lockfile inside the directory of the config file.',
    ]);
    const audit = JSON.parse(expectCli(studio.cli(['audit', '--to', 'bad-config', '--format', 'json']), 1).stdout) as {
      commitsChangingLockfile: number;
      breaks: { commit: string; parent: null; findings: { code: string; file: string; line: number }[] }[];
    };
    expect(audit.breaks).toMatchObject([
      { commit: bad, parent: null, findings: [{ code: 'CONFIG_INVALID', file: 'role-registry.config.json', line: 5 }] },
    ]);
    expect(audit.commitsChangingLockfile).toBe(2);
  });
});

describe('a lockfile path with a symbolic link in it is refused', () => {
  it("on disk: a `meta -> .` folder link in the config's lockfile path is a located CONFIG_INVALID", () => {
    symlinkSync('.', studio.path('meta'));
    const config = configNaming('meta/role-registry.lock.json');
    studio.write('role-registry.config.json', config);
    for (const args of [['check'], ['check', '--against', 'base'], ['lock'], ['audit']]) {
      const result = expectCli(studio.cli(args), 2);
      expect(result.stderr.split('\n')[0]).toBe(
        textLine(
          'role-registry.config.json',
          config,
          '"meta/role-registry.lock.json"',
          'CONFIG_INVALID',
          'The config is invalid at line 5, column 15: the lockfile path "meta/role-registry.lock.json" goes through meta, which is a symbolic link to a folder.',
        ),
      );
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it('on disk: a lockfile that is itself a link inside the project, and paths that are not plain', () => {
    studio.git('mv', 'role-registry.lock.json', 'real.lock.json');
    symlinkSync('real.lock.json', studio.path('role-registry.lock.json'));
    const link = expectCli(studio.cli(['check']), 2);
    expect(link.stderr).toContain(
      'role-registry.config.json:1:1  error  CONFIG_INVALID  The config is invalid at line 1, column 1: the lockfile path "role-registry.lock.json" goes through role-registry.lock.json, which is a symbolic link.',
    );
    for (const [value, why] of [
      ['./role-registry.lock.json', 'it has a "." segment'],
      ['meta//role-registry.lock.json', 'it has an empty folder name (a doubled, leading or trailing "/")'],
      ['meta\\role-registry.lock.json', 'it holds a backslash (use "/" between folders)'],
    ] as const) {
      studio.write('role-registry.config.json', configNaming(value));
      expect(expectCli(studio.cli(['check']), 2).stderr).toContain(`is not a plain relative path: ${why}.`);
    }
  });

  it('at the base: a committed folder link, and a committed link as the lockfile, are errors that say so', () => {
    // Committed with git directly: the tool itself refuses to work with such a layout.
    studio.git('checkout', '-q', '-b', 'linked-folder');
    symlinkSync('.', studio.path('meta'));
    studio.write('role-registry.config.json', configNaming('meta/role-registry.lock.json'));
    studio.commit('lockfile through a folder link');
    studio.git('checkout', '-q', '-f', 'main');
    studio.git('clean', '-q', '-fdx');
    const folder = expectCli(studio.cli(['check', '--against', 'linked-folder']), 2);
    expect(folder.stderr.split('\n').slice(0, 2)).toEqual([
      'role-registry.lock.json  error  BASELINE_UNAVAILABLE  --against linked-folder: meta/role-registry.lock.json at linked-folder goes through meta, which is a symbolic link: git does not follow links, so the lockfile cannot be read there.',
      '    → Name the lockfile by a plain path (no linked folder) in role-registry.config.json.',
    ]);
    const audited = JSON.parse(expectCli(studio.cli(['audit', '--to', 'linked-folder', '--format', 'json']), 1).stdout) as {
      breaks: { parent: null; findings: { code: string }[] }[];
    };
    expect(audited.breaks).toMatchObject([{ parent: null, findings: [{ code: 'BASELINE_UNAVAILABLE' }] }]);

    studio.git('checkout', '-q', '-b', 'linked-lockfile', 'base');
    studio.git('mv', 'role-registry.lock.json', 'real.lock.json');
    symlinkSync('real.lock.json', studio.path('role-registry.lock.json'));
    studio.commit('lockfile as a link');
    expect(studio.git('ls-tree', 'HEAD', 'role-registry.lock.json')).toMatch(/^120000 /);
    studio.git('checkout', '-q', '-f', 'main');
    const lockfile = expectCli(studio.cli(['check', '--against', 'linked-lockfile']), 2);
    expect(lockfile.stderr.split('\n')[0]).toBe(
      "role-registry.lock.json  error  BASELINE_UNAVAILABLE  --against linked-lockfile: role-registry.lock.json at linked-lockfile is a symbolic link: git records a link as its target's name, not the lockfile's content.",
    );
    expect(lockfile.stderr).not.toContain('real.lock.json');
  });
});

describe('odd environments', () => {
  it('--cwd, or the process directory, reaching the repository through a symbolic link', () => {
    const links = tempDir('rr-linked-cwd-');
    const link = path.join(links, 'project');
    symlinkSync(studio.dir, link);
    dropColorist('role-registry.lock.json');
    const elsewhere = tempDir('rr-elsewhere-');
    for (const run of [
      () => studio.cli(['check', '--against', 'base', '--cwd', link], { cwd: elsewhere }),
      () => studio.cli(['check', '--against', 'base'], { cwd: link, env: { PWD: link } }),
    ]) {
      expect(expectCli(run(), 1).stdout).toContain(`src/roles/crew.ts  error  ${REMOVAL}`);
    }
    studio.git('reset', '-q', '--hard');
    expect(expectCli(studio.cli(['check', '--against', 'base', '--cwd', link], { cwd: elsewhere }), 0).stdout).toContain(
      'and with the lockfile at base.',
    );
    expect(expectCli(studio.cli(['audit', '--cwd', link], { cwd: elsewhere }), 0).stdout).toContain(
      '1 commit (the first commit..HEAD), 1 of them changing role-registry.lock.json',
    );
  });

  it('git missing from PATH: said so, not "not inside a git repository"', () => {
    const bin = tempDir('rr-no-git-');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    for (const args of [['check', '--against', 'base'], ['audit']]) {
      const result = expectCli(studio.cli(args, { env: { PATH: bin } }), 2);
      expect(result.stderr.split('\n')[0]).toMatch(
        /^role-registry\.lock\.json {2}error {2}BASELINE_UNAVAILABLE {2}(--against base|audit): git is not installed or not on PATH, so the history cannot be read\.$/,
      );
      expect(result.stderr).toContain('→ Install git, or put the directory that holds it on PATH, and run again.');
      expect(result.stderr).not.toContain('not inside a git repository');
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it.skipIf(process.getuid?.() !== 0)(
    "a repository git refuses for dubious ownership: git's reason and the safe.directory fix (runs as root: the repository is given to another user)",
    () => {
      const copy = path.join(tempDir('rr-dubious-'), 'project');
      git(path.dirname(copy), 'clone', '-q', studio.dir, copy);
      chownTree(copy, 4242, 4242);
      const home = tempDir('rr-home-');
      writeFileSync(path.join(home, '.gitconfig'), '');
      const env = { HOME: home, GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
      for (const [args, purpose] of [
        [['check', '--against', 'base'], '--against base'],
        [['audit'], 'audit'],
      ] as const) {
        const result = expectCli(studio.cli(args, { cwd: copy, env }), 2);
        expect(result.stderr.split('\n').slice(0, 2)).toEqual([
          `role-registry.lock.json  error  BASELINE_UNAVAILABLE  ${purpose}: git refuses the repository: detected dubious ownership in repository at '${copy}'.`,
          `    → The repository belongs to another user; if you trust it, run \`git config --global --add safe.directory ${copy}\` (in CI containers, the checkout often belongs to another user), then run again.`,
        ]);
      }
      // The fix it gives works.
      writeFileSync(path.join(home, '.gitconfig'), `[safe]\n\tdirectory = ${copy}\n`);
      expectCli(studio.cli(['check', '--against', 'base'], { cwd: copy, env }), 0);
    },
  );

  it('audit in a shallow clone says where the history was cut; --strict then exits 2', () => {
    studio.write(
      'src/roles/grip.ts',
      "import { defineRole } from 'role-registry';\nexport const grip = defineRole({ role_id: 'grip' });\n",
    );
    expectCli(studio.cli(['lock']), 0);
    studio.commit('add grip');
    studio.write(
      'src/roles/gaffer.ts',
      "import { defineRole } from 'role-registry';\nexport const gaffer = defineRole({ role_id: 'gaffer' });\n",
    );
    expectCli(studio.cli(['lock']), 0);
    studio.commit('add gaffer');
    const clone = path.join(tempDir('rr-shallow-'), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${studio.dir}`, clone);
    const cut = git(clone, 'rev-parse', 'HEAD').trim();

    const plain = expectCli(studio.cli(['audit'], { cwd: clone }), 0);
    expect(plain.stdout).toContain(
      `⚠ The history is cut (a shallow clone) at ${cut}: the commits before it were not fetched and not audited.\n    → Fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run the audit again.\n`,
    );
    const strict = expectCli(studio.cli(['audit', '--strict'], { cwd: clone }), 2);
    expect(strict.stdout).toContain(`✖ The history is cut (a shallow clone) at ${cut}`);
    const json = expectCli(studio.cli(['audit', '--strict', '--format', 'json'], { cwd: clone }), 2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      commits: 1,
      breaks: [],
      historyCutAt: [cut],
      findings: [{ code: 'BASELINE_UNAVAILABLE', file: 'role-registry.lock.json' }],
    });
    expect(json.stderr).toBe(
      `role-registry.lock.json  error  BASELINE_UNAVAILABLE  The history is cut (a shallow clone) at ${cut}: the commits before it were not fetched and not audited.\n`,
    );
    expect(JSON.parse(expectCli(studio.cli(['audit', '--format', 'json'], { cwd: clone }), 0).stdout)).toMatchObject({
      ok: true,
      historyCutAt: [cut],
      findings: [],
    });

    // Auditing only what lies after the cut is complete: nothing to say.
    git(clone, 'fetch', '-q', '--deepen', '1');
    const parent = git(clone, 'rev-parse', 'HEAD~1').trim();
    const after = expectCli(studio.cli(['audit', '--strict', '--from', parent], { cwd: clone }), 0);
    expect(after.stdout).not.toContain('cut');
    // The full repository has no cut.
    expect(expectCli(studio.cli(['audit', '--strict']), 0).stdout).not.toContain('cut');
  });
});

function chownTree(directory: string, uid: number, gid: number): void {
  chownSync(directory, uid, gid);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) chownTree(file, uid, gid);
    else chownSync(file, uid, gid);
  }
  chmodSync(directory, 0o755);
}
