/**
 * Temp projects that build like a user's: a role registry with its lockfile, a `node_modules`
 * whose `role-registry` is this checkout and whose tools are the real installed packages (by
 * symlink, so `typescript` can be 6.0, 5.9 or 7 and `ts-patch` 4 or 3.3), and helpers that run
 * a build or the built output in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLockfile } from '../../../src/lockfile/io.js';
import { provenanceOf, type RegistryProvenance } from '../../../src/provenance.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const REPO_MODULES = path.join(REPO, 'node_modules');
export const CLI = path.join(REPO, 'bin', 'role-registry.js');

/** node_modules name → package directory under this repository's node_modules. */
export type Links = Record<string, string>;

export const TS6: Links = { typescript: 'typescript', 'ts-patch': 'ts-patch' };
export const TS59: Links = { typescript: 'typescript-5.9', 'ts-patch': 'ts-patch-3' };

export const ROLES_V1 = `import { defineRole } from 'role-registry';

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

/** The app every build compiles: it prints the embedded value as one JSON line. */
export const MAIN_TS = `// The app: prints the registry it was built against.
import { REGISTRY_PROVENANCE } from 'role-registry/provenance';
import type { RegistryProvenance } from 'role-registry/provenance';
import { greet } from './greet.js';

const provenance: RegistryProvenance = REGISTRY_PROVENANCE;
console.log(greet(provenance.roles));
console.log(JSON.stringify(provenance));
`;

export const GREET_TS = `export function greet(roles: number): string {
  if (roles < 0) throw new Error('impossible');
  return \`built against \${roles} roles\`;
}
`;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class Project {
  constructor(readonly dir: string) {}

  file(relative: string): string {
    return path.join(this.dir, relative);
  }

  write(relative: string, text: string): void {
    mkdirSync(path.dirname(this.file(relative)), { recursive: true });
    writeFileSync(this.file(relative), text);
  }

  read(relative: string): string {
    return readFileSync(this.file(relative), 'utf8');
  }

  json(relative: string): unknown {
    return JSON.parse(this.read(relative));
  }

  /** Runs a command in the project; never rejects (the exit code is part of the result). */
  run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(command, args, { cwd: this.dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  node(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.run(process.execPath, args, env);
  }

  cli(...args: string[]): Promise<RunResult> {
    return this.node([CLI, ...args]);
  }

  /** The value the one provenance function computes from the project's lockfile now. */
  expectedProvenance(): RegistryProvenance {
    const lock = readLockfile(this.file('role-registry.lock.json'));
    if (!lock) throw new Error(`no lockfile in ${this.dir}`);
    return provenanceOf(lock);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Fails with everything the command printed, so a broken build explains itself in the test report. */
export function expectSuccess(result: RunResult, what: string): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}

/** The JSON line a built app printed. */
export function printedProvenance(result: RunResult): unknown {
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`the app printed no provenance:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line);
}

/**
 * A locked registry project with the app sources. `links` adds node_modules entries (name →
 * package under this repository's node_modules). Runs `role-registry init`.
 */
export async function createProject(options: { links?: Links; name?: string } = {}): Promise<Project> {
  const dir = mkdtempSync(path.join(tmpdir(), `rr-${options.name ?? 'provenance'}-`));
  const project = new Project(dir);
  mkdirSync(project.file('node_modules/@types'), { recursive: true });
  symlinkSync(REPO, project.file('node_modules/role-registry'), 'dir');
  symlinkSync(path.join(REPO_MODULES, '@types/node'), project.file('node_modules/@types/node'), 'dir');
  for (const [name, target] of Object.entries(options.links ?? {})) {
    mkdirSync(path.dirname(project.file(`node_modules/${name}`)), { recursive: true });
    symlinkSync(path.join(REPO_MODULES, target), project.file(`node_modules/${name}`), 'dir');
  }
  project.write('package.json', `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n`);
  project.write('role-registry.config.json', '{ "include": ["src/roles/**/*.ts"] }\n');
  project.write('src/roles/catalog.ts', ROLES_V1);
  project.write('src/main.ts', MAIN_TS);
  project.write('src/greet.ts', GREET_TS);
  expectSuccess(await project.cli('init'), 'role-registry init');
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

export const tspc = (project: Project, args: string[]): Promise<RunResult> => project.node([project.file('node_modules/ts-patch/bin/tspc.js'), ...args]);
export const tsc = (project: Project, args: string[]): Promise<RunResult> => project.node([project.file('node_modules/typescript/bin/tsc'), ...args]);

/** The build tools, by their real installed packages. */
export const BUILD_TOOLS: Links = {
  ...TS6,
  tslib: 'tslib',
  webpack: 'webpack',
  'ts-loader': 'ts-loader',
  rollup: 'rollup',
  '@rollup/plugin-typescript': '@rollup/plugin-typescript',
  esbuild: 'esbuild',
  vite: 'vite',
  '@rspack/core': '@rspack/core',
};

export const TSC7 = path.join(REPO_MODULES, 'typescript-7', 'bin', 'tsc');
