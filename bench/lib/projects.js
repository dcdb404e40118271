/**
 * The generated projects under bench/.work/ (gitignored): a locked registry of N roles, its mutated
 * twin (one role removed, one contract drifted, the lockfile of the clean one), and for the peer
 * comparison two git repositories (TypeScript and .proto) whose head commit removes the same role.
 * Lockfiles are written by the real engine (`role-registry init`), never by the generator.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutateModel, mutationTargets, registryModel } from './registry-model.js';
import { protoEnumValue, writeProtoProject } from './render-proto.js';
import { writeTsProject } from './render-ts.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WORK = path.join(REPO, 'bench', '.work');
export const CLI = path.join(REPO, 'bin', 'role-registry.js');
export const BUF = path.join(REPO, 'node_modules', '.bin', 'buf');
const LOCKFILE = 'role-registry.lock.json';

/**
 * bench/.work/node_modules/role-registry links to this checkout, so generated projects import
 * `role-registry`, `role-registry/provenance` and `role-registry/transformer` as users do; their
 * other packages (typescript, @types/node, esbuild) resolve from this repository's node_modules.
 */
export function prepareWorkDirectory() {
  const link = path.join(WORK, 'node_modules', 'role-registry');
  mkdirSync(path.dirname(link), { recursive: true });
  if (!existsSync(link) && !isSymlink(link)) symlinkSync(path.relative(path.dirname(link), REPO), link, 'dir');
  if (!existsSync(path.join(REPO, 'dist', 'src', 'cli', 'main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');
}

function isSymlink(file) {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function runChecked(file, args, cwd, what, env = {}) {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, ...env } });
  if (result.status !== 0)
    throw new Error(
      `${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout?.slice(-3000)}\n${result.stderr?.slice(-3000)}`,
    );
  return result.stdout;
}

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sizeOf(files) {
  let bytes = 0;
  let registryFiles = 0;
  for (const [relative, text] of files) {
    if (!relative.startsWith('src/roles/')) continue;
    registryFiles++;
    bytes += Buffer.byteLength(text);
  }
  return { registryFiles, bytes };
}

/**
 * The locked registry of `roles` roles and its mutated twin.
 * @returns {{ roles: number, model: object, targets: ReturnType<typeof mutationTargets>, clean: string, mutated: string, registryFiles: number, bytes: number, lockfileBytes: number }}
 */
export function registryProjects(roles, seed) {
  const model = registryModel({ roles, seed });
  const targets = mutationTargets(model);
  const clean = fresh(path.join(WORK, `registry-${roles}`));
  const files = writeTsProject(clean, model);
  runChecked(process.execPath, [CLI, 'init'], clean, `role-registry init (${roles} roles)`);
  const mutated = fresh(path.join(WORK, `registry-${roles}-mutated`));
  writeTsProject(mutated, mutateModel(model, { remove: targets.removed.role, drift: targets.drifted }));
  copyFileSync(path.join(clean, LOCKFILE), path.join(mutated, LOCKFILE));
  return { roles, model, targets, clean, mutated, ...sizeOf(files), lockfileBytes: readFileSync(path.join(clean, LOCKFILE)).length };
}

const GIT_IDENTITY = [
  '-c',
  'user.name=role-registry bench',
  '-c',
  'user.email=bench@example.invalid',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'init.defaultBranch=main',
];

function git(cwd, args) {
  return runChecked('git', [...GIT_IDENTITY, ...args], cwd, `git ${args.join(' ')}`);
}

function commitAll(cwd, message) {
  git(cwd, ['add', '-A']);
  git(cwd, ['commit', '-q', '-m', message]);
}

/**
 * Two git repositories for the peer comparison, each with a `base` tag and a head commit that
 * deletes the same role: from the TypeScript source AND from the lockfile (the deletion only
 * `--against` can see), and from the .proto sources (its enum value and contract messages).
 * A prebuilt buf image of the base is written too, for buf's fastest baseline form.
 */
export async function peerProjects(registry) {
  const { model, targets } = registry;
  const removedRole = targets.removed.role;
  const headModel = mutateModel(model, { remove: removedRole });

  const tsRepo = fresh(path.join(WORK, `peer-ts-${registry.roles}`));
  writeTsProject(tsRepo, model);
  copyFileSync(path.join(registry.clean, LOCKFILE), path.join(tsRepo, LOCKFILE));
  git(tsRepo, ['init', '-q']);
  commitAll(tsRepo, 'base: the published registry');
  git(tsRepo, ['tag', 'base']);
  writeTsProject(tsRepo, headModel);
  const { parseLockfile, serializeLockfile } = await import(path.join(REPO, 'dist', 'src', 'lockfile', 'format.js'));
  const lockPath = path.join(tsRepo, LOCKFILE);
  const lock = parseLockfile(lockPath, readFileSync(lockPath, 'utf8'));
  if (!lock.roles.has(removedRole)) throw new Error(`the lockfile has no role ${removedRole}`);
  const roles = new Map([...lock.roles].filter(([id]) => id !== removedRole));
  writeFileSync(lockPath, serializeLockfile({ ...lock, roles }));
  commitAll(tsRepo, `head: delete role ${removedRole} from source and lockfile`);

  const protoRepo = fresh(path.join(WORK, `peer-proto-${registry.roles}`));
  writeProtoProject(protoRepo, model);
  git(protoRepo, ['init', '-q']);
  commitAll(protoRepo, 'base: the published registry');
  git(protoRepo, ['tag', 'base']);
  const baseImage = path.join(WORK, `peer-proto-${registry.roles}-base.binpb`);
  runChecked(BUF, ['build', '-o', baseImage], protoRepo, 'buf build (baseline image)');
  rmSync(path.join(protoRepo, 'proto'), { recursive: true, force: true });
  writeProtoProject(protoRepo, headModel);
  commitAll(protoRepo, `head: delete role ${removedRole}`);
  return { tsRepo, protoRepo, baseImage, removedRole, removedEnumValue: protoEnumValue(removedRole) };
}
