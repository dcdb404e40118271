import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Finding, FindingSuggestion, ViolationCode } from '../src/core/findings.js';
import { reportFor, type LintRequest } from '../src/lint/lint-sessions.js';
import type { FileReport } from '../src/lint/session.js';
import type { SourceSpan } from '../src/core/model.js';
import { quoteString } from '../src/support/ts-literal.js';
import { portableRelative } from '../src/support/portable-path.js';
import { driftSummary } from '../src/report/surface-diff-text.js';
import { createRule, JS_LANGUAGES } from './create-rule.js';

/** The message id of the suggestion a finding may carry (e.g. the next contract version). */
export const SUGGESTION_MESSAGE_ID = 'applySuggestion';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The engine's answer for the file this rule is linting (shared by every rule of this lint). */
export function fileReport(context: RuleContext): FileReport {
  const request: LintRequest = {
    file: context.physicalFilename,
    text: context.sourceCode.text,
    virtual: context.filename !== context.physicalFilename,
    settings: context.settings,
    pass: context.sourceCode,
  };
  return reportFor(request);
}

export interface RegistryRuleSpec<Code extends ViolationCode> {
  readonly name: string;
  readonly description: string;
  /** The violation codes this rule reports; each code belongs to exactly one rule. */
  readonly codes: readonly Code[];
  /** True when findings of these codes may carry a suggestion (a replacement value). */
  readonly suggestions?: boolean;
}

/**
 * A rule that reports the engine's findings of some codes, where the engine says they belong
 * (src/lint/home.ts). It judges nothing itself: each code is decided in src/law or, for what only
 * the syntax can tell, in src/extract (the table in docs/architecture.md says where).
 * Message ids are the violation codes themselves, so ESLint output, the CLI and
 * docs/violations.md name a problem the same way.
 */
export function registryRule<Code extends ViolationCode>(spec: RegistryRuleSpec<Code>) {
  const codes = new Set<ViolationCode>(spec.codes);
  const messages = Object.fromEntries([
    ...spec.codes.map((code) => [code, '{{message}} {{hint}}']),
    ...(spec.suggestions ? [[SUGGESTION_MESSAGE_ID, '{{message}}']] : []),
  ]) as Record<Code | typeof SUGGESTION_MESSAGE_ID, string>;
  return createRule<[], Code | typeof SUGGESTION_MESSAGE_ID>({
    name: spec.name,
    meta: {
      type: 'problem',
      docs: { description: spec.description },
      ...(spec.suggestions ? { hasSuggestions: true } : {}),
      schema: [],
      defaultOptions: [],
      messages,
      languages: JS_LANGUAGES,
    },
    defaultOptions: [],
    create(context) {
      return {
        Program() {
          const report = fileReport(context);
          for (const f of report.findings) {
            if (!codes.has(f.code)) continue;
            const suggestion = spec.suggestions && f.suggestion ? suggestionFor(f.suggestion, context) : undefined;
            context.report({
              messageId: f.code as Code,
              data: { message: withDriftSummary(f, withElsewhere(f, report.root, context)), hint: f.hint },
              loc: locationOf(f, context),
              ...(suggestion
                ? { suggest: [{ messageId: SUGGESTION_MESSAGE_ID, data: { message: f.suggestion!.message }, fix: suggestion }] }
                : {}),
            });
          }
        },
      };
    },
  });
}

/** A drift names its first change, how many more, and whom it breaks (see report/surface-diff-text.ts). */
function withDriftSummary(f: Finding, message: string): string {
  const summary = driftSummary(f);
  return summary === undefined ? message : `${message} ${summary}`;
}

/** A finding reported away from its place (a file that does not parse) says where that place is. */
function withElsewhere(f: Finding, root: string | undefined, context: RuleContext): string {
  const span = f.span;
  if (!span || span.file === path.resolve(context.physicalFilename)) return f.message;
  const where = root === undefined ? span.file : portableRelative(root, span.file);
  return `${f.message} (at ${where}:${span.line}:${span.column})`;
}

/** ESLint columns are 0-based, the engine's 1-based. A finding without a place here marks line 1. */
function locationOf(f: Finding, context: RuleContext): TSESTree.SourceLocation {
  const span = f.span;
  if (span && span.file === path.resolve(context.physicalFilename)) return spanToLocation(span);
  // Placed in a shared file of another package: point at what this file declares (a drift's contract id).
  const suggested = f.suggestion?.span;
  if (suggested && suggested.file === path.resolve(context.physicalFilename)) return spanToLocation(suggested);
  const firstLine = context.sourceCode.lines[0] ?? '';
  return { start: { line: 1, column: 0 }, end: { line: 1, column: firstLine.length } };
}

function spanToLocation(span: SourceSpan): TSESTree.SourceLocation {
  return { start: { line: span.line, column: span.column - 1 }, end: { line: span.endLine, column: span.endColumn - 1 } };
}

/**
 * The fix behind a suggestion: the engine names the value to write at a span; the rule writes it
 * only where that span is a plain string literal of this file, keeping its quote style. A value
 * that comes from a constant, a template or another file is left to the user (the hint says what).
 */
function suggestionFor(suggestion: FindingSuggestion, context: RuleContext): TSESLint.ReportFixFunction | undefined {
  const literal = stringLiteralAt(suggestion.span, context);
  if (!literal) return undefined;
  return (fixer) => fixer.replaceText(literal, quoteLike(literal.raw, suggestion.value));
}

function stringLiteralAt(span: SourceSpan, context: RuleContext): TSESTree.StringLiteral | undefined {
  if (span.file !== path.resolve(context.physicalFilename)) return undefined;
  const { sourceCode } = context;
  const start = sourceCode.getIndexFromLoc({ line: span.line, column: span.column - 1 });
  const end = sourceCode.getIndexFromLoc({ line: span.endLine, column: span.endColumn - 1 });
  const node = sourceCode.getNodeByRangeIndex(start);
  if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return undefined;
  if (node.range[0] !== start || node.range[1] !== end) return undefined;
  return node as TSESTree.StringLiteral;
}

/** Writes `value` as a string literal with the same quotes as `raw` (escaped as the codemods write literals). */
export function quoteLike(raw: string, value: string): string {
  return quoteString(value, raw.startsWith('"') ? '"' : "'");
}
