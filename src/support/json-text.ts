import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
  type ParseErrorCode,
} from 'jsonc-parser';
import { withoutBom } from './bom.js';
import type { SourceSpan } from '../core/model.js';
import { computeLineStarts, spanFromRange } from './spans.js';

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

const DEFAULT_MAX_JSON_DEPTH = 64;

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
    throw new JsonTextError(
      `it is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${offset})`,
      span,
    );
  }
}

/** The byte offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
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
  let lineStartsMemo: number[] | undefined;
  const spanAt = (start: number, end: number): SourceSpan =>
    spanFromRange(file, (lineStartsMemo ??= computeLineStarts(text, 'json')), { start, end });
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    throw new JsonTextError('it contains git merge conflict markers', spanAt(marker.index, marker.index + marker[0].length));
  }
  if (text.trim() === '') throw new JsonTextError('it is empty', spanAt(0, 0));
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const { tooDeep, members } = scanStructure(text, maxDepth);
  if (tooDeep !== undefined) {
    throw new JsonTextError(`it nests arrays and objects more than ${maxDepth} levels deep`, spanAt(tooDeep, tooDeep + 1));
  }
  const fast = parseWithoutDuplicates(text, members);
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
    const what = first ? describeParseError(first, text) : 'no value';
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
 * outside strings; in a text JSON.parse accepts, no string holds a raw line break, so the scan
 * counts them exactly). Undefined when JSON.parse refuses the text or a key repeats: the positional
 * parser then finds the first problem and names its place. Every text JSON.parse accepts, the
 * positional parser accepts too, with the same value.
 */
function parseWithoutDuplicates(text: string, membersInText: number): { value: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const counted = { members: 0 };
  const value = withoutPrototypes(parsed, counted);
  return counted.members === membersInText ? { value } : undefined;
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

/**
 * One flat scan (strings skipped) for two answers: the offset of the first bracket that opens one
 * level too many, so that nothing recursive ever sees a document nested deeper than the limit; and
 * how many `"key": value` members the text writes (its colons outside strings), which the fast
 * path compares with what JSON.parse kept.
 */
function scanStructure(text: string, maxDepth: number): { readonly tooDeep: number | undefined; readonly members: number } {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index++;
      else if (char === 34 /* " */ || char === 10 /* \n */) inString = false;
      continue;
    }
    if (char === 34) inString = true;
    else if (char === 58 /* : */) members++;
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) return { tooDeep: index, members };
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return { tooDeep: undefined, members };
}

function describeParseError(error: ParseError, text: string): string {
  const atEnd = error.offset + error.length >= text.trimEnd().length;
  switch (printParseErrorCode(error.error)) {
    case 'UnexpectedEndOfString':
      return atEnd
        ? 'a string is not closed: the file ends too early, it may be truncated'
        : 'a string is not closed on its line (a line break inside a string must be written \\n)';
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
