/**
 * Prints JSON values as TypeScript literals that the extractor reads back to the same JSON (so the
 * same surface hash): strings in the file's quote style, keys bare where they are identifiers,
 * `__proto__` as a computed key (a plain one would set the prototype), numbers as JavaScript prints them.
 */

export type Quote = "'" | '"';

export interface LiteralStyle {
  readonly quote: Quote;
  /** One level of indentation, e.g. two spaces. */
  readonly indentUnit: string;
  readonly eol: string;
  /** Objects and arrays whose one-line form is longer than this are printed one member per line. */
  readonly maxInlineLength: number;
}

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export function quoteString(value: string, quote: Quote): string {
  let out = quote;
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!;
    const code = value.charCodeAt(index);
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(value.charCodeAt(index + 1))) {
      out += char + value[index + 1]!;
      index++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return out + quote;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyKey(key: string, quote: Quote): string {
  if (key === '__proto__') return `[${quoteString(key, quote)}]`;
  return IDENTIFIER.test(key) ? key : quoteString(key, quote);
}

function printNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
  return Object.is(value, -0) ? '0' : String(value);
}

/** The literal for a JSON value; nested lines start with `indent` plus one unit per level. */
export function printLiteral(value: Json, style: LiteralStyle, indent = ''): string {
  const inline = printInline(value, style.quote);
  if (indent.length + inline.length <= style.maxInlineLength || typeof value !== 'object' || value === null) return inline;
  const inner = indent + style.indentUnit;
  if (Array.isArray(value)) {
    const items = (value as readonly Json[]).map((item) => `${inner}${printLiteral(item, style, inner)},`);
    return `[${style.eol}${items.join(style.eol)}${style.eol}${indent}]`;
  }
  const members = Object.entries(value as { readonly [key: string]: Json }).map(
    ([key, item]) => `${inner}${propertyKey(key, style.quote)}: ${printLiteral(item, style, inner)},`,
  );
  return `{${style.eol}${members.join(style.eol)}${style.eol}${indent}}`;
}

export function printInline(value: Json, quote: Quote): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value, quote);
  if (typeof value === 'number') return printNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly Json[]).map((item) => printInline(item, quote)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: Json });
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${propertyKey(key, quote)}: ${printInline(item, quote)}`).join(', ')} }`;
}
