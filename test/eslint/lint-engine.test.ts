/** The pure parts of the lint engine: when the disk is read, where a finding is reported, which files are registry files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/source/config.js';
import { finding } from '../../src/core/findings.js';
import { BurstClock } from '../../src/lint/burst.js';
import { homeOf } from '../../src/lint/home.js';
import { registryFileMatcher } from '../../src/lint/registry-file-matcher.js';
import { ALWAYS_IGNORED } from '../../src/source/workspace.js';

describe('BurstClock', () => {
  function clock() {
    let now = 0;
    const jobEnds: (() => void)[] = [];
    const burst = new BurstClock(
      () => now,
      (callback) => jobEnds.push(callback),
    );
    return {
      burst,
      /** One lint call: enters the clock, then settles it as the session does when it has answered. */
      lint: (file: string) => {
        const number = burst.enter(file);
        burst.settle();
        return number;
      },
      advance: (ms: number) => (now += ms),
      endJob: () => jobEnds.splice(0).forEach((end) => end()),
    };
  }

  it('keeps one burst while each file is linted once (an eslint run)', () => {
    const { burst, advance, endJob } = clock();
    const bursts = ['a', 'b', 'c', 'd'].map((file) => {
      const number = burst.enter(file);
      advance(5);
      burst.settle();
      endJob();
      return number;
    });
    expect(bursts).toEqual([1, 1, 1, 1]);
  });

  it('starts a new burst when a file is linted again in a later job (an editor, a second run)', () => {
    const { lint, endJob } = clock();
    expect(lint('a')).toBe(1);
    endJob();
    expect(lint('b')).toBe(1);
    endJob();
    expect(lint('a')).toBe(2);
    endJob();
    expect(lint('b')).toBe(2);
  });

  it('keeps the burst for autofix passes: the same file again within one synchronous job', () => {
    const { lint, endJob } = clock();
    expect(lint('a')).toBe(1);
    expect(lint('a')).toBe(1);
    expect(lint('a')).toBe(1);
    endJob();
    expect(lint('a')).toBe(2);
  });

  it('starts a new burst after an idle pause longer than the window, measured from the end of the last call', () => {
    const { burst, advance, endJob } = clock();
    expect(burst.enter('a', 250)).toBe(1);
    advance(1000);
    burst.settle();
    endJob();
    advance(250);
    expect(burst.enter('b', 250)).toBe(1);
    burst.settle();
    endJob();
    advance(251);
    expect(burst.enter('c', 250)).toBe(2);
  });
});

describe('homeOf', () => {
  const root = '/p';
  const context = { root, registryFiles: ['/p/src/a.ts', '/p/src/b.ts', '/p/src/c.ts'], unparseableFiles: new Set(['/p/src/a.ts']) };
  const span = (file: string) => ({ file, line: 2, column: 3, endLine: 2, endColumn: 9 });

  it('reports a finding with a place at that place', () => {
    expect(homeOf(finding('ROLE_ID_DUPLICATE', { message: '', hint: '', subject: {}, span: span('/p/src/c.ts') }), context)).toBe(
      '/p/src/c.ts',
    );
  });

  it('reports a removed role in the file the lockfile names, else in the first registry file that parses', () => {
    const removed = (declaredIn?: string) =>
      finding('ROLE_REMOVED', { message: '', hint: '', subject: { roleId: 'x' }, ...(declaredIn ? { declaredIn } : {}) });
    expect(homeOf(removed('src/c.ts'), context)).toBe('/p/src/c.ts');
    expect(homeOf(removed('src/gone.ts'), context)).toBe('/p/src/b.ts');
    expect(homeOf(removed('src/a.ts'), context)).toBe('/p/src/b.ts');
    expect(homeOf(removed(), context)).toBe('/p/src/b.ts');
  });

  it("reports a removed role where this process last saw it declared, before the lockfile's stale hint", () => {
    const removed = finding('ROLE_REMOVED', { message: '', hint: '', subject: { roleId: 'x' }, declaredIn: 'src/b.ts' });
    expect(homeOf(removed, { ...context, lastSeen: new Map([['x', '/p/src/c.ts']]) })).toBe('/p/src/c.ts');
    expect(homeOf(removed, { ...context, lastSeen: new Map([['y', '/p/src/c.ts']]) })).toBe('/p/src/b.ts');
    // A file that is no registry file any more, or does not parse, cannot host it.
    expect(homeOf(removed, { ...context, lastSeen: new Map([['x', '/p/src/gone.ts']]) })).toBe('/p/src/b.ts');
    expect(homeOf(removed, { ...context, lastSeen: new Map([['x', '/p/src/a.ts']]) })).toBe('/p/src/b.ts');
  });

  it('reports input problems (a file that does not parse, the lockfile) in the fallback file', () => {
    expect(homeOf(finding('SOURCE_UNPARSEABLE', { message: '', hint: '', subject: {}, span: span('/p/src/a.ts') }), context)).toBe(
      '/p/src/b.ts',
    );
    expect(
      homeOf(
        finding('LOCKFILE_INVALID', { message: '', hint: '', subject: {}, inputFile: '/p/lock.json', span: span('/p/lock.json') }),
        context,
      ),
    ).toBe('/p/src/b.ts');
  });
});

describe('registryFileMatcher', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rr-matcher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = [
    'src/roles/a.ts',
    'src/roles/deep/b.ts',
    'src/roles/c.d.ts',
    'src/roles/.hidden.ts',
    'src/roles/skip/d.ts',
    'src/roles/e.tsx',
    'src/other.ts',
    'node_modules/x/src/roles/f.ts',
    'src/roles/neg.ts',
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '');
  }

  it.each([
    ['{ "include": ["src/roles/**/*.ts"] }'],
    ['{ "include": ["src/roles/**/*.{ts,tsx}", "!src/roles/neg.ts"], "exclude": ["src/roles/skip/**"] }'],
    ['{ "include": ["src/**/*"], "exclude": ["**/deep/*.ts"] }'],
    ['{ "include": ["./src/roles/*.ts"] }'],
  ])('agrees with the workspace glob for %s', (text) => {
    const config = parseConfig(path.join(dir, 'role-registry.config.json'), text);
    const globbed = globSync([...config.include], {
      cwd: dir,
      ignore: [...config.exclude, ...ALWAYS_IGNORED],
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    })
      .map((file) => path.resolve(file))
      .sort();
    const matches = registryFileMatcher(config);
    expect(
      files
        .map((file) => path.join(dir, file))
        .filter(matches)
        .sort(),
    ).toEqual(globbed);
  });
});
