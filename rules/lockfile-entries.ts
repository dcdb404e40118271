import type { Finding } from '../src/core/findings.js';
import { lockfileFindingsFor } from '../src/lint/lint-sessions.js';
import { createRule } from './create-rule.js';

/** The findings about a locked entry that the source breaks, and an unreadable lockfile. */
const ENTRY_CODES: ReadonlySet<string> = new Set([
  'ROLE_REMOVED',
  'ALIAS_REMOVED',
  'DEPRECATION_REVERTED',
  'CONTRACT_REMOVED',
  'CONTRACT_DRIFT',
  'CONTRACT_REUSED',
  'LOCKFILE_INVALID',
]);

/** The nodes of @eslint/json's AST (Momoa) that this rule walks. */
interface JsonNode {
  readonly type: string;
  readonly loc: { readonly start: { line: number; column: number }; readonly end: { line: number; column: number } };
  readonly body?: JsonNode;
  readonly members?: readonly JsonMember[];
  readonly elements?: readonly { readonly value: JsonNode }[];
  readonly value?: unknown;
}

interface JsonMember {
  readonly name: JsonNode & { readonly value?: unknown };
  readonly value: JsonNode;
}

/**
 * Mirrors, in `role-registry.lock.json` itself, the findings about its entries: the locked role,
 * alias, deprecation or contract that the source no longer keeps, and a lockfile that cannot be read.
 * These findings are reported in TypeScript files by the other rules; this rule (in its own config,
 * for the JSON language of @eslint/json) adds the squiggle on the entry.
 */
export default createRule<[], 'lockedEntry'>({
  name: 'lockfile-entries',
  meta: {
    type: 'problem',
    docs: { description: 'Report, in the lockfile, the locked entries that the source no longer keeps' },
    schema: [],
    defaultOptions: [],
    messages: { lockedEntry: '{{code}}: {{message}} {{hint}}' },
    languages: ['json/json'],
  },
  defaultOptions: [],
  create(context) {
    const listeners = {
      Document(document: JsonNode) {
        const findings = lockfileFindingsFor(
          {
            file: context.physicalFilename,
            text: context.sourceCode.text,
            virtual: context.filename !== context.physicalFilename,
            settings: context.settings,
            pass: context.sourceCode,
          },
          ENTRY_CODES,
        );
        for (const f of findings ?? []) {
          const data = { code: f.code, message: f.message, hint: f.hint };
          const node = entryOf(document, f);
          if (node) context.report({ node: node as never, messageId: 'lockedEntry', data });
          else context.report({ loc: locationOf(f, document), messageId: 'lockedEntry', data });
        }
      },
    };
    return listeners as never;
  },
});

function member(object: JsonNode | undefined, name: string): JsonMember | undefined {
  return object?.members?.find((candidate) => candidate.name.value === name);
}

/** The node of the entry a finding is about: the role's key, the alias, the deprecation, the contract's key. */
function entryOf(document: JsonNode, f: Finding): JsonNode | undefined {
  const { roleId, alias, contractId } = f.subject;
  if (roleId === undefined) return undefined;
  const role = member(member(document.body, 'roles')?.value, roleId);
  if (!role) return undefined;
  switch (f.code) {
    case 'ALIAS_REMOVED':
      return member(role.value, 'aliases')?.value.elements?.find((element) => element.value.value === alias)?.value ?? role.name;
    case 'DEPRECATION_REVERTED':
      return member(role.value, 'deprecated')?.value ?? role.name;
    case 'CONTRACT_REMOVED':
    case 'CONTRACT_DRIFT':
      return (contractId !== undefined ? member(member(role.value, 'contracts')?.value, contractId)?.name : undefined) ?? role.name;
    case 'CONTRACT_REUSED':
      return (contractId !== undefined ? member(member(role.value, 'retiredContracts')?.value, contractId)?.name : undefined) ?? role.name;
    default:
      return role.name;
  }
}

/** JSON columns are 1-based in ESLint's JSON language, like the engine's spans. */
function locationOf(f: Finding, document: JsonNode): { start: { line: number; column: number }; end: { line: number; column: number } } {
  if (f.span) return { start: { line: f.span.line, column: f.span.column }, end: { line: f.span.endLine, column: f.span.endColumn } };
  return { start: document.loc.start, end: document.loc.start };
}
