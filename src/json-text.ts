import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { withoutBom } from './bom.js';
import type { SourceSpan } from './model.js';
import { computeLineStarts, spanFromRange } from './extract/spans.js';

export type JsonPath = readonly (string | number)[];

/** A strictly parsed JSON document that can still say where each value stands. */
export interface JsonDocument {
  readonly value: unknown;
  /** The span of the value at a path (or of its nearest existing parent). */
  spanOf(path: JsonPath): SourceSpan;
}

export class JsonTextError extends Error {
  constructor(
    /** What is wrong, without the place: the span says where. */
    readonly problem: string,
    readonly span: SourceSpan,
  ) {
    super(`${problem} (line ${span.line}, column ${span.column})`);
    this.name = 'JsonTextError';
  }
}

export interface JsonStrictOptions {
  /**
   * How deeply arrays and objects may nest. Files the tool writes are shallow (a lockfile nests 4
   * levels); a limit keeps a hostile file from exhausting the stack of any recursive reader.
   */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/m;

/**
 * Decodes file bytes as UTF-8, refusing what a text editor would silently repair: invalid byte
 * sequences (Node would turn them into U+FFFD) and UTF-16 files. A UTF-8 byte-order mark is dropped.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new JsonTextError('it is encoded as UTF-16; save it as UTF-8', spanFromRange(file, [0], { start: 0, end: 2 }));
  }
  try {
    return withoutBom(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, offset));
    const lineStarts = computeLineStarts(before, 'json');
    const span = spanFromRange(file, lineStarts, { start: before.length, end: before.length + 1 });
    throw new JsonTextError(`it is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset})`, span);
  }
}

/** The byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    const slice = bytes.subarray(index, index + length);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(slice);
    } catch {
      return index;
    }
    index += length;
  }
  return index;
}

/**
 * Parses JSON strictly: no comments, no trailing commas, no duplicate keys (JSON.parse keeps the
 * last one silently), no git conflict markers, bounded nesting. Errors carry the line and column.
 */
export function parseJsonStrict(file: string, rawText: string, options: JsonStrictOptions = {}): JsonDocument {
  const text = withoutBom(rawText);
  const lineStarts = computeLineStarts(text, 'json');
  const spanAt = (start: number, end: number): SourceSpan => spanFromRange(file, lineStarts, { start, end });
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    throw new JsonTextError('it contains git merge conflict markers', spanAt(marker.index, marker.index + marker[0].length));
  }
  if (text.trim() === '') throw new JsonTextError('it is empty', spanAt(0, 0));
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const tooDeep = offsetBeyondDepth(text, maxDepth);
  if (tooDeep !== undefined) {
    throw new JsonTextError(`it nests arrays and objects more than ${maxDepth} levels deep`, spanAt(tooDeep, tooDeep + 1));
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const what = first ? describeParseError(first, text) : 'no value';
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

/**
 * The offset of the first bracket that opens one level too many, or undefined. A flat scan (strings
 * skipped), so that nothing recursive ever sees a document nested deeper than the limit.
 */
function offsetBeyondDepth(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index++;
      else if (char === 34 /* " */ || char === 10 /* \n */) inString = false;
      continue;
    }
    if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) return index;
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function describeParseError(error: ParseError, text: string): string {
  const atEnd = error.offset + error.length >= text.trimEnd().length;
  switch (printParseErrorCode(error.error)) {
    case 'UnexpectedEndOfString':
      return atEnd ? 'a string is not closed: the file ends too early, it may be truncated' : 'a string is not closed on its line (a line break inside a string must be written \\n)';
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
    case 'ValueExpected':
    case 'UnexpectedEndOfNumber':
      if (atEnd) return `the file ends too early (${words(error.error)}); it may be truncated`;
      if (text[error.offset] === ']') return 'a trailing comma before `]` is not allowed';
      break;
    case 'InvalidCommentToken':
      return 'comments are not allowed';
    case 'PropertyNameExpected':
      if (text[error.offset] === '}') return 'a trailing comma before `}` is not allowed';
      break;
  }
  return words(error.error);
}

function words(code: ParseErrorCode): string {
  return printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function rejectDuplicateKeys(node: Node, spanAt: (start: number, end: number) => SourceSpan): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const keyNode = property.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        throw new JsonTextError(
          `the key ${JSON.stringify(key)} appears twice in one object (JSON parsers keep only one of them silently)`,
          spanAt(keyNode.offset, keyNode.offset + keyNode.length),
        );
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
