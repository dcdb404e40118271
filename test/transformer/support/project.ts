/**
 * Temp projects that build like a user's. Their `node_modules` is laid out as npm would install it:
 * `role-registry` is a real directory (this checkout's `package.json`, `bin/` and built `dist/`)
 * whose dependencies sit next to it, so its `import 'typescript'` gets the project's TypeScript;
 * tools are the packages installed in this repository, linked in, or copied where a tool finds its
 * peers through its own real path (ts-patch 3 locates `typescript` from where it is installed, so
 * a symlink into this repository would hand it TypeScript 6). `node_modules/.bin` holds the tools'
 * bins, so the commands the docs show run as written (`npx` dropped: it runs the local bin).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLockfile } from '../../../src/lockfile/io.js';
import { provenanceOf, type RegistryProvenance } from '../../../src/provenance/value.js';
import { TempProject } from '../../support/temp-project.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const REPO_MODULES = path.join(REPO, 'node_modules');

/** How one package lands in a project's node_modules. */
interface Install {
  /** The package directory under this repository's node_modules (an npm alias such as `typescript-5.9`). */
  readonly from: string;
  /** Copy it as a real directory instead of linking it. */
  readonly copy?: boolean;
}

/** node_modules name → where it comes from. */
export type Installs = Record<string, Install>;

const link = (from: string): Install => ({ from });

/** TypeScript 6 with ts-patch 4: both resolve each other through this repository's node_modules. */
const TS6: Installs = { typescript: link('typescript'), 'ts-patch': link('ts-patch') };
/** TypeScript 5.9 with ts-patch 3.3, both real directories, as `npm i -D typescript@5.9 ts-patch@3` leaves them. */
export const TS59: Installs = { typescript: { from: 'typescript-5.9', copy: true }, 'ts-patch': { from: 'ts-patch-3', copy: true } };

const ROLES_V1 = `import { defineRole } from 'role-registry';

export const producer = defineRole({
  role_id: 'producer',
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object', required: ['brief'] } }],
  produce_contracts: [{ contract_id: 'ROLE:producer:C:1', schema_json: { type: 'object' } }],
});

export const editor = defineRole({
  role_id: 'editor',
  produce_contracts: [{ contract_id: 'ROLE:editor:C:1', schema_json: { type: 'string' } }],
});
`;

/** A role added after the first lock: \`role-registry lock\` changes the registry hash. */
export const ROLE_ADDED = `
export const colorist = defineRole({
  role_id: 'colorist',
  extract_contracts: [{ contract_id: 'ROLE:colorist:X:1', schema_json: { type: 'array' } }],
});
`;

/** The import every build path replaces, as the app writes it. */
export const PROVENANCE_IMPORT = "import { REGISTRY_PROVENANCE } from 'role-registry/provenance';";

/** The app every build compiles: it prints the embedded value as one JSON line. */
export const MAIN_TS = `// The app: prints the registry it was built against.
${PROVENANCE_IMPORT}
import type { RegistryProvenance } from 'role-registry/provenance';
import { greet } from './greet.js';

const provenance: RegistryProvenance = REGISTRY_PROVENANCE;
console.log(greet(provenance.roles));
console.log(JSON.stringify(provenance));
`;

const GREET_TS = `export function greet(roles: number): string {
  if (roles < 0) throw new Error('impossible');
  return \`built against \${roles} roles\`;
}
`;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A temp project (test/support/temp-project.ts) that builds like a user's: role-registry installed in
 * its node_modules (see createProject), and the commands the docs show run in it.
 */
export class Project extends TempProject {
  constructor(dir: string) {
    super({}, { config: null, dir });
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  json(relative: string): unknown {
    return JSON.parse(this.read(relative));
  }

  /** The environment every command runs in: the project's bins first, no colours. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const PATH = [this.path('node_modules/.bin'), path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter);
    return { ...process.env, PATH, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
  }

  /** Runs a command in the project; never rejects (the exit code is part of the result). */
  run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(command, args, { cwd: this.dir, env: this.env(env), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  node(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.run(process.execPath, args, env);
  }

  /** A shell command line as the docs show it; a leading `npx ` runs the project's own bin, as npx does. */
  sh(commandLine: string, env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.run('sh', ['-c', commandLine.replace(/^npx /gm, '')], env);
  }

  /** The role-registry CLI installed in the project (its node_modules copy, not this checkout's bin). */
  installedCli(...args: string[]): Promise<RunResult> {
    return this.node([this.path('node_modules/role-registry/bin/role-registry.js'), ...args]);
  }

  /** The value the one provenance function computes from the project's lockfile now. */
  expectedProvenance(): RegistryProvenance {
    const lock = readLockfile(this.path('role-registry.lock.json'));
    if (!lock) throw new Error(`no lockfile in ${this.dir}`);
    return provenanceOf(lock);
  }

  /** A copy of the project (sources, lockfile, node_modules layout) to build in isolation. */
  clone(name: string): Project {
    const dir = mkdtempSync(path.join(tmpdir(), `rr-${name}-`));
    cpSync(this.dir, dir, { recursive: true, verbatimSymlinks: true });
    return new Project(dir);
  }
}

/** Fails with everything the command printed, so a broken build explains itself in the test report. */
export function expectSuccess(result: RunResult, what: string): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}

/** The JSON line a built app printed, as printed. */
export function printedProvenanceLine(result: RunResult): string {
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`the app printed no provenance:\n${result.stdout}\n${result.stderr}`);
  return line;
}

export function printedProvenance(result: RunResult): unknown {
  return JSON.parse(printedProvenanceLine(result));
}

function packageJson(dir: string): {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
  name?: string;
} {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as never;
}

/** Puts one package into `modules` (a node_modules directory), its dependencies beside it when copied. */
function install(modules: string, name: string, source: string, copy: boolean): void {
  const target = path.join(modules, name);
  if (existsSync(target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  if (!copy) {
    symlinkSync(source, target, 'dir');
    return;
  }
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  // A copy resolves its dependencies and peers from the project, as a flat npm install does.
  const manifest = packageJson(source);
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const nested = path.join(source, 'node_modules', dependency);
    const installed = path.join(REPO_MODULES, dependency);
    if (existsSync(nested) || !existsSync(installed)) continue; // copied with it, or an optional peer nobody installed
    install(modules, dependency, installed, false);
  }
}

/** `node_modules/.bin/<bin>` for a package's bins (the first package to claim a name keeps it, as with npm). */
function linkBins(modules: string, name: string): void {
  const dir = path.join(modules, name);
  const manifest = packageJson(dir);
  const bins = typeof manifest.bin === 'string' ? { [name.split('/').pop()!]: manifest.bin } : (manifest.bin ?? {});
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  for (const [bin, file] of Object.entries(bins)) {
    const link = path.join(modules, '.bin', bin);
    if (!existsSync(link)) symlinkSync(path.relative(path.dirname(link), path.join(dir, file)), link);
  }
}

/**
 * A locked registry project with the app sources. `installs` adds packages to its node_modules
 * (TypeScript 6 by default: `role-registry` needs its peer). Runs `role-registry init`.
 */
export async function createProject(options: { installs?: Installs; name?: string } = {}): Promise<Project> {
  const dir = mkdtempSync(path.join(tmpdir(), `rr-${options.name ?? 'provenance'}-`));
  const project = new Project(dir);
  const modules = project.path('node_modules');
  const installs: Installs = { ...TS6, ...options.installs };
  // The tools first, so that a copied tool's own dependencies do not shadow them.
  for (const [name, { from, copy }] of Object.entries(installs)) install(modules, name, path.join(REPO_MODULES, from), copy === true);
  install(modules, '@types/node', path.join(REPO_MODULES, '@types/node'), false);
  // role-registry as npm installs it: the package's files, its dependencies next to it.
  const own = path.join(modules, 'role-registry');
  mkdirSync(own, { recursive: true });
  for (const entry of ['package.json', 'bin', 'dist']) cpSync(path.join(REPO, entry), path.join(own, entry), { recursive: true });
  for (const dependency of Object.keys(packageJson(REPO).dependencies ?? {}))
    install(modules, dependency, path.join(REPO_MODULES, dependency), false);
  for (const name of ['role-registry', ...Object.keys(installs)]) linkBins(modules, name);

  project.write('package.json', `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n`);
  project.write('role-registry.config.json', '{ "include": ["src/roles/**/*.ts"] }\n');
  project.write('src/roles/catalog.ts', ROLES_V1);
  project.write('src/main.ts', MAIN_TS);
  project.write('src/greet.ts', GREET_TS);
  expectSuccess(await project.installedCli('init'), 'role-registry init');
  return project;
}

/** A tsconfig for the app; `plugins` lists ts-patch transformers. */
export function tsconfig(compilerOptions: Record<string, unknown>, include: string[] = ['src']): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: ['node'],
        skipLibCheck: true,
        rootDir: 'src',
        ...compilerOptions,
      },
      include,
    },
    null,
    2,
  )}\n`;
}

export const tspc = (project: Project, args: string[]): Promise<RunResult> =>
  project.node([project.path('node_modules/ts-patch/bin/tspc.js'), ...args]);
export const tsc = (project: Project, args: string[]): Promise<RunResult> =>
  project.node([project.path('node_modules/typescript/bin/tsc'), ...args]);

/** Runs promises' factories at most `limit` at a time (builds are CPU-bound; the machine has 2 cores). */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      queue.shift()?.();
    }
  };
}

/** Resolves when `condition` holds, polling; rejects with `describe()` after `limitMs` (a guard, not an assertion on time). */
export async function waitUntil(condition: () => boolean, describe: () => string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
