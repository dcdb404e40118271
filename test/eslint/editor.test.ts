/**
 * The editor, for real: VS Code's ESLint language server (`vscode-eslint-language-server --stdio`
 * from vscode-langservers-extracted) driven over stdio by a language client. A role deleted in the
 * buffer of its file, without saving, is reported in that file; restoring the text clears it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG, CREW } from './support/catalog.js';
import { ESLINT_TOOLS, fixture, REPO_MODULES, USER_ESLINT_CONFIG } from './support/fixture.js';
import { LspClient } from './support/lsp-client.js';

const project = fixture({ 'src/roles/catalog.ts': CATALOG, 'src/roles/crew.ts': CREW })
  .link(ESLINT_TOOLS)
  .write('package.json', '{ "name": "app", "private": true, "type": "module" }\n')
  .write('eslint.config.js', USER_ESLINT_CONFIG)
  .lock();
const client = new LspClient(
  process.execPath,
  [path.join(REPO_MODULES, 'vscode-langservers-extracted/bin/vscode-eslint-language-server'), '--stdio'],
  project.dir,
);
afterAll(async () => {
  await client.shutdown();
  project.dispose();
});

const folder = { uri: pathToFileURL(project.dir).href, name: 'app' };
// What VS Code answers for each `workspace/configuration` item: without these the server fails silently.
const settings = {
  validate: 'on',
  packageManager: 'npm',
  useESLintClass: false,
  useFlatConfig: true,
  experimental: {},
  codeAction: { disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' }, showDocumentation: { enable: true } },
  codeActionOnSave: { mode: 'all' },
  format: false,
  quiet: false,
  onIgnoredFiles: 'off',
  options: {},
  rulesCustomizations: [],
  run: 'onType',
  problems: { shortenToSingleLine: false },
  nodePath: null,
  workspaceFolder: folder,
};
client.onRequest('workspace/configuration', (params) => (params as { items: unknown[] }).items.map(() => settings));
client.onRequest('client/registerCapability', () => null);
client.onRequest('workspace/diagnostic/refresh', () => null);
client.onRequest('window/workDoneProgress/create', () => null);

interface Diagnostic {
  readonly message: string;
  readonly code?: string | number;
  readonly severity?: number;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const uri = pathToFileURL(project.file('src/roles/catalog.ts')).href;
let version = 1;

async function diagnostics(): Promise<Diagnostic[]> {
  const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
  expect(report.kind).toBe('full');
  return report.items;
}

describe('VS Code ESLint language server', () => {
  it('shows a role deleted in the unsaved buffer, in that file, and clears it when the text is restored', async () => {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folder.uri,
      workspaceFolders: [folder],
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: { didSave: true }, publishDiagnostics: {} },
        workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
      },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text: CATALOG } });
    expect(await diagnostics(), client.log.join('')).toEqual([]);

    const edited = CATALOG.slice(0, CATALOG.indexOf('export const director'));
    client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: edited }] });
    const shown = await diagnostics();
    expect(shown.map((d) => ({ code: d.code, severity: d.severity, range: d.range }))).toEqual([
      {
        code: 'role-registry/no-removed-role',
        severity: 1,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: edited.split('\n')[0]!.length } },
      },
    ]);
    expect(shown[0]!.message).toContain('Role `director` is in the lockfile but no longer declared');

    client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: CATALOG }] });
    expect(await diagnostics()).toEqual([]);
  });
});
