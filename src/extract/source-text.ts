import { isUtf8 } from 'node:buffer';
import { withoutBom } from '../support/bom.js';
import type { ParseProblem } from './file-facts.js';
import { firstInvalidUtf8 } from '../support/json-text.js';

/** A source file's text, and why it cannot be trusted as the text the author wrote, if it cannot. */
export interface DecodedSource {
  /**
   * The text as ESLint and Node read it (lossy UTF-8, U+FFFD for bad bytes, no BOM), so that an
   * editor's buffer of the same file is recognised as the file on disk.
   */
  readonly text: string;
  readonly problem?: ParseProblem;
}

/**
 * Decodes a registry source. Sources are UTF-8 (a UTF-8 BOM is allowed). Bytes that are not UTF-8
 * (a Latin-1 edit) would silently become U+FFFD, invisible to the hash, so they are a problem at
 * the first bad byte. UTF-16 is refused too: TypeScript would read it, but ESLint and every tool
 * that assumes UTF-8 would not, and the registry must mean the same to all of them.
 */
export function decodeSource(bytes: Buffer): DecodedSource {
  const text = withoutBom(bytes.toString('utf8'));
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      text,
      problem: {
        message: 'it is encoded as UTF-16 (it starts with a UTF-16 byte-order mark); registry sources are UTF-8.',
        range: { start: 0, end: 1 },
        encoding: true,
      },
    };
  }
  // isUtf8 is native and linear: every source is checked, the byte-by-byte search only runs on a bad one.
  if (isUtf8(bytes)) return { text };
  const offset = firstInvalidUtf8(bytes);
  const start = withoutBom(bytes.subarray(0, offset).toString('utf8')).length;
  const byte = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
  return {
    text,
    problem: {
      message: `it is not valid UTF-8: byte 0x${byte} at byte offset ${offset} would be read as U+FFFD, invisible to the hash.`,
      range: { start, end: start + 1 },
      encoding: true,
    },
  };
}
