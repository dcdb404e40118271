import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SourceSpan } from './model.js';
import { spanFromRange } from './extract/spans.js';

export type JsonPath = readonly (string | number)[];

/** A strictly parsed JSON document that can still say where each value stands. */
export interface JsonDocument {
  readonly value: unknown;
  /** The span of the value at a path (or of its nearest existing parent). */
  spanOf(path: JsonPath): SourceSpan;
}

export class JsonTextError extends Error {
  constructor(
    message: string,
    readonly span: SourceSpan,
  ) {
    super(message);
    this.name = 'JsonTextError';
  }
}

const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/m;

/**
 * Parses JSON strictly: no comments, no trailing commas, no duplicate keys (JSON.parse keeps the
 * last one silently), no git conflict markers. Errors carry the line and column.
 */
export function parseJsonStrict(file: string, rawText: string): JsonDocument {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  let lineStartsMemo: number[] | undefined;
  const spanAt = (start: number, end: number): SourceSpan => spanFromRange(file, (lineStartsMemo ??= computeLineStarts(text)), { start, end });
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    throw new JsonTextError(
      'it contains git merge conflict markers',
      spanAt(marker.index, marker.index + marker[0].length),
    );
  }
  if (text.trim() === '') throw new JsonTextError('it is empty', spanAt(0, 0));
  const fast = parseWithoutDuplicates(text);
  if (fast) {
    // Positions are needed only to report a problem: the tree that has them is built on demand.
    let treeMemo: Node | undefined;
    return { value: fast.value, spanOf: (path) => spanOfPath((treeMemo ??= parseTree(text, [], PARSE_OPTIONS)!), path, spanAt) };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, PARSE_OPTIONS);
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const what = first ? describeParseError(first, text) : 'it is not JSON';
    throw new JsonTextError(`it is not valid JSON: ${what}`, spanAt(offset, offset + (first?.length ?? 0)));
  }
  rejectDuplicateKeys(tree, spanAt);
  return { value: toPlain(tree), spanOf: (path) => spanOfPath(tree, path, spanAt) };
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

function spanOfPath(tree: Node, path: JsonPath, spanAt: (start: number, end: number) => SourceSpan): SourceSpan {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, [...path.slice(0, length)]);
    if (node) return spanAt(node.offset, node.offset + node.length);
  }
  return spanAt(0, 0);
}

/**
 * The fast path for the common case, a valid document (a lockfile of 10,000 roles is megabytes):
 * the engine's JSON.parse builds the value, and a count proves that no key was repeated (JSON.parse
 * keeps the last of two silently, so a repeated key leaves fewer members than the text has colons
 * outside strings). Undefined when JSON.parse refuses the text or a key repeats: the positional
 * parser then finds the first problem and names its place. Every text JSON.parse accepts, the
 * positional parser accepts too, with the same value.
 */
function parseWithoutDuplicates(text: string): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const counted = { members: 0 };
  const value = withoutPrototypes(parsed, counted);
  return counted.members === membersInText(text) ? { value } : undefined;
}

/** The same value with prototype-free objects (as toPlain builds them), counting object members. */
function withoutPrototypes(value: unknown, counted: { members: number }): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutPrototypes(item, counted));
  const out = Object.create(null) as Record<string, unknown>;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    out[key] = withoutPrototypes(record[key], counted);
    counted.members++;
  }
  return out;
}

/** How many `"key": value` members a valid JSON text writes: its colons outside strings. */
function membersInText(text: string): number {
  let members = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \\ */) index++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) {
      inString = true;
    } else if (char === 58 /* : */) {
      members++;
    }
  }
  return members;
}

function describeParseError(error: ParseError, text: string): string {
  const code = printParseErrorCode(error.error);
  if (error.offset >= text.length) return `the text ends too early (${code}); the file may be truncated`;
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function rejectDuplicateKeys(node: Node, spanAt: (start: number, end: number) => SourceSpan): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        throw new JsonTextError(`the key ${JSON.stringify(key)} appears twice in one object (JSON parsers keep only one of them silently)`, spanAt(keyNode.offset, keyNode.offset + keyNode.length));
      }
      seen.add(key);
    }
  }
  for (const child of node.children ?? []) rejectDuplicateKeys(child, spanAt);
}

/** Builds plain values; objects have no prototype so keys like `__proto__` stay data. */
function toPlain(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode && valueNode) out[String(keyNode.value)] = toPlain(valueNode);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(toPlain);
    default:
      return getNodeValue(node);
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 13 /* \r */) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    } else if (char === 10 /* \n */) {
      starts.push(index + 1);
    }
  }
  return starts;
}
