/**
 * Temp projects for engine tests: real files in a temp directory, read by the real engine
 * (in-process `Registry`) or by the built CLI spawned as a process, in a real git repository when
 * a test needs one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../src/core/findings.js';
import { nextLockfile } from '../../../src/project/lock-update.js';
import { writeLockfile } from '../../../src/lockfile/io.js';
import { Registry, type InspectOptions, type RegistryState } from '../../../src/project/registry.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(REPO, 'bin', 'role-registry.js');

const DEFAULT_CONFIG = `${JSON.stringify({ include: ['src/roles/**/*.ts'] }, null, 2)}\n`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class TempProject {
  readonly dir: string;

  constructor(files: Record<string, string> = {}, options: { config?: string | null; prefix?: string } = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), options.prefix ?? 'rr-engine-'));
    if (options.config !== null) this.write('role-registry.config.json', options.config ?? DEFAULT_CONFIG);
    for (const [file, text] of Object.entries(files)) this.write(file, text);
  }

  path(relative: string): string {
    return path.join(this.dir, relative);
  }

  write(relative: string, text: string): void {
    mkdirSync(path.dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  remove(relative: string): void {
    unlinkSync(this.path(relative));
  }

  /** Replaces every registry file under src/roles with these. */
  setRoles(files: Record<string, string>): void {
    rmSync(this.path('src/roles'), { recursive: true, force: true });
    for (const [file, text] of Object.entries(files)) this.write(path.posix.join('src/roles', file), text);
  }

  registry(): Registry {
    return Registry.open({ cwd: this.dir });
  }

  inspect(options: InspectOptions = {}): RegistryState {
    return this.registry().inspect(options);
  }

  /** `lock` in-process: records what the source declares (call only when nothing blocks). */
  lock(): void {
    const registry = this.registry();
    const state = registry.inspect();
    const { lock } = nextLockfile(state.source.roles, state.lock, registry.context);
    writeLockfile(registry.config.lockfile, lock);
  }

  cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
    return runCli(args, options.cwd ?? this.dir, options.env);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  initGit(): void {
    this.git('init', '-q', '-b', 'main');
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function runCli(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `(code, subject)` verdicts as sortable strings: what the reference model predicts. */
export function verdicts(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map(verdictOf))].sort();
}

function verdictOf(f: Pick<Finding, 'code' | 'subject'>): string {
  const parts = [f.subject.roleId, f.subject.alias === undefined ? undefined : `alias=${f.subject.alias}`, f.subject.contractId].filter((p) => p !== undefined);
  return `${f.code}(${parts.join(',')})`;
}

export const IMPORT = "import { defineRole } from 'role-registry';\n";
