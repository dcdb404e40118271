/**
 * Fixture projects for the migration commands: a temp directory with a config, role files and
 * (after `init`) a lockfile, and the built CLI spawned as a real process against it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'bin', 'role-registry.js');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const CONFIG = `${JSON.stringify({ include: ['src/roles/**/*.ts'], lockfile: 'role-registry.lock.json' }, null, 2)}\n`;

export class Fixture {
  private constructor(readonly dir: string) {}

  /** A project with these files (paths relative to the project root) and the default config, or none with `config: null`. */
  static create(files: Record<string, string>, config: string | null = CONFIG): Fixture {
    const fixture = new Fixture(mkdtempSync(path.join(tmpdir(), 'rr-migrations-')));
    if (config !== null) fixture.write('role-registry.config.json', config);
    for (const [name, text] of Object.entries(files)) fixture.write(name, text);
    return fixture;
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

  /** Runs the built CLI in the project directory. */
  run(...args: string[]): RunResult {
    return runCli(this.dir, args);
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

  git(...args: string[]): string {
    const result = spawnSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function runCli(cwd: string, args: readonly string[]): RunResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
