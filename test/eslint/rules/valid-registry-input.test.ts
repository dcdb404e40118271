import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../../rules/valid-registry-input.js';
import { CATALOG, CREW, firstLine } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const good = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
const truncatedLock = fixture({ 'src/roles/catalog.ts': CATALOG }).lock();
truncatedLock.write('role-registry.lock.json', truncatedLock.read('role-registry.lock.json').slice(0, 40));
const conflictedLock = fixture({ 'src/roles/catalog.ts': CATALOG }).lock();
conflictedLock.write(
  'role-registry.lock.json',
  `<<<<<<< HEAD\n${conflictedLock.read('role-registry.lock.json')}=======\n{}\n>>>>>>> theirs\n`,
);
const badConfig = fixture({ 'src/roles/catalog.ts': CATALOG }, '{ "include": ["src/roles/**/*.ts"], "lockFile": "x.json" }\n');
const noMatch = fixture({ 'src/roles/catalog.ts': CATALOG }, '{ "include": ["roles/**/*.ts"] }\n');
const broken = fixture({ 'src/roles/b.ts': CREW, 'src/roles/a.ts': 'export const x = 1 ++ 2;\n' });
broken.write('role-registry.lock.json', good.read('role-registry.lock.json'));
const outside = mkdtempSync(path.join(tmpdir(), 'rr-eslint-noconfig-'));
writeFileSync(path.join(outside, 'loose.ts'), 'export const loose = 1;\n');
afterAll(() => {
  for (const project of [good, truncatedLock, conflictedLock, badConfig, noMatch, broken]) project.dispose();
  rmSync(outside, { recursive: true, force: true });
});

const loose = 'export const loose = 1;\n';

ruleTester().run('valid-registry-input', rule, {
  valid: [
    { filename: good.file('src/roles/catalog.ts'), code: CATALOG },
    // No role-registry.config.json above it and no settings: the file belongs to no registry, nothing to report.
    { filename: path.join(outside, 'loose.ts'), code: loose },
    { filename: good.file('src/app.ts'), code: 'export const app = 1;\n' },
    // settings point at a config elsewhere: a file outside that project is simply not a registry file.
    {
      filename: path.join(outside, 'loose.ts'),
      code: loose,
      settings: { 'role-registry': { configFile: good.file('role-registry.config.json') } },
    },
  ],
  invalid: [
    {
      filename: truncatedLock.file('src/roles/catalog.ts'),
      code: CATALOG,
      errors: [
        {
          messageId: 'LOCKFILE_INVALID',
          data: {
            message:
              'The lockfile cannot be read: it is not valid JSON: the file ends too early (close brace expected); it may be truncated (line 3, column 15). (at role-registry.lock.json:3:15)',
            hint: 'Restore the lockfile from git (`git checkout -- <lockfile>`) and re-run `role-registry lock`; it is written by the tool, never by hand.',
          },
          ...firstLine(CATALOG),
        },
      ],
    },
    {
      filename: conflictedLock.file('src/roles/catalog.ts'),
      code: CATALOG,
      errors: [{ messageId: 'LOCKFILE_INVALID', ...firstLine(CATALOG) }],
    },
    {
      filename: badConfig.file('src/roles/catalog.ts'),
      code: CATALOG,
      errors: [
        {
          messageId: 'CONFIG_INVALID',
          data: {
            // No config, no project root: the place is named by its absolute path.
            message: `The config is invalid at line 1, column 49: unknown key "lockFile". (at ${badConfig.file('role-registry.config.json')}:1:49)`,
            hint: 'Known keys: include, exclude, lockfile, idPattern, baseRef, tsconfig.',
          },
          ...firstLine(CATALOG),
        },
      ],
    },
    { filename: noMatch.file('src/roles/catalog.ts'), code: CATALOG, errors: [{ messageId: 'CONFIG_INVALID', ...firstLine(CATALOG) }] },
    {
      filename: good.file('src/roles/crew.ts'),
      code: CREW,
      settings: { 'role-registry': { configFile: 'role-registry.config.json' } },
      errors: [{ messageId: 'CONFIG_INVALID', ...firstLine(CREW) }],
    },
    {
      // a.ts does not parse: ESLint reports its parse error there; the registry says so in the first file that parses.
      filename: broken.file('src/roles/b.ts'),
      code: CREW,
      errors: [
        {
          messageId: 'SOURCE_UNPARSEABLE',
          data: {
            message: "src/roles/a.ts does not parse as TypeScript: ',' expected. (at src/roles/a.ts:1:23)",
            hint: 'Fix the syntax error; until then the roles of this file are unknown and are not judged.',
          },
          ...firstLine(CREW),
        },
      ],
    },
  ],
});
