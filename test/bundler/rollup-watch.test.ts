/**
 * Rollup in watch mode with the bundler plugin: the plugin watches the lockfile, so the rebuild
 * that follows `role-registry lock` carries the new registry hash, without touching any source.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProject, expectSuccess, printedProvenance, ROLE_ADDED, type Project } from '../transformer/support/project.js';

let project: Project;

beforeAll(async () => {
  project = await createProject({ links: { rollup: 'rollup', esbuild: 'esbuild' }, name: 'rollup-watch' });
  // TypeScript through esbuild's transform, so the watch loop stays fast; the plugin under test is ours.
  project.write(
    'watch.mjs',
    `import { watch } from 'rollup';
import { transform } from 'esbuild';
import { rollup as registryProvenance } from 'role-registry/bundler';

const typescript = {
  name: 'strip-types',
  resolveId(source, importer) {
    if (importer && source.startsWith('./') && source.endsWith('.js')) return new URL(source.replace(/\\.js$/, '.ts'), 'file://' + importer).pathname;
  },
  async transform(code, id) {
    if (id.endsWith('.ts')) return (await transform(code, { loader: 'ts', format: 'esm' })).code;
  },
};
const watcher = watch({
  input: 'src/main.ts',
  plugins: [registryProvenance(), typescript],
  output: { file: 'out/watch/main.js', format: 'es' },
  watch: { buildDelay: 50, clearScreen: false },
});
let builds = 0;
watcher.on('event', async (event) => {
  if (event.code === 'BUNDLE_END') { await event.result.close(); builds += 1; console.log('BUILT ' + builds); }
  if (event.code === 'ERROR') { console.log('ERROR ' + event.error.message); await event.result?.close(); }
});
process.stdin.on('end', () => watcher.close());
process.stdin.resume();
`,
  );
});

afterAll(() => project?.remove());

it('a watch rebuild after `role-registry lock` carries the new registry hash', async () => {
  const child = spawn(process.execPath, ['watch.mjs'], { cwd: project.dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of waiters.filter((w) => output.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const waitFor = (text: string): Promise<void> =>
    output.includes(text)
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          waiters.push({ text, resolve });
          setTimeout(() => reject(new Error(`timed out waiting for "${text}"; output so far:\n${output}`)), 30_000);
        });
  try {
    await waitFor('BUILT 1');
    const before = project.expectedProvenance();
    expect(printedProvenance(expectSuccess(await project.node(['out/watch/main.js']), 'first build'))).toEqual(before);

    project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
    expectSuccess(await project.cli('lock'), 'role-registry lock');
    await waitFor('BUILT 2');
    const after = project.expectedProvenance();
    expect(after.registryHash).not.toBe(before.registryHash);
    expect(after.contractIds).toContain('ROLE:colorist:X:1');
    expect(printedProvenance(expectSuccess(await project.node(['out/watch/main.js']), 'rebuild'))).toEqual(after);
    expect(output).not.toContain('ERROR');
  } finally {
    child.stdin.end();
    child.kill();
  }
});
