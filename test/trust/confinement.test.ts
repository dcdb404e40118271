/**
 * Nothing outside the project is read, written or deleted: the built CLI on a published studio
 * next to an `outside` directory, with real symbolic links. Each refusal is exit 2, one located
 * sentence, no stack trace, and both trees (project and outside) are byte-identical afterwards.
 * (More variants, with their exact output, are entries of docs/errors.md: catalogue.test.ts.)
 */
import { mkdirSync, readdirSync, realpathSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, removeTree, runCliAsync, snapshotTree, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';
import { lockfileOf, writeStudio } from '../support/studio.js';

let template: string;
const runs: string[] = [];

beforeAll(() => {
  template = tempDir('confine-studio');
  writeStudio(template);
});

afterAll(() => {
  removeTree(template);
  for (const directory of runs) removeTree(directory);
});

/** A fresh copy of the studio at `<tmp>/project`, with an empty `<tmp>/outside`. */
function studio(): { tmp: string; project: string; outside: string } {
  const tmp = realpathSync(tempDir('confine'));
  runs.push(tmp);
  const project = path.join(tmp, 'project');
  copyTree(template, project);
  mkdirSync(path.join(tmp, 'outside'));
  return { tmp, project, outside: path.join(tmp, 'outside') };
}

const config = (json: unknown): string => `${JSON.stringify(json, null, 2)}\n`;
const EDITOR = "import { defineRole } from 'role-registry';\n\nexport const editor = defineRole({ role_id: 'editor' });\n";

/** Runs the CLI and asserts the refusal: exit 2, one located finding, nothing changed anywhere. */
async function expectRefused(tmp: string, args: readonly string[], cwd: string, located: RegExp): Promise<string> {
  const before = snapshotTree(tmp);
  const result = await runCliAsync(args, cwd);
  const output = `${result.stdout}${result.stderr}`;
  expect(output).toMatch(located);
  expect(output).toContain('✖ 1 problem (1 error, 0 warnings)');
  expect(output).not.toMatch(STACK_TRACE);
  expect(output).not.toContain('internal error');
  expect(result.code).toBe(2);
  expect(snapshotTree(tmp)).toEqual(before);
  return output;
}

describe('writers refuse paths whose real location is outside the project', () => {
  it('init: a lockfile directory linked outside gets neither a lockfile, nor a lock file, nor a temporary file', async () => {
    const { tmp, project, outside } = studio();
    unlinkSync(path.join(project, 'role-registry.lock.json'));
    mkdirSync(path.join(outside, 'meta'));
    symlinkSync('../outside/meta', path.join(project, 'meta'));
    writeFiles(project, {
      'role-registry.config.json': config({ include: ['src/roles/**/*.ts'], lockfile: 'meta/role-registry.lock.json' }),
    });
    // The config check refuses any linked component of the lockfile path before a writer runs.
    await expectRefused(
      tmp,
      ['init'],
      project,
      /^role-registry\.config\.json:5:15 {2}error {2}CONFIG_INVALID {2}.*the lockfile path "meta\/role-registry\.lock\.json" goes through meta, which is a symbolic link to a folder\./m,
    );
    expect(readdirSync(path.join(outside, 'meta'))).toEqual([]);
  });

  it('lock: an advisory lock file planted as a link to outside is neither followed, nor taken over, nor deleted', async () => {
    const { tmp, project, outside } = studio();
    writeFiles(project, { 'src/roles/editor.ts': EDITOR });
    symlinkSync('../outside/held.lock', path.join(project, 'role-registry.lock.json.lock'));
    const output = await expectRefused(
      tmp,
      ['lock', '--wait', '0'],
      project,
      /^role-registry\.lock\.json\.lock {2}error {2}PATH_OUTSIDE_PROJECT {2}The advisory lock file .* leads through a symbolic link to .*\/outside\/held\.lock/m,
    );
    expect(output).toContain('→ Delete the link');
    expect(readdirSync(outside)).toEqual([]);
  });

  it('waive and the codemods: a lockfile linked outside is refused before the advisory lock is taken', async () => {
    const { tmp, project, outside } = studio();
    renameSync(path.join(project, 'role-registry.lock.json'), path.join(outside, 'role-registry.lock.json'));
    symlinkSync('../outside/role-registry.lock.json', path.join(project, 'role-registry.lock.json'));
    writeFiles(project, { 'src/roles/director.ts': 'export const nothing = 1;\n' });
    await expectRefused(
      tmp,
      ['waive', 'ROLE_REMOVED', 'director', '--reason', 'merged'],
      project,
      /^role-registry\.lock\.json {2}error {2}PATH_OUTSIDE_PROJECT {2}The lockfile .* leads through a symbolic link to .*\/outside\/role-registry\.lock\.json/m,
    );
    await expectRefused(tmp, ['deprecate', 'producer', '--reason', 'merged'], project, /PATH_OUTSIDE_PROJECT {2}The lockfile /);
    await expectRefused(tmp, ['check'], project, /PATH_OUTSIDE_PROJECT {2}The lockfile /);
  });

  it('reads follow the same rule: a config that is a link to outside is not read', async () => {
    const { tmp, project, outside } = studio();
    renameSync(path.join(project, 'role-registry.config.json'), path.join(outside, 'role-registry.config.json'));
    symlinkSync('../outside/role-registry.config.json', path.join(project, 'role-registry.config.json'));
    await expectRefused(tmp, ['check'], project, /^role-registry\.config\.json {2}error {2}PATH_OUTSIDE_PROJECT {2}The config file /m);
  });

  it('provenance --check does not read a module through a linked folder', async () => {
    const { tmp, project, outside } = studio();
    writeFiles(outside, { 'provenance.ts': 'export {};\n' });
    symlinkSync('../outside', path.join(project, 'generated'));
    await expectRefused(
      tmp,
      ['provenance', '--check', '--out', 'generated/provenance.ts'],
      project,
      /^generated\/provenance\.ts {2}error {2}PATH_OUTSIDE_PROJECT {2}--out /m,
    );
  });

  it('a dangling link is judged by where a write through it would land', async () => {
    const { tmp, project } = studio();
    symlinkSync('../outside/new/provenance.ts', path.join(project, 'provenance.ts'));
    await expectRefused(
      tmp,
      ['provenance', '--out', 'provenance.ts'],
      project,
      /PATH_OUTSIDE_PROJECT {2}--out .* leads through a symbolic link to .*\/outside\/new\/provenance\.ts/,
    );
  });

  it('a path inside the project, even through a link that stays inside, is written', async () => {
    const { tmp, project } = studio();
    mkdirSync(path.join(project, 'build'));
    symlinkSync('build', path.join(project, 'generated'));
    const result = await runCliAsync(['provenance', '--out', 'generated/provenance.ts'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(project, 'build'))).toEqual(['provenance.ts']);
    expect(readdirSync(path.join(tmp, 'outside'))).toEqual([]);
    expect(lockfileOf(project)).toContain('"director"');
  });
});
