/**
 * The temp project every test uses: real files in a temp directory, read by the real engine
 * (in-process `Registry`) or by the built CLI spawned as a process, in a real git repository when
 * a test needs one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/core/findings.js';
import { nextLockfile } from '../../src/project/lock-update.js';
import { writeLockfile } from '../../src/lockfile/io.js';
import { Registry, type InspectOptions, type RegistryState } from '../../src/project/registry.js';
import { runCli, type CliResult } from './cli.js';

export { REPO, type CliResult } from './cli.js';

const DEFAULT_CONFIG = `${JSON.stringify({ include: ['src/roles/**/*.ts'] }, null, 2)}\n`;

export class TempProject {
  readonly dir: string;

  /**
   * A new temp directory (or `dir`, one the caller made), with a config (none when `config` is
   * null) and `files`.
   */
  constructor(files: Record<string, string> = {}, options: { config?: string | null; prefix?: string; dir?: string } = {}) {
    this.dir = options.dir ?? mkdtempSync(path.join(tmpdir(), options.prefix ?? 'rr-engine-'));
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

  /** Every file under the project (but .git) with its bytes: to assert that nothing changed. */
  bytes(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        if (name === '.git') continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else out.set(path.relative(this.dir, full), readFileSync(full).toString('base64'));
      }
    };
    walk(this.dir);
    return out;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Commits by a fixed test identity, at the real time, never reading the user's git config. */
const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** `(code, subject)` verdicts as sortable strings: what the reference model predicts. */
export function verdicts(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map(verdictOf))].sort();
}

function verdictOf(f: Pick<Finding, 'code' | 'subject'>): string {
  const parts = [f.subject.roleId, f.subject.alias === undefined ? undefined : `alias=${f.subject.alias}`, f.subject.contractId].filter(
    (p) => p !== undefined,
  );
  return `${f.code}(${parts.join(',')})`;
}

export const IMPORT = "import { defineRole } from 'role-registry';\n";
