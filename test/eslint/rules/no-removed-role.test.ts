import { afterAll } from 'vitest';
import rule from '../../../rules/no-removed-role.js';
import { CATALOG, CREW, firstLine } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
// A second project whose lockfile names a file that no longer exists: the fallback file reports.
const moved = fixture({ 'src/roles/a.ts': CREW, 'src/roles/b.ts': CATALOG }).lock();
moved.remove('src/roles/a.ts');
const withoutDirector = CATALOG.slice(0, CATALOG.indexOf('export const director'));
// A third whose catalog.ts lost `director` on disk (the CLI case).
const deletedOnDisk = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW })
  .lock()
  .write('src/roles/catalog.ts', withoutDirector);
afterAll(() => {
  project.dispose();
  moved.dispose();
  deletedOnDisk.dispose();
});

ruleTester().run('no-removed-role', rule, {
  valid: [
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    { filename: project.file('src/roles/crew.ts'), code: CREW },
    // Deprecating is the way to retire a role.
    { filename: project.file('src/roles/crew.ts'), code: CREW.replace("role_id: 'editor'", "role_id: 'editor', deprecated: true") },
    // Adding a role removes none.
    { filename: project.file('src/roles/crew.ts'), code: `${CREW}export const gaffer = defineRole({ role_id: 'gaffer' });\n` },
    // `director` is gone from catalog.ts on disk: it is reported in catalog.ts (its declaredIn), not here.
    { filename: deletedOnDisk.file('src/roles/crew.ts'), code: CREW },
    // Not a registry file of this project.
    { filename: project.file('src/app.ts'), code: 'export const app = 1;\n' },
  ],
  invalid: [
    {
      filename: deletedOnDisk.file('src/roles/catalog.ts'),
      code: withoutDirector,
      errors: [{ messageId: 'ROLE_REMOVED', ...firstLine(withoutDirector) }],
    },
    {
      // The buffer of catalog.ts drops `director`: reported in catalog.ts, where it was declared.
      filename: project.file('src/roles/catalog.ts'),
      code: withoutDirector,
      errors: [{ messageId: 'ROLE_REMOVED', ...firstLine(withoutDirector) }],
    },
    {
      filename: project.file('src/roles/crew.ts'),
      code: CREW.replace("'editor'", "'colorist'"),
      errors: [{ messageId: 'ROLE_REMOVED', ...firstLine(CREW) }],
    },
    {
      // `editor` was declared in a.ts, deleted since: the fallback file (the first registry file) reports it.
      filename: moved.file('src/roles/b.ts'),
      code: CATALOG,
      errors: [{ messageId: 'ROLE_REMOVED', ...firstLine(CATALOG) }],
    },
  ],
});
