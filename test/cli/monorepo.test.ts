/**
 * Monorepos: a registry takes schema constants from anywhere inside its repository (a sibling
 * package by relative import, tsconfig `paths`, a workspace package linked in node_modules the way
 * npm and pnpm link it), judged by the real path; nothing outside the repository and no installed
 * third-party package is read. The built CLI on real trees with real symbolic links.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, removeTree, runCli, snapshotTree, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';
import { expectCli } from '../support/studio.js';
import { Registry } from '../../src/project/registry.js';
import { installEngineProbe } from '../../src/support/probe.js';

const made: string[] = [];
afterAll(() => {
  for (const directory of made) removeTree(directory);
});

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const BRIEF = "{ type: 'object', required: ['brief'], properties: { brief: { type: 'string' } } }";
const CONFIG = json({ include: ['src/roles/**/*.ts'] });

function producer(importLine: string, schema = 'BRIEF'): string {
  return `import { defineRole } from 'role-registry';
${importLine}
export const producer = defineRole({
  role_id: 'producer',
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: ${schema} }],
});
`;
}

/** A repository root (git, or npm workspaces without git) with a shared @studio/schemas package. */
function monorepo(options: { git?: boolean } = {}): string {
  const root = realpathSync(tempDir('mono'));
  made.push(root);
  writeFiles(root, {
    'package.json': json({ name: 'studio', private: true, workspaces: ['packages/*'] }),
    'package-lock.json': json({ name: 'studio', lockfileVersion: 3, packages: {} }),
    'packages/schemas/package.json': json({
      name: '@studio/schemas',
      version: '1.0.0',
      type: 'module',
      exports: { '.': './src/index.ts', './brief': './src/brief.ts' },
    }),
    'packages/schemas/src/index.ts': "export { BRIEF } from './brief.js';\n",
    'packages/schemas/src/brief.ts': `export const BRIEF = ${BRIEF} as const;\n`,
  });
  if (options.git ?? true) git(root, 'init', '-q');
  return root;
}

/** A registry package at packages/<name> whose one role file reads its schema with `importLine`. */
function registryPackage(root: string, name: string, importLine: string, extra: Record<string, string> = {}): string {
  const project = path.join(root, 'packages', name);
  writeFiles(project, {
    'package.json': json({ name: `@studio/${name}`, version: '1.0.0', type: 'module' }),
    'role-registry.config.json': CONFIG,
    'src/roles/producer.ts': producer(importLine),
    ...extra,
  });
  return project;
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

/** The hash of the same producer with its schema written inline, in a project of its own. */
function inlineHash(): string {
  const project = realpathSync(tempDir('mono-inline'));
  made.push(project);
  writeFiles(project, { 'role-registry.config.json': CONFIG, 'src/roles/producer.ts': producer('', BRIEF) });
  return expectCli(runCli(['hash'], project), 0).stdout;
}

describe('a registry takes its schemas from elsewhere in the repository', () => {
  it('a relative import into a sibling package: hash unchanged from the inline constant, check passes', () => {
    const root = monorepo();
    const project = registryPackage(root, 'b', "import { BRIEF } from '../../../schemas/src/brief.js';");
    expect(expectCli(runCli(['hash'], project), 0).stdout).toBe(inlineHash());
    expectCli(runCli(['init'], project), 0);
    expectCli(runCli(['check'], project), 0);
  });

  it('an npm workspace link (node_modules/@studio/schemas -> ../../packages/schemas), through package exports', () => {
    const root = monorepo();
    link('../../packages/schemas', path.join(root, 'node_modules/@studio/schemas'));
    const viaMain = registryPackage(root, 'a', "import { BRIEF } from '@studio/schemas';");
    const viaSubpath = registryPackage(root, 'c', "import { BRIEF } from '@studio/schemas/brief';");
    expect(expectCli(runCli(['hash'], viaMain), 0).stdout).toBe(inlineHash());
    expect(expectCli(runCli(['hash'], viaSubpath), 0).stdout).toBe(inlineHash());
  });

  it('a pnpm link (node_modules/@studio/schemas -> .pnpm/…/node_modules/@studio/schemas -> the package)', () => {
    const root = monorepo({ git: false });
    writeFiles(root, { 'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n", 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const store = path.join(root, 'node_modules/.pnpm/@studio+schemas@1.0.0/node_modules/@studio/schemas');
    link('../../../../../packages/schemas', store);
    const project = registryPackage(root, 'a', "import { BRIEF } from '@studio/schemas';");
    link(
      '../../../../node_modules/.pnpm/@studio+schemas@1.0.0/node_modules/@studio/schemas',
      path.join(project, 'node_modules/@studio/schemas'),
    );
    expect(expectCli(runCli(['hash'], project), 0).stdout).toBe(inlineHash());
  });

  it('tsconfig paths into a shared package, with the tsconfig extending one at the repository root', () => {
    const root = monorepo();
    writeFiles(root, {
      'tsconfig.base.json': json({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    });
    const project = registryPackage(root, 'a', "import { BRIEF } from '@shared/brief';", {
      'tsconfig.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { paths: { '@shared/*': ['../schemas/src/*.ts'] } } }),
    });
    expect(expectCli(runCli(['hash'], project), 0).stdout).toBe(inlineHash());
  });

  it('editing the shared schema is drift for the registry that locked it', () => {
    const root = monorepo();
    const project = registryPackage(root, 'b', "import { BRIEF } from '../../../schemas/src/brief.js';");
    expectCli(runCli(['init'], project), 0);
    writeFiles(root, { 'packages/schemas/src/brief.ts': "export const BRIEF = { type: 'object' } as const;\n" });
    const result = expectCli(runCli(['check'], project), 1);
    expect(result.stdout).toContain('CONTRACT_DRIFT');
  });
});

describe('what stays unread', () => {
  function expectRefused(project: string, root: string, located: RegExp): string {
    const before = snapshotTree(root);
    const result = runCli(['hash'], project);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(located);
    expect(output).toContain('src/roles/producer.ts:2:');
    expect(output).not.toMatch(STACK_TRACE);
    // A value that cannot be resolved statically is a law finding (exit 1), like any NON_STATIC_VALUE.
    expect(result.code).toBe(1);
    expect(snapshotTree(root)).toEqual(before);
    return output;
  }

  it('an installed third-party package (a real folder in node_modules) is refused, naming the package', () => {
    const root = monorepo();
    writeFiles(root, {
      'node_modules/vendor-schemas/package.json': json({ name: 'vendor-schemas', version: '2.0.0', exports: './index.ts' }),
      'node_modules/vendor-schemas/index.ts': `export const BRIEF = ${BRIEF} as const;\n`,
    });
    const project = registryPackage(root, 'a', "import { BRIEF } from 'vendor-schemas';");
    expectRefused(
      project,
      root,
      /NON_STATIC_VALUE .*'vendor-schemas', which is the installed package vendor-schemas, not a workspace package/,
    );
  });

  it('a workspace link that leads out of the repository is refused, naming where it leads', () => {
    const root = monorepo();
    const outside = path.join(path.dirname(root), `${path.basename(root)}-outside`);
    made.push(outside);
    writeFiles(outside, {
      'package.json': json({ name: '@evil/schemas', exports: './index.ts' }),
      'index.ts': `export const BRIEF = ${BRIEF} as const;\n`,
    });
    link(outside, path.join(root, 'node_modules/@evil/schemas'));
    const project = registryPackage(root, 'a', "import { BRIEF } from '@evil/schemas';");
    const output = expectRefused(project, root, /NON_STATIC_VALUE .*'@evil\/schemas', which leads through a symbolic link to /);
    expect(output).toContain(`outside the repository ${root}`);
  });

  it('a relative import out of the repository is refused, naming the repository', () => {
    const root = monorepo();
    const outside = path.join(path.dirname(root), `${path.basename(root)}-out2`);
    made.push(outside);
    writeFiles(outside, { 'brief.ts': `export const BRIEF = ${BRIEF} as const;\n` });
    const project = registryPackage(root, 'a', `import { BRIEF } from '../../../../../${path.basename(outside)}/brief.js';`);
    expectRefused(project, root, new RegExp(`NON_STATIC_VALUE .*is outside the repository ${root}`));
  });
});

describe('one command at the repository root for every registry (--recursive)', () => {
  /** packages/a and packages/b, both reading the shared schema, both locked. */
  function twoRegistries(): string {
    const root = monorepo();
    link('../../packages/schemas', path.join(root, 'node_modules/@studio/schemas'));
    registryPackage(root, 'a', "import { BRIEF } from '@studio/schemas';");
    registryPackage(root, 'b', "import { BRIEF } from '../../../schemas/src/brief.js';");
    // A copy inside node_modules is never a registry of this repository.
    writeFiles(root, { 'node_modules/some-tool/role-registry.config.json': '{ broken' });
    return root;
  }

  it('lock, check, hash and status run once per registry, one report, paths relative to the working directory', () => {
    const root = twoRegistries();
    const locked = expectCli(runCli(['init'], path.join(root, 'packages/a')), 0);
    expect(locked.stdout).toContain('producer');
    expectCli(runCli(['init'], path.join(root, 'packages/b')), 0);
    const checked = expectCli(runCli(['check', '--recursive'], root), 0);
    expect(checked.stdout).toContain('── packages/a/role-registry.config.json (exit 0)');
    expect(checked.stdout).toContain('── packages/b/role-registry.config.json (exit 0)');
    expect(checked.stdout).toContain('2 registries: 2 clean, 0 with violations, 0 unusable.');
    expect(checked.stdout).not.toContain('some-tool');
    const hashes = expectCli(runCli(['hash', '-r'], root), 0)
      .stdout.trimEnd()
      .split('\n');
    expect(hashes).toEqual([
      `${inlineHash().trimEnd()}  packages/a/role-registry.config.json`,
      `${inlineHash().trimEnd()}  packages/b/role-registry.config.json`,
    ]);
    expect(expectCli(runCli(['status', '--recursive'], root), 0).stdout).toContain('2 registries: 2 clean');
    expect(expectCli(runCli(['lock', '--recursive'], root), 0).stdout).toContain('2 registries: 2 clean');
  });

  it('the exit code is the highest of all: a removed role in b fails the run, named by its path from the root', () => {
    const root = twoRegistries();
    expectCli(runCli(['init'], path.join(root, 'packages/a')), 0);
    expectCli(runCli(['init'], path.join(root, 'packages/b')), 0);
    writeFiles(root, { 'packages/b/src/roles/producer.ts': 'export const nothing = 1;\n' });
    const result = expectCli(runCli(['check', '--recursive'], root), 1);
    expect(result.stdout).toContain('packages/b/src/roles/producer.ts');
    expect(result.stdout).toContain('ROLE_REMOVED');
    // Named from the working directory, not from the package: packages/a has a file of the same name.
    expect(result.stdout).toContain('(it was declared in packages/b/src/roles/producer.ts)');
    expect(result.stdout).toContain('2 registries: 1 clean, 1 with violations, 0 unusable.');
    const json = JSON.parse(expectCli(runCli(['check', '--recursive', '--format', 'json'], root), 1).stdout) as {
      registries: { config: string; exitCode: number; report: { ok: boolean } }[];
      exitCode: number;
    };
    expect(json.registries.map((entry) => [entry.config, entry.exitCode, entry.report.ok])).toEqual([
      ['packages/a/role-registry.config.json', 0, true],
      ['packages/b/role-registry.config.json', 1, false],
    ]);
    // Unusable input in one registry (no lockfile in a new package c) outranks the violation.
    registryPackage(root, 'c', "import { BRIEF } from '@studio/schemas';");
    const unusable = runCli(['check', '--recursive'], root);
    expect(unusable.code).toBe(2);
    expect(unusable.stdout).toContain('2 registries'.replace('2', '3'));
    expect(unusable.stderr).toContain('packages/c/role-registry.lock.json');
  });

  it('log, and check in the markdown and gitlab formats, join every registry into one report', () => {
    const root = twoRegistries();
    expectCli(runCli(['init'], path.join(root, 'packages/a')), 0);
    expectCli(runCli(['init'], path.join(root, 'packages/b')), 0);
    git(root, 'add', '-A');
    git(root, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'publish both registries');
    const log = JSON.parse(expectCli(runCli(['log', '--recursive', '--format', 'json'], root), 0).stdout) as {
      registries: { config: string; exitCode: number; report: { entries: { subject: string }[] } }[];
      exitCode: number;
    };
    expect(log.exitCode).toBe(0);
    expect(log.registries.map((entry) => [entry.config, entry.exitCode, entry.report.entries.map((e) => e.subject)])).toEqual([
      ['packages/a/role-registry.config.json', 0, ['publish both registries']],
      ['packages/b/role-registry.config.json', 0, ['publish both registries']],
    ]);
    const text = expectCli(runCli(['log', '-r'], root), 0).stdout;
    expect(text).toContain('── packages/a/role-registry.config.json (exit 0)');
    expect(text).toContain('── packages/b/role-registry.config.json (exit 0)');
    writeFiles(root, { 'packages/b/src/roles/producer.ts': 'export const nothing = 1;\n' });
    const markdown = expectCli(runCli(['check', '--recursive', '--format', 'markdown'], root), 1).stdout;
    expect(markdown).toContain('## `packages/a/role-registry.config.json` (exit 0)');
    expect(markdown).toContain('## `packages/b/role-registry.config.json` (exit 1)');
    expect(markdown).toContain('ROLE_REMOVED');
    expect(markdown.trimEnd().endsWith('2 registries: 1 clean, 1 with violations, 0 unusable.')).toBe(true);
    const gitlab = JSON.parse(expectCli(runCli(['check', '--recursive', '--format', 'gitlab'], root), 1).stdout) as {
      check_name: string;
    }[];
    expect(gitlab.map((issue) => issue.check_name)).toEqual(['ROLE_REMOVED']);
  });

  it('no registry below the working directory is a clear error (exit 2)', () => {
    const root = monorepo();
    const result = runCli(['check', '--recursive'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`No role-registry.config.json in ${root} or any folder below it`);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('role-registry inputs: the exact files a cached check depends on', () => {
  /** packages/a reads @shared/brief through tsconfig paths, its tsconfig extends the root's. */
  function withTsconfigChain(): { root: string; project: string } {
    const root = monorepo();
    writeFiles(root, {
      'tsconfig.base.json': json({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'packages/schemas/src/unused.ts': 'export const UNUSED = 1;\n',
      'packages/web/src/page.ts': 'export const page = 1;\n',
    });
    const project = registryPackage(root, 'a', "import { BRIEF } from '@shared/index';", {
      'tsconfig.json': json({ extends: '../../tsconfig.base.json', compilerOptions: { paths: { '@shared/*': ['../schemas/src/*.ts'] } } }),
    });
    expectCli(runCli(['init'], project), 0);
    return { root, project };
  }

  const INPUTS = [
    'packages/a/package.json',
    'packages/a/role-registry.config.json',
    'packages/a/role-registry.lock.json',
    'packages/a/src/roles/producer.ts',
    'packages/a/tsconfig.json',
    'packages/schemas/package.json',
    'packages/schemas/src/brief.ts',
    'packages/schemas/src/index.ts',
    'tsconfig.base.json',
  ];

  it('lists the config, lockfile, tsconfig chain, package.json files, registry files and shared sources, relative to the working directory', () => {
    const { root, project } = withTsconfigChain();
    expect(
      expectCli(runCli(['--config', 'packages/a/role-registry.config.json', 'inputs'], root), 0)
        .stdout.trimEnd()
        .split('\n'),
    ).toEqual(INPUTS);
    expect(
      expectCli(runCli(['inputs', '--recursive'], root), 0)
        .stdout.trimEnd()
        .split('\n'),
    ).toEqual(INPUTS);
    expect(expectCli(runCli(['inputs'], project), 0).stdout).toContain('../schemas/src/brief.ts\n');
  });

  it('a change in each input changes the list or its content hash; unlisted files change neither the list nor the check', () => {
    const { root } = withTsconfigChain();
    const listed = (): string[] =>
      expectCli(runCli(['inputs', '-r'], root), 0)
        .stdout.trimEnd()
        .split('\n');
    const contentHash = (files: readonly string[]): string => {
      const hash = createHash('sha256');
      for (const file of files)
        hash
          .update(`${file}\0`)
          .update(readFileSync(path.join(root, file)))
          .update('\0');
      return hash.digest('hex');
    };
    const baseline = contentHash(listed());
    for (const input of INPUTS) {
      const original = readFileSync(path.join(root, input), 'utf8');
      writeFiles(root, { [input]: `${original}\n` });
      expect(contentHash(listed()), input).not.toBe(baseline);
      writeFiles(root, { [input]: original });
    }
    expect(contentHash(listed())).toBe(baseline);
    // Files no analysis reads: neither the list nor the result of check changes.
    writeFiles(root, {
      'packages/schemas/src/unused.ts': 'export const UNUSED = 2;\n',
      'packages/web/src/page.ts': 'export const page = 2;\n',
    });
    expect(listed()).toEqual(INPUTS);
    expectCli(runCli(['check', '-r'], root), 0);
    // A listed shared source matters: editing it is drift, and a new import adds to the list.
    writeFiles(root, { 'packages/schemas/src/index.ts': "export { BRIEF } from './brief.js';\nexport { UNUSED } from './unused.js';\n" });
    expect(listed()).toEqual(INPUTS);
    writeFiles(root, {
      'packages/schemas/src/brief.ts':
        "import { UNUSED } from './unused.js';\nexport const BRIEF = { type: 'object', minimum: UNUSED } as const;\n",
    });
    expect(listed()).toEqual([
      ...INPUTS.slice(0, 6),
      'packages/schemas/src/brief.ts',
      'packages/schemas/src/index.ts',
      'packages/schemas/src/unused.ts',
      'tsconfig.base.json',
    ]);
    expectCli(runCli(['check', '-r'], root), 1);
  });

  it('the sources listed are exactly the files the analysis read (the engine probe counts every read)', () => {
    const { root, project } = withTsconfigChain();
    const reads = new Set<string>();
    installEngineProbe({ fileSystem: (check, target) => (check === 'read' ? reads.add(target) : undefined) });
    try {
      Registry.open({ cwd: project }).inspect();
    } finally {
      installEngineProbe(undefined);
    }
    const listed = expectCli(runCli(['inputs', '-r'], root), 0)
      .stdout.trimEnd()
      .split('\n');
    const read = [...reads].map((file) => path.relative(root, file)).sort();
    const sources = listed.filter((file) => file.endsWith('.ts') || file.endsWith('.lock.json'));
    expect(sources).toEqual(read);
  });
});
