import { afterAll } from 'vitest';
import rule from '../../../rules/no-alias-reference.js';
import { at, CATALOG, CREW } from '../support/catalog.js';
import { fixture } from '../support/fixture.js';
import { ruleTester } from '../support/rule-tester.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW }).lock();
// `cutter`: an alias the lockfile records but the source dropped (ALIAS_REMOVED): still an alias of editor.
const dropped = fixture({
  'src/roles/catalog.ts': CATALOG,
  'src/roles/crew.ts': CREW.replace("role_id: 'editor' }", "role_id: 'editor', aliases: ['cutter'] }"),
}).lock();
// (and `grip`, deprecated without a replacement)
dropped.write('src/roles/crew.ts', `${CREW}export const grip = defineRole({ role_id: 'grip', deprecated: true });\n`).lock();
afterAll(() => {
  project.dispose();
  dropped.dispose();
});

const app = project.file('src/app/jobs.ts');
const header =
  'declare function getRole(id: string): unknown;\ndeclare const registry: { getRole(id: string): unknown; lookup(kind: string, id: string): unknown };\n';
const code = (body: string): string => `${header}${body}\n`;

const aliasCall = code("getRole('exec_producer');");
const aliasMethod = code('registry.getRole("exec_producer");');
const aliasTemplate = code('getRole(`exec_producer`);');
const aliasAsConst = code("getRole('exec_producer' as const);");
const aliasKey = code("export const job = { role_id: 'exec_producer', status: 'done' };");
const deprecatedCall = code("getRole('director');");
const customCallee = code("registry.lookup('role', 'exec_producer');");
const customKey = code("export const job = { owner: 'exec_producer' };");

ruleTester().run('no-alias-reference', rule, {
  valid: [
    { filename: app, code: code("getRole('producer');") },
    { filename: app, code: code("getRole('editor'); getRole(someId); getRole(`${'exec'}_producer`);\ndeclare const someId: string;") },
    // Not a configured call site or key.
    { filename: app, code: code("console.log('exec_producer'); export const note = { label: 'exec_producer' };") },
    // The declarations themselves are the registry rules' business (aliases are declared there).
    { filename: project.file('src/roles/catalog.ts'), code: CATALOG },
    // Options replace the defaults.
    { filename: app, code: aliasCall, options: [{ callees: ['findRole'], keys: [] }] },
  ],
  invalid: [
    {
      filename: app,
      code: aliasCall,
      output: aliasCall.replace("'exec_producer'", "'producer'"),
      errors: [{ messageId: 'aliasReference', data: { name: 'exec_producer', roleId: 'producer' }, ...at(aliasCall, "'exec_producer'") }],
    },
    {
      filename: app,
      code: aliasMethod,
      output: aliasMethod.replace('"exec_producer"', '"producer"'),
      errors: [{ messageId: 'aliasReference', ...at(aliasMethod, '"exec_producer"') }],
    },
    {
      filename: app,
      code: aliasTemplate,
      output: aliasTemplate.replace('`exec_producer`', '`producer`'),
      errors: [{ messageId: 'aliasReference', ...at(aliasTemplate, '`exec_producer`') }],
    },
    {
      filename: app,
      code: aliasAsConst,
      output: aliasAsConst.replace("'exec_producer'", "'producer'"),
      errors: [{ messageId: 'aliasReference', ...at(aliasAsConst, "'exec_producer'") }],
    },
    {
      filename: app,
      code: aliasKey,
      output: aliasKey.replace("'exec_producer'", "'producer'"),
      errors: [{ messageId: 'aliasReference', ...at(aliasKey, "'exec_producer'") }],
    },
    {
      // Deprecated: no autofix (the replacement is another role), a suggestion to its replaced_by.
      filename: app,
      code: deprecatedCall,
      output: null,
      errors: [
        {
          messageId: 'deprecatedReference',
          data: { name: 'director', reason: ' (merged into producer)', instead: '`producer`' },
          ...at(deprecatedCall, "'director'"),
          suggestions: [
            { messageId: 'useReplacement', data: { replacedBy: 'producer' }, output: deprecatedCall.replace("'director'", "'producer'") },
          ],
        },
      ],
    },
    {
      // A deprecated role without replaced_by: reported, nothing to suggest.
      filename: dropped.file('src/app.ts'),
      code: code("getRole('grip');"),
      output: null,
      errors: [{ messageId: 'deprecatedReference', data: { name: 'grip', reason: '', instead: 'an active role' }, suggestions: [] }],
    },
    {
      filename: app,
      code: customCallee,
      output: customCallee.replace("'exec_producer'", "'producer'"),
      options: [{ callees: [{ name: 'registry.lookup', argument: 1 }] }],
      errors: [{ messageId: 'aliasReference', ...at(customCallee, "'exec_producer'") }],
    },
    {
      filename: app,
      code: customKey,
      output: customKey.replace("'exec_producer'", "'producer'"),
      options: [{ keys: ['owner'] }],
      errors: [{ messageId: 'aliasReference', ...at(customKey, "'exec_producer'") }],
    },
    {
      // A locked alias stays an alias even where the source dropped it.
      filename: dropped.file('src/app.ts'),
      code: code("getRole('cutter');"),
      output: code("getRole('editor');"),
      errors: [{ messageId: 'aliasReference', data: { name: 'cutter', roleId: 'editor' } }],
    },
    {
      // Outside the defineRole call, a registry file is code like any other.
      filename: project.file('src/roles/crew.ts'),
      code: `${CREW}${header}getRole('exec_producer');\n`,
      output: `${CREW}${header}getRole('producer');\n`,
      errors: [{ messageId: 'aliasReference' }],
    },
  ],
});
