import json from '@eslint/json';
import { RuleTester } from 'eslint';
import { afterAll, describe, it } from 'vitest';
import plugin from '../../../rules/plugin.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const clean = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
// On disk, the source breaks the lockfile: director deleted, exec_producer dropped, X:1 changed.
const broken = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
broken.write(
  'src/roles/catalog.ts',
  CATALOG.slice(0, CATALOG.indexOf('export const director'))
    .replace("  aliases: ['exec_producer'],\n", '')
    .replace("schema_json: { type: 'object' }", "schema_json: { type: 'array' }"),
);
const undeprecated = fixture({ 'src/roles/catalog.ts': CATALOG }).lock();
undeprecated.write(
  'src/roles/catalog.ts',
  CATALOG.replace("  deprecated: { reason: 'merged into producer', replaced_by: 'producer' },\n", ''),
);
const unreadable = fixture({ 'src/roles/catalog.ts': CATALOG }).lock();
const newerRuleset = unreadable.read('role-registry.lock.json').replace('"ruleset": 1', '"ruleset": 9');
unreadable.write('role-registry.lock.json', newerRuleset);
afterAll(() => [clean, broken, undeprecated, unreadable].forEach((project) => project.dispose()));

const brokenLock = broken.read('role-registry.lock.json');
const undeprecatedLock = undeprecated.read('role-registry.lock.json');

new RuleTester({ plugins: { json }, language: 'json/json' }).run('lockfile-entries', plugin.rules['lockfile-entries'], {
  valid: [
    { filename: clean.file('role-registry.lock.json'), code: clean.read('role-registry.lock.json') },
    // Not the lockfile of any role-registry config.
    { filename: clean.file('package.json'), code: '{ "name": "app" }' },
  ],
  invalid: [
    {
      filename: broken.file('role-registry.lock.json'),
      code: brokenLock,
      errors: [
        {
          message:
            "ROLE_REMOVED: Role `director` is in the lockfile but no longer declared (it was declared in src/roles/catalog.ts). Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).",
          ...at(brokenLock, '"director"'),
        },
        {
          message:
            "ALIAS_REMOVED: Alias `exec_producer` of role `producer` is locked but no longer declared. Aliases are append-only (stored references use them): add 'exec_producer' back to aliases.",
          ...at(brokenLock, '"exec_producer"'),
        },
        { messageId: 'lockedEntry', ...at(brokenLock, '"ROLE:producer:X:1"') },
      ],
    },
    {
      filename: undeprecated.file('role-registry.lock.json'),
      code: undeprecatedLock,
      errors: [{ messageId: 'lockedEntry', ...at(undeprecatedLock, 'true') }],
    },
    {
      // Valid JSON, but not a lockfile this release can trust: reported at the offending value.
      filename: unreadable.file('role-registry.lock.json'),
      code: newerRuleset,
      errors: [{ messageId: 'lockedEntry', ...at(newerRuleset, '9') }],
    },
  ],
});
