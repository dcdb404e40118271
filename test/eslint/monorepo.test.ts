/**
 * The real `eslint` CLI with one config at a monorepo's root: files outside every registry get no
 * message, a registry's own findings show in its files, named from the root, and a schema taken
 * from a workspace package (linked the way npm links it) is followed.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectCli } from '../support/studio.js';
import { runEslint, summary } from './support/eslint-run.js';
import { ESLINT_TOOLS, Fixture, USER_ESLINT_CONFIG } from './support/fixture.js';

const repositories: Fixture[] = [];
afterAll(() => {
  for (const repository of repositories) repository.dispose();
});

const PRODUCER = `import { defineRole } from 'role-registry';
import { BRIEF } from '@studio/schemas';

export const producer = defineRole({
  role_id: 'producer',
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: BRIEF }],
});
`;

function monorepo(): Fixture {
  const files: Record<string, string> = {
    'package.json': '{ "name": "studio", "private": true, "type": "module", "workspaces": ["packages/*"] }\n',
    'package-lock.json': '{ "name": "studio", "lockfileVersion": 3, "packages": {} }\n',
    'eslint.config.js': USER_ESLINT_CONFIG,
    'packages/schemas/package.json': '{ "name": "@studio/schemas", "type": "module", "exports": "./src/index.ts" }\n',
    'packages/schemas/src/index.ts': "export const BRIEF = { type: 'object', required: ['brief'] } as const;\n",
    'packages/a/role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n',
    'packages/a/src/roles/producer.ts': PRODUCER,
    // The same layout in another package: messages must tell the two apart.
    'packages/b/role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n',
    'packages/b/src/roles/producer.ts': PRODUCER,
  };
  for (let index = 0; index < 5; index++) files[`packages/web/src/page-${index}.ts`] = `export const page${index} = ${index};\n`;
  const repository = new Fixture(files, { config: null, prefix: 'rr-eslint-mono-' }).link({
    ...ESLINT_TOOLS,
    '@studio/schemas': '../../packages/schemas',
  });
  repositories.push(repository);
  expectCli(runCli(['init'], path.join(repository.dir, 'packages/a')), 0);
  expectCli(runCli(['init'], path.join(repository.dir, 'packages/b')), 0);
  return repository;
}

describe('one ESLint config at the root of a monorepo', () => {
  it('is silent on files outside every registry, and reports a registry problem in its file, named from the root', async () => {
    const repository = monorepo();
    const clean = await runEslint(repository);
    expect(clean.stderr).toBe('');
    expect(summary(clean)).toEqual([]);
    expect(clean.code).toBe(0);

    repository.write('packages/schemas/src/index.ts', "export const BRIEF = { type: 'object' } as const;\n");
    const drifted = await runEslint(repository);
    // The surface changed in the shared package; the message is put on the contract id that locked it.
    expect(summary(drifted)).toEqual([
      'packages/a/src/roles/producer.ts:6:38 role-registry/no-contract-drift CONTRACT_DRIFT',
      'packages/b/src/roles/producer.ts:6:38 role-registry/no-contract-drift CONTRACT_DRIFT',
    ]);
    expect(drifted.messages[0]!.message).toContain('(at packages/schemas/src/index.ts:1:22)');
    expect(drifted.code).toBe(1);

    repository.write('packages/schemas/src/index.ts', "export const BRIEF = { type: 'object', required: ['brief'] } as const;\n");
    repository.write('packages/b/src/roles/producer.ts', 'export const nothing = 1;\n');
    const removed = await runEslint(repository);
    expect(summary(removed)).toEqual(['packages/b/src/roles/producer.ts:1:1 role-registry/no-removed-role ROLE_REMOVED']);
    // Named from where ESLint runs, not from the package: packages/a has a file of the same name.
    expect(removed.messages[0]!.message).toContain('(it was declared in packages/b/src/roles/producer.ts)');
  });
});
