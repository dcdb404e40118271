import { afterEach, describe, expect, it } from 'vitest';
import { migrationProject } from './support.js';
import type { TempProject } from '../support/temp-project.js';

const ROLES = `import { defineRole } from 'role-registry';

export const editor = defineRole({
  role_id: 'editor',
  display_name: 'Editor',
  aliases: [
    'cutter', // the 2019 name
  ],
});

// One line, no aliases yet.
export const colorist = defineRole({ role_id: 'colorist', display_name: 'Colorist' });
`;

let fixture: TempProject | undefined;
afterEach(() => fixture?.dispose());

function project(roles = ROLES): TempProject {
  fixture = migrationProject({ 'src/roles/post.ts': roles });
  expect(fixture.cli(['init']).code).toBe(0);
  return fixture;
}

describe('role-registry alias', () => {
  it('appends to a multi-line aliases array after its trailing comment, and inserts aliases into a one-line declaration', () => {
    const p = project();
    const first = p.cli(['alias', 'editor', 'film_editor']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = p.cli(['alias', 'colorist', 'grader', '--display-name', 'Colourist']);
    expect(second.code).toBe(0);
    expect(p.read('src/roles/post.ts')).toBe(`import { defineRole } from 'role-registry';

export const editor = defineRole({
  role_id: 'editor',
  display_name: 'Editor',
  aliases: [
    'cutter', // the 2019 name
    'film_editor',
  ],
});

// One line, no aliases yet.
export const colorist = defineRole({ role_id: 'colorist', display_name: 'Colourist', aliases: ['grader'] });
`);
    expect(second.stdout).toBe(`--- a/src/roles/post.ts
+++ b/src/roles/post.ts
@@ -10,4 +10,4 @@
 });
 
 // One line, no aliases yet.
-export const colorist = defineRole({ role_id: 'colorist', display_name: 'Colorist' });
+export const colorist = defineRole({ role_id: 'colorist', display_name: 'Colourist', aliases: ['grader'] });

\`role-registry lock\` will then record:
  + alias grader → colorist
  + alias film_editor → editor
Wrote src/roles/post.ts. Review it, then run \`role-registry lock\` and commit both.
`);
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('inserts aliases after role_id when it is the last field, adding the missing comma (CRLF kept)', () => {
    const p = project(
      `import { defineRole } from 'role-registry';\r\nexport const gaffer = defineRole({\r\n  role_id: 'gaffer' // lights\r\n});\r\n`,
    );
    expect(p.cli(['alias', 'gaffer', 'chief_lighting']).code).toBe(0);
    expect(p.read('src/roles/post.ts')).toBe(
      `import { defineRole } from 'role-registry';\r\nexport const gaffer = defineRole({\r\n  role_id: 'gaffer', // lights\r\n  aliases: ['chief_lighting']\r\n});\r\n`,
    );
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it("refuses an alias taken in source (another role's alias), changing nothing", () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['alias', 'colorist', 'cutter']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'role-registry alias: `cutter` is already an alias of role `editor` (src/roles/post.ts:7:5).\n    → An alias resolves to exactly one role: choose another alias.\nNothing was changed.\n',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses an alias that is a role id, changing nothing', () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['alias', 'colorist', 'editor']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('role-registry alias: `editor` is the role_id of another role, declared at src/roles/post.ts:4:12.');
    const unknown = p.cli(['alias', 'cutter', 'film_cutter']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'role-registry alias: `cutter` is an alias of role `editor`, not a role_id.\n    → Pass the role_id: `editor`.\nNothing was changed.\n',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses an alias taken only in the lockfile (a tombstoned role id), changing nothing', () => {
    const p = project(`${ROLES}\nexport const runner = defineRole({ role_id: 'runner' });\n`);
    p.write('src/roles/post.ts', ROLES);
    expect(p.cli(['waive', 'ROLE_REMOVED', 'runner', '--reason', 'never used', '--date', '2025-03-01']).code).toBe(0);
    const before = p.bytes();
    const result = p.cli(['alias', 'colorist', 'runner']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'role-registry alias: `runner` is a locked role_id (a tombstone: its removal was waived); it stays reserved forever.\n    → Choose another alias.\nNothing was changed.\n',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses an alias that is not a valid id, and an aliases field given as a constant, changing nothing', () => {
    const p = project(`import { defineRole } from 'role-registry';
const FORMER = ['old_grip'] as const;
export const grip = defineRole({ role_id: 'grip', aliases: FORMER });
`);
    const before = p.bytes();
    const invalid = p.cli(['alias', 'grip', 'Key Grip']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(
      'role-registry alias: alias "Key Grip" is not a valid id: it does not match the id pattern ^[a-z][a-z0-9_]*$.',
    );
    const constant = p.cli(['alias', 'grip', 'key_grip']);
    expect(constant.code).toBe(2);
    expect(constant.stderr).toBe(
      "role-registry alias: src/roles/post.ts:3:60: cannot rewrite safely: `aliases` is not an array literal written in the declaration.\n    → Edit it by hand: add 'key_grip' to the aliases of `grip`.\nNothing was changed.\n",
    );
    expect(p.bytes()).toEqual(before);
  });
});
