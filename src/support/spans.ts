import type { SourceSpan } from '../core/model.js';

/** Offsets in a text: [start, end). */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** Converts offsets to 1-based lines and columns using a file's line starts. */
export function spanFromRange(file: string, lineStarts: readonly number[], range: OffsetRange): SourceSpan {
  const start = position(lineStarts, range.start);
  const end = position(lineStarts, range.end);
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

/**
 * What ends a line, by the language of the file, so that positions agree with the tools that show
 * them: JSON (and @eslint/json's positions in the lockfile) knows LF, CR and CRLF; ECMAScript
 * (TypeScript's positions, ESLint's in JS/TS files) also U+2028 and U+2029.
 */
export type LineBreaks = 'json' | 'ecmascript';

/** Offsets where lines start: after LF, CRLF (one break) or a lone CR, and for ECMAScript after U+2028/U+2029. */
export function computeLineStarts(text: string, breaks: LineBreaks): number[] {
  const starts = [0];
  const ecmascript = breaks === 'ecmascript';
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 13 /* \r */) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    } else if (char === 10 /* \n */ || (ecmascript && (char === 0x2028 || char === 0x2029))) {
      starts.push(index + 1);
    }
  }
  return starts;
}
