/** `role-registry provenance`, `attest` and `verify`, run as a user runs them. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, expectSuccess, ROLE_ADDED, type Project } from './support/project.js';

let project: Project;

beforeAll(async () => {
  project = await createProject({ name: 'cli-provenance' });
});

afterAll(() => project?.remove());

describe('role-registry provenance', () => {
  it('prints the value of the lockfile as JSON', async () => {
    const result = expectSuccess(await project.cli('provenance'), 'provenance');
    expect(JSON.parse(result.stdout)).toEqual(project.expectedProvenance());
  });

  it('writes the generated module, rewrites it only when the content changes, and --check catches staleness', async () => {
    const out = 'src/generated/provenance.ts';
    expect((await project.cli('provenance', '--out', out, '--check')).code).toBe(1);
    expect(expectSuccess(await project.cli('provenance', '--out', out), 'write').stdout).toContain('Wrote src/generated/provenance.ts');
    const first = project.read(out);
    expect(first).toContain(project.expectedProvenance().registryHash);
    const mtime = statSync(project.file(out)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(expectSuccess(await project.cli('provenance', '--out', out), 'rewrite').stdout).toContain('is up to date');
    expect(statSync(project.file(out)).mtimeMs).toBe(mtime);
    expect(expectSuccess(await project.cli('provenance', '--out', out, '--check'), 'check').code).toBe(0);

    project.write('src/roles/catalog.ts', project.read('src/roles/catalog.ts') + ROLE_ADDED);
    expectSuccess(await project.cli('lock'), 'lock');
    const stale = await project.cli('provenance', '--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('is stale');
    expect(project.read(out)).toBe(first);
    expectSuccess(await project.cli('provenance', '--out', out), 'regenerate');
    expect(project.read(out)).toContain(project.expectedProvenance().registryHash);
    expect(project.read(out)).toContain('ROLE:colorist:X:1');
  });

  it('refuses (exit 1, nothing written) while the source has unlocked changes, unless told to warn', async () => {
    project.write('src/roles/extra.ts', "import { defineRole } from 'role-registry';\nexport const grip = defineRole({ role_id: 'grip' });\n");
    try {
      const refused = await project.cli('provenance', '--out', 'src/refused.ts');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('LOCK_OUTDATED');
      expect(() => readFileSync(project.file('src/refused.ts'))).toThrow();
      const lenient = await project.cli('provenance', '--out', 'src/refused.ts', '--registry-problems', 'warning');
      expect(lenient.code).toBe(0);
      expect(lenient.stderr).toContain('warning');
    } finally {
      writeFileSync(project.file('src/roles/extra.ts'), '');
    }
  });
});

describe('role-registry attest and verify', () => {
  it('attest writes an in-toto Statement v1 binding files by sha256 to the provenance value', async () => {
    project.write('out/app.js', `const REGISTRY_PROVENANCE = { registryHash: "${project.expectedProvenance().registryHash}" };\n`);
    project.write('out/other.bin', 'bytes');
    expectSuccess(await project.cli('attest', 'out/app.js', 'out/other.bin', '--out', 'out/statement.intoto.json'), 'attest');
    const statement = project.json('out/statement.intoto.json') as Record<string, unknown>;
    expect(statement['_type']).toBe('https://in-toto.io/Statement/v1');
    expect(statement['predicateType']).toMatch(/^https:\/\/.+docs\/transformer\.md#predicate-registry-provenance-v1$/);
    expect(statement['predicate']).toEqual(project.expectedProvenance());
    const sha = (file: string): string => createHash('sha256').update(readFileSync(project.file(file))).digest('hex');
    expect(statement['subject']).toEqual([
      { name: 'out/app.js', digest: { sha256: sha('out/app.js') } },
      { name: 'out/other.bin', digest: { sha256: sha('out/other.bin') } },
    ]);
  });

  it('verify accepts artifacts with the current hash, however it is quoted, and rejects missing or other hashes', async () => {
    const current = project.expectedProvenance().registryHash;
    project.write('out/ok.js', `x={"registryHash":"${current}"}`);
    project.write('out/minified.js', `var a=Object.freeze({format:"role-registry.provenance/1",registryHash:'${current}'});`);
    project.write('out/none.js', 'console.log(1)');
    project.write('out/old.js', `({ registryHash: "${'a'.repeat(64)}" })`);
    expect(expectSuccess(await project.cli('verify', 'out/ok.js', 'out/minified.js'), 'verify').stdout).toContain('✔ out/minified.js');
    const none = await project.cli('verify', 'out/ok.js', 'out/none.js');
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('✖ out/none.js: carries no registry hash');
    const old = await project.cli('verify', 'out/old.js');
    expect(old.code).toBe(1);
    expect(old.stdout).toContain(`built against registry ${'a'.repeat(64)}, but the lockfile is at ${current}`);
    expect((await project.cli('verify', 'out/missing.js')).code).toBe(2);
  });
});
