/**
 * The bundled example registry (the README's first command): a 38-role digital production studio,
 * declared in TypeScript, mirrored in `pack.json`, published in a committed lockfile.
 *
 * Everything goes through the built CLI, spawned as a process. Hashes are recomputed here from
 * `pack.json` with `canonicalize` and node:crypto, following docs/canonical-form.md, never with the
 * engine's hashing module: a bug there cannot hide itself.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import canonicalize from 'canonicalize';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'bin', 'role-registry.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const EXAMPLE = path.join(REPO, 'examples', 'digital-production-studio');
const LOCKFILE = 'role-registry.lock.json';

interface PackContract {
  readonly contract_id: string;
  readonly schema_json: unknown;
}

interface PackRole {
  readonly role_id: string;
  readonly department_id: string;
  readonly display_name: string;
  readonly aliases?: readonly string[];
  readonly deprecated?: { readonly reason: string; readonly replaced_by: string };
  readonly seniority: string;
  readonly tools: readonly string[];
  readonly extract_contracts: readonly PackContract[];
  readonly produce_contracts: readonly PackContract[];
}

interface Pack {
  readonly pack_id: string;
  readonly pack_version: string;
  readonly display_name: string;
  readonly roles: readonly PackRole[];
}

interface LockedRole {
  readonly aliases: readonly string[];
  readonly contracts: Readonly<Record<string, string>>;
  readonly declaredIn: string;
  readonly deprecated: boolean;
  readonly retiredContracts?: Readonly<Record<string, string>>;
}

interface JsonReport {
  readonly ok: boolean;
  readonly registryHash: string | null;
  readonly findings: readonly { readonly code: string; readonly file?: string; readonly line?: number; readonly subject: Record<string, string> }[];
}

const pack = JSON.parse(readFileSync(path.join(EXAMPLE, 'pack.json'), 'utf8')) as Pack;
const lockText = readFileSync(path.join(EXAMPLE, LOCKFILE));
const lock = JSON.parse(lockText.toString('utf8')) as { lockfileVersion: number; ruleset: number; roles: Record<string, LockedRole> };

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('no JSON form');
  return text;
}

function contractsOf(role: PackRole): readonly PackContract[] {
  return [...role.extract_contracts, ...role.produce_contracts];
}

/** The registry hash of the pack, built from docs/canonical-form.md alone. */
function registryHashOfPack(of: Pack): string {
  const roles: Record<string, unknown> = {};
  for (const role of of.roles) {
    roles[role.role_id] = {
      aliases: [...(role.aliases ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      contracts: Object.fromEntries(contractsOf(role).map((c) => [c.contract_id, sha256(jcs(c.schema_json))])),
      deprecated: role.deprecated !== undefined,
    };
  }
  return sha256(jcs({ format: 'role-registry.snapshot/1', roles }));
}

const PACK_REGISTRY_HASH = registryHashOfPack(pack);

function run(command: string, args: readonly string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the example in a fresh temp dir, with or without its committed lockfile. */
function copyOfExample(withLockfile: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'role-registry-example-'));
  temps.push(dir);
  cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => withLockfile || path.basename(source) !== LOCKFILE });
  return dir;
}

/** Replaces one exact piece of a file; fails loudly if the example no longer contains it. */
function edit(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  expect(text.split(from).length - 1, `${file} should contain ${JSON.stringify(from)} once`).toBe(1);
  writeFileSync(full, text.replace(from, to));
}

function checkJson(dir: string): JsonReport & { code: number | null } {
  const result = run(CLI, ['check', '--cwd', dir, '--format', 'json']);
  expect(result.stderr).toBe('');
  return { code: result.code, ...(JSON.parse(result.stdout) as JsonReport) };
}

/** Removes one whole `export const <name> = defineRole({…});` declaration from a file. */
function removeDeclaration(dir: string, file: string, name: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const start = text.indexOf(`export const ${name} = defineRole(`);
  expect(start, `${file} should declare ${name}`).toBeGreaterThan(0);
  const end = text.indexOf('\n});\n', start) + '\n});\n'.length;
  writeFileSync(full, text.slice(0, start) + text.slice(end));
}

function lineOf(dir: string, file: string, lineStart: string): number {
  const line = readFileSync(path.join(dir, file), 'utf8').split('\n').findIndex((l) => l.startsWith(lineStart)) + 1;
  expect(line, `${file} should have a line starting with ${lineStart}`).toBeGreaterThan(0);
  return line;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('the pack', () => {
  it('is a 38-role studio in 13 departments, with renames, retirements and second versions', () => {
    expect(pack).toMatchObject({ pack_id: 'digital_production_studio', pack_version: '1' });
    expect(pack.roles).toHaveLength(38);
    expect(new Set(pack.roles.map((r) => r.role_id)).size).toBe(38);
    expect([...new Set(pack.roles.map((r) => r.department_id))]).toEqual([
      'executive',
      'story',
      'direction',
      'camera',
      'lighting',
      'art',
      'wardrobe',
      'sound',
      'editorial',
      'vfx',
      'color',
      'music',
      'distribution',
    ]);
    const secondVersions: Record<string, string> = {
      editor: 'ROLE:editor:C:2',
      colorist: 'ROLE:colorist:C:2',
      production_sound_mixer: 'ROLE:production_sound_mixer:C:2',
    };
    for (const role of pack.roles) {
      expect(role.extract_contracts.map((c) => c.contract_id), role.role_id).toEqual([`ROLE:${role.role_id}:X:1`]);
      const v2 = secondVersions[role.role_id];
      expect(role.produce_contracts.map((c) => c.contract_id), role.role_id).toEqual([`ROLE:${role.role_id}:C:1`, ...(v2 ? [v2] : [])]);
    }
    expect(Object.fromEntries(pack.roles.filter((r) => r.aliases).map((r) => [r.role_id, r.aliases]))).toEqual({
      screenwriter: ['writer'],
      director_of_photography: ['cinematographer', 'dop'],
      first_assistant_camera: ['focus_puller'],
      production_sound_mixer: ['sound_recordist'],
      localization_specialist: ['subtitler'],
    });
    expect(Object.fromEntries(pack.roles.filter((r) => r.deprecated).map((r) => [r.role_id, r.deprecated?.replaced_by]))).toEqual({
      clapper_loader: 'digital_imaging_technician',
      telecine_operator: 'colorist',
    });
  });

  it('has a draft 2020-12 object schema behind every contract, most of them shared', () => {
    const contracts = pack.roles.flatMap(contractsOf);
    expect(contracts).toHaveLength(79);
    for (const { contract_id, schema_json } of contracts) {
      expect(schema_json, contract_id).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: expect.stringMatching(/^urn:studio:schema:[a-z_]+:[12]$/u) as unknown,
        type: 'object',
        properties: expect.any(Object) as unknown,
        required: expect.any(Array) as unknown,
        additionalProperties: false,
      });
    }
    // 38 distinct surfaces behind 79 contracts; one schema constant feeds up to seven roles.
    const rolesPerSurface = new Map<string, number>();
    for (const { schema_json } of contracts) {
      const surface = sha256(jcs(schema_json));
      rolesPerSurface.set(surface, (rolesPerSurface.get(surface) ?? 0) + 1);
    }
    expect(rolesPerSurface.size).toBe(38);
    expect(Math.max(...rolesPerSurface.values())).toBe(7);
  });

  it('is what the TypeScript declarations evaluate to at run time, metadata included', async () => {
    // Runs the example's own code (through role-registry's run-time entry): the engine is not involved.
    const catalog = (await import('../../examples/digital-production-studio/src/roles/index.js')) as {
      STUDIO_ROLES: readonly PackRole[];
      studioRoles: { resolveId(idOrAlias: string): string | undefined };
    };
    expect(catalog.STUDIO_ROLES).toStrictEqual(pack.roles);
    expect(catalog.studioRoles.resolveId('dop')).toBe('director_of_photography');
    expect(catalog.studioRoles.resolveId('cinematographer')).toBe('director_of_photography');
    expect(catalog.studioRoles.resolveId('clapper_loader')).toBe('clapper_loader');
    expect(catalog.studioRoles.resolveId('camera_assistant')).toBeUndefined();
  });
});

describe('the committed lockfile', () => {
  it('holds exactly the pack: 38 roles, one file per department, aliases, deprecations', () => {
    expect(lock.lockfileVersion).toBe(1);
    expect(Object.keys(lock.roles)).toEqual(pack.roles.map((r) => r.role_id).sort(byCodeUnits));
    for (const role of pack.roles) {
      const locked = lock.roles[role.role_id]!;
      expect(locked.declaredIn, role.role_id).toBe(`src/roles/${role.department_id}.ts`);
      expect(locked.aliases, role.role_id).toEqual([...(role.aliases ?? [])].sort(byCodeUnits));
      expect(locked.deprecated, role.role_id).toBe(role.deprecated !== undefined);
      expect(locked.retiredContracts, role.role_id).toBeUndefined();
    }
    expect(Object.entries(lock.roles).filter(([, r]) => r.deprecated).map(([id]) => id)).toEqual(['clapper_loader', 'telecine_operator']);
  });

  it("records, for every contract of pack.json, sha256 of the JCS form of the pack's schema_json", () => {
    let compared = 0;
    for (const role of pack.roles) {
      const locked = lock.roles[role.role_id]!;
      expect(Object.keys(locked.contracts).sort()).toEqual(contractsOf(role).map((c) => c.contract_id).sort());
      for (const contract of contractsOf(role)) {
        expect(locked.contracts[contract.contract_id], contract.contract_id).toBe(sha256(jcs(contract.schema_json)));
        compared += 1;
      }
    }
    expect(compared).toBe(79);
  });

  it('is byte-identical to what `init` writes from the sources in a fresh copy', () => {
    const dir = copyOfExample(false);
    const init = run(CLI, ['init', '--cwd', dir]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout.split('\n')[0]).toBe('Published 38 roles to role-registry.lock.json:');
    expect(readFileSync(path.join(dir, LOCKFILE)).equals(lockText)).toBe(true);
  });
});

describe('role-registry check on the example', () => {
  it('exits 0 and prints the registry hash computed from pack.json', () => {
    const check = run(CLI, ['check', '--cwd', 'examples/digital-production-studio']);
    expect(check).toEqual({
      code: 0,
      stdout: `✔ 38 roles, 79 contracts: the source agrees with the lockfile. Registry hash ${PACK_REGISTRY_HASH}.\n`,
      stderr: '',
    });
    expect(run(CLI, ['hash', '--lockfile', '--cwd', EXAMPLE])).toEqual({ code: 0, stdout: `${PACK_REGISTRY_HASH}\n`, stderr: '' });
  });

  it('without the lockfile exits 2, names the missing file and writes nothing', () => {
    const dir = copyOfExample(false);
    const check = run(CLI, ['check', '--cwd', dir], dir);
    expect(check.code).toBe(2);
    expect(check.stdout).toBe('');
    expect(check.stderr).toBe(
      `role-registry.lock.json  error  LOCKFILE_INVALID  There is no lockfile at ${path.join(dir, LOCKFILE)}, so there is nothing to check the source against.\n` +
        '    → Run `role-registry init` to publish the registry and commit the lockfile; if it was deleted, restore it from git.\n' +
        '\n✖ 1 problem (1 error, 0 warnings)\n',
    );
    expect(existsSync(path.join(dir, LOCKFILE))).toBe(false);
  });

  it('is the hash the README of the example quotes', () => {
    const readme = readFileSync(path.join(EXAMPLE, 'README.md'), 'utf8');
    expect(readme).toContain(`# ✔ 38 roles, 79 contracts: the source agrees with the lockfile. Registry hash ${PACK_REGISTRY_HASH.slice(0, 8)}…`);
  });

  it('type-checks against role-registry’s own declarations (NodeNext)', () => {
    const tsc = run(TSC, ['-p', path.join(EXAMPLE, 'tsconfig.json')]);
    expect(tsc).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('breaking a law in the example, as its README suggests', () => {
  it('deleting the deprecated clapper_loader is ROLE_REMOVED', () => {
    const dir = copyOfExample(true);
    removeDeclaration(dir, 'src/roles/camera.ts', 'clapperLoader');
    edit(dir, 'src/roles/index.ts', '  camera.clapperLoader,\n', '');
    const report = checkJson(dir);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.subject])).toEqual([['ROLE_REMOVED', { roleId: 'clapper_loader' }]]);
  });

  it('changing the shared shot list drifts exactly the four contracts that use it, each pointing at the schema', () => {
    const dir = copyOfExample(true);
    edit(dir, 'src/roles/schemas.ts', "'wide', 'extreme_wide'] as const;", "'wide', 'extreme_wide', 'insert'] as const;");
    const report = checkJson(dir);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.subject['contractId']])).toEqual([
      ['CONTRACT_DRIFT', 'ROLE:director:C:1'],
      ['CONTRACT_DRIFT', 'ROLE:director_of_photography:X:1'],
      ['CONTRACT_DRIFT', 'ROLE:script_supervisor:X:1'],
      ['CONTRACT_DRIFT', 'ROLE:storyboard_artist:X:1'],
    ]);
    const schemaLine = lineOf(dir, 'src/roles/schemas.ts', 'export const SHOT_LIST_V1 = {');
    expect(new Set(report.findings.map((f) => `${f.file}:${f.line}`))).toEqual(new Set([`src/roles/schemas.ts:${schemaLine}`]));
  });

  it('rewriting a published second version drifts it alone, and the hint asks for version 3', () => {
    const dir = copyOfExample(true);
    edit(dir, 'src/roles/editorial.ts', "required: [...CUT_V1.required, 'color_space', 'resolution'],", "required: [...CUT_V1.required, 'color_space'],");
    const result = run(CLI, ['check', '--cwd', dir]);
    expect(result.code).toBe(1);
    const driftLine = lineOf(dir, 'src/roles/editorial.ts', 'const CUT_V2 = {');
    expect(result.stdout).toMatch(
      new RegExp(
        `^src/roles/editorial\\.ts:${driftLine}:16  error  CONTRACT_DRIFT  The surface of \`ROLE:editor:C:2\` changed since it was locked \\(locked ${lock.roles['editor']!.contracts['ROLE:editor:C:2']!.slice(0, 12)}…, now [0-9a-f]{12}…\\)\\.\n` +
          '    → A published contract never changes: restore its schema, and bump to `ROLE:editor:C:3` for the new surface\\.\n' +
          // The copy is not a git repository: the locked surface cannot be recovered, and the report says so.
          '      no diff: the locked surface cannot be read from git: [^\n]+ is not inside a git repository\\.\n' +
          '\n✖ 1 problem \\(1 error, 0 warnings\\)\n$',
        'u',
      ),
    );
  });

  it('declaring a role under a locked former name is ID_REUSED (the alias keeps its meaning), and lock refuses it', () => {
    const dir = copyOfExample(true);
    const camera = path.join(dir, 'src/roles/camera.ts');
    writeFileSync(
      camera,
      `${readFileSync(camera, 'utf8')}
export const cinematographer = defineRole({
  role_id: 'cinematographer',
  department_id: DEPARTMENT,
  display_name: 'Cinematographer',
  extract_contracts: [{ contract_id: 'ROLE:cinematographer:X:1', schema_json: SHOT_LIST_V1 }],
  produce_contracts: [{ contract_id: 'ROLE:cinematographer:C:1', schema_json: CAMERA_PLAN_V1 }],
});
`,
    );
    const report = checkJson(dir);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.subject])).toEqual([['ID_REUSED', { roleId: 'cinematographer' }]]);
    const lockRun = run(CLI, ['lock', '--cwd', dir]);
    expect(lockRun.code).toBe(1);
    expect(lockRun.stderr).toContain('The lockfile was not changed.');
    expect(readFileSync(path.join(dir, LOCKFILE)).equals(lockText)).toBe(true);
  });

  it('pointing a locked alias at another role is ID_REUSED on the newcomer only', () => {
    const dir = copyOfExample(true);
    edit(dir, 'src/roles/camera.ts', "display_name: 'Camera Operator',", "display_name: 'Camera Operator',\n  aliases: ['dop'],");
    const report = checkJson(dir);
    expect(report.code).toBe(1);
    const subject = { roleId: 'camera_operator', alias: 'dop' };
    expect(report.findings.map((f) => [f.code, f.subject])).toEqual([['ID_REUSED', subject]]);
  });

  it('dropping a locked alias is ALIAS_REMOVED', () => {
    const dir = copyOfExample(true);
    edit(dir, 'src/roles/sound.ts', "  aliases: ['sound_recordist'],\n", '');
    const report = checkJson(dir);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.subject])).toEqual([['ALIAS_REMOVED', { roleId: 'production_sound_mixer', alias: 'sound_recordist' }]]);
  });

  it('formatting, key order, quote style, display names, metadata and moving a role between files change nothing', () => {
    const dir = copyOfExample(true);
    edit(
      dir,
      'src/roles/schemas.ts',
      "  properties: {\n    uri: { type: 'string', format: 'uri' },\n    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },\n  },\n  required: ['uri'],\n  additionalProperties: false,\n",
      '  "additionalProperties": false, required: [ "uri" ],\n  properties: { "sha256": { pattern: "^[0-9a-f]{64}$", ...{ type: "string" } },\n                uri: { format: \'uri\', type: \'string\' } },\n',
    );
    edit(dir, 'src/roles/executive.ts', "display_name: 'Producer',", "display_name: 'Lead Producer',");
    edit(dir, 'src/roles/color.ts', "  seniority: 'head_of_department',\n  tools: ['grading_suite', 'reference_monitor', 'control_panel'],", "  seniority: 'key',\n  tools: ['grading_suite'],\n  union: 'local_600',");
    // key_grip moves from lighting.ts to camera.ts, keeping its department_id.
    const lighting = readFileSync(path.join(dir, 'src/roles/lighting.ts'), 'utf8');
    const start = lighting.indexOf('export const keyGrip = defineRole(');
    expect(start).toBeGreaterThan(0);
    const keyGrip = lighting.slice(start).replace('department_id: DEPARTMENT,', "department_id: 'lighting',");
    writeFileSync(path.join(dir, 'src/roles/lighting.ts'), `${lighting.slice(0, start).replace('const LIGHTING_PLAN_V1 = {', 'export const LIGHTING_PLAN_V1 = {')}`);
    writeFileSync(path.join(dir, 'src/roles/camera.ts'), `${readFileSync(path.join(dir, 'src/roles/camera.ts'), 'utf8')}\n${keyGrip}`);
    edit(
      dir,
      'src/roles/camera.ts',
      "import { CAMERA_PLAN_V1, CAMERA_REPORT_V1, MEDIA_MANIFEST_V1, SHOT_LIST_V1 } from './schemas.js';",
      "import { CAMERA_PLAN_V1, CAMERA_REPORT_V1, JSON_SCHEMA_DIALECT, MEDIA_MANIFEST_V1, SCENE_NUMBER, SCHEMA_URN, SHOT_LIST_V1 } from './schemas.js';\nimport { LIGHTING_PLAN_V1 } from './lighting.js';",
    );
    edit(dir, 'src/roles/index.ts', 'lighting.keyGrip', 'camera.keyGrip');
    const report = checkJson(dir);
    expect(report).toMatchObject({ code: 0, ok: true, registryHash: PACK_REGISTRY_HASH, findings: [] });
    expect(run(CLI, ['hash', '--cwd', dir])).toEqual({ code: 0, stdout: `${PACK_REGISTRY_HASH}\n`, stderr: '' });
  });

  it('adding a contract version is LOCK_OUTDATED until `lock` publishes it, then check passes again', () => {
    const dir = copyOfExample(true);
    edit(
      dir,
      'src/roles/lighting.ts',
      "  produce_contracts: [{ contract_id: 'ROLE:gaffer:C:1', schema_json: LIGHTING_PLAN_V1 }],",
      "  produce_contracts: [\n    { contract_id: 'ROLE:gaffer:C:1', schema_json: LIGHTING_PLAN_V1 },\n    { contract_id: 'ROLE:gaffer:C:2', schema_json: { ...LIGHTING_PLAN_V1, $id: `${SCHEMA_URN}:lighting_plan:2`, required: ['setups'] } },\n  ],",
    );
    const before = checkJson(dir);
    expect(before.code).toBe(1);
    expect(before.findings.map((f) => [f.code, f.subject])).toEqual([['LOCK_OUTDATED', { roleId: 'gaffer', contractId: 'ROLE:gaffer:C:2' }]]);
    expect(run(CLI, ['status', '--cwd', dir]).stdout).toContain('`role-registry lock` would record:\n  + contract ROLE:gaffer:C:2\n');
    expect(run(CLI, ['lock', '--cwd', dir])).toEqual({ code: 0, stdout: 'Recorded in role-registry.lock.json:\n  + contract ROLE:gaffer:C:2\n', stderr: '' });
    const after = checkJson(dir);
    expect(after).toMatchObject({ code: 0, ok: true, findings: [] });
    expect(after.registryHash).not.toBe(PACK_REGISTRY_HASH);
  });
});
