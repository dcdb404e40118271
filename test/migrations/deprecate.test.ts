import { afterEach, describe, expect, it } from 'vitest';
import { migrationProject } from './support.js';
import type { TempProject } from '../support/temp-project.js';

const ROLES = `import { defineRole } from 'role-registry';

// The producer runs the show.
export const producer = defineRole({
  role_id: 'producer', // stable forever
  display_name: 'Producer',
  /* what it reads */
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }],
});

export const director = defineRole({ role_id: "director", display_name: "Director" });
`;

let fixture: TempProject | undefined;
afterEach(() => fixture?.dispose());

function project(roles = ROLES): TempProject {
  fixture = migrationProject({ 'src/roles/crew.ts': roles });
  expect(fixture.cli(['init']).code).toBe(0);
  return fixture;
}

describe('role-registry deprecate', () => {
  it('adds deprecated after the display name of a multi-line declaration, keeping comments and formatting', () => {
    const p = project();
    const result = p.cli(['deprecate', 'producer', '--reason', "merged into director's role", '--replaced-by', 'director']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(p.read('src/roles/crew.ts')).toBe(`import { defineRole } from 'role-registry';

// The producer runs the show.
export const producer = defineRole({
  role_id: 'producer', // stable forever
  display_name: 'Producer',
  deprecated: { reason: 'merged into director\\'s role', replaced_by: 'director' },
  /* what it reads */
  extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }],
});

export const director = defineRole({ role_id: "director", display_name: "Director" });
`);
    expect(result.stdout).toBe(`--- a/src/roles/crew.ts
+++ b/src/roles/crew.ts
@@ -4,6 +4,7 @@
 export const producer = defineRole({
   role_id: 'producer', // stable forever
   display_name: 'Producer',
+  deprecated: { reason: 'merged into director\\'s role', replaced_by: 'director' },
   /* what it reads */
   extract_contracts: [{ contract_id: 'ROLE:producer:X:1', schema_json: { type: 'object' } }],
 });

\`role-registry lock\` will then record:
  ~ role producer deprecated
Wrote src/roles/crew.ts. Review it, then run \`role-registry lock\` and commit both.
`);
    const check = p.cli(['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('LOCK_OUTDATED  The deprecation of role `producer` is not in the lockfile yet.');
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('writes deprecated: true inline in a one-line declaration, in its quote style', () => {
    const p = project();
    expect(p.cli(['deprecate', 'director']).code).toBe(0);
    expect(p.read('src/roles/crew.ts').split('\n').at(-2)).toBe(
      'export const director = defineRole({ role_id: "director", display_name: "Director", deprecated: true });',
    );
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('rewrites a role declared through a namespace import (rr.defineRole)', () => {
    const p = project(`import * as rr from 'role-registry';

export const boom = rr.defineRole({
  role_id: 'boom_operator',
  aliases: ['boom'],
});
`);
    expect(p.cli(['deprecate', 'boom_operator', '--reason', 'wireless now']).code).toBe(0);
    expect(p.read('src/roles/crew.ts')).toBe(`import * as rr from 'role-registry';

export const boom = rr.defineRole({
  role_id: 'boom_operator',
  aliases: ['boom'],
  deprecated: { reason: 'wireless now' },
});
`);
    expect(p.cli(['lock']).code).toBe(0);
    expect(p.cli(['check']).code).toBe(0);
  });

  it('--dry-run shows the diff and writes nothing', () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['deprecate', 'director', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '+export const director = defineRole({ role_id: "director", display_name: "Director", deprecated: true });',
    );
    expect(result.stdout.endsWith('Dry run: nothing was written.\n')).toBe(true);
    expect(p.bytes()).toEqual(before);
  });

  it('refuses an unknown id, changing nothing', () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['deprecate', 'colorist']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'role-registry deprecate: no role "colorist" is declared in this registry.\n    → Check the role_id (`role-registry status` counts the declared roles; `role-registry hash --snapshot` lists them).\nNothing was changed.\n',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses a replaced_by that names no declared role (the engine judges the rewrite), changing nothing', () => {
    const p = project();
    const before = p.bytes();
    const result = p.cli(['deprecate', 'producer', '--replaced-by', 'nobody']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'src/roles/crew.ts:7:30  error  REPLACED_BY_UNKNOWN  Role `producer` is replaced by "nobody", which is not a declared role.',
    );
    expect(result.stderr).toContain('role-registry deprecate: the change would break the law; nothing was changed.\n');
    expect(p.bytes()).toEqual(before);
  });

  it('refuses a declaration built through a spread, naming the place, changing nothing', () => {
    const p = project(`import { defineRole } from 'role-registry';

const common = { deprecated: false } as const;

export const grip = defineRole({
  ...common,
  role_id: 'grip',
});
`);
    const before = p.bytes();
    const result = p.cli(['deprecate', 'grip']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "role-registry deprecate: src/roles/crew.ts:6:3: cannot rewrite safely: the declaration of `grip`: `deprecated` may come from the spread here.\n    → Edit it by hand: add deprecated: { reason: '…', replaced_by: '…' } to the declaration of `grip`.\nNothing was changed.\n",
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses a declaration passed as a constant, changing nothing', () => {
    const p = project(`import { defineRole } from 'role-registry';

const GAFFER = { role_id: 'gaffer' } as const;
export const gaffer = defineRole(GAFFER);
`);
    const before = p.bytes();
    const result = p.cli(['deprecate', 'gaffer']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'role-registry deprecate: src/roles/crew.ts:4:34: cannot rewrite safely: role `gaffer` is declared through the constant `GAFFER`, not an object literal written in the defineRole call.',
    );
    expect(p.bytes()).toEqual(before);
  });

  it('refuses a role that is already deprecated', () => {
    const p = project(`import { defineRole } from 'role-registry';
export const old = defineRole({ role_id: 'old', deprecated: true });
`);
    const result = p.cli(['deprecate', 'old']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'role-registry deprecate: src/roles/crew.ts:2:61: role `old` is already deprecated.\n    → Deprecation is final; its reason and replaced_by are documentation you may edit by hand.\nNothing was changed.\n',
    );
  });
});
