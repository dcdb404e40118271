import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository a project lives in: the boundary inside which imports are followed (a shared
 * schema package next to the project) while nothing outside it is read.
 *
 * It is the nearest directory at or above the project root that holds `.git` (a folder, or the
 * file of a worktree or submodule). Without git, it is the nearest directory that declares a
 * workspace: `pnpm-workspace.yaml`, or a `package.json` with `"workspaces"` (npm, yarn), next to a
 * package manager lockfile. Without either, it is the project root itself. Both are found by
 * looking at names only, so the answer does not depend on a git binary.
 */
export function repositoryRootOf(projectRoot: string): string {
  const start = path.resolve(projectRoot);
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, '.git'))) return directory;
    if (path.dirname(directory) === directory) break;
  }
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (declaresWorkspaces(directory)) return directory;
    if (path.dirname(directory) === directory) return start;
  }
}

const PACKAGE_MANAGER_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

function declaresWorkspaces(directory: string): boolean {
  if (!PACKAGE_MANAGER_LOCKFILES.some((name) => existsSync(path.join(directory, name)))) return false;
  if (existsSync(path.join(directory, 'pnpm-workspace.yaml'))) return true;
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'workspaces' in manifest;
  } catch {
    return false;
  }
}
