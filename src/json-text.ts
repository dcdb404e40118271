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
  const lineStarts = computeLineStarts(text);
  const spanAt = (start: number, end: number): SourceSpan => spanFromRange(file, lineStarts, { start, end });
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    throw new JsonTextError(
      'it contains git merge conflict markers',
      spanAt(marker.index, marker.index + marker[0].length),
    );
  }
  if (text.trim() === '') throw new JsonTextError('it is empty', spanAt(0, 0));
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const what = first ? describeParseError(first, text) : 'it is not JSON';
    throw new JsonTextError(`it is not valid JSON: ${what}`, spanAt(offset, offset + (first?.length ?? 0)));
  }
  rejectDuplicateKeys(tree, spanAt);
  return {
    value: toPlain(tree),
    spanOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const node = findNodeAtLocation(tree, [...path.slice(0, length)]);
        if (node) return spanAt(node.offset, node.offset + node.length);
      }
      return spanAt(0, 0);
    },
  };
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
