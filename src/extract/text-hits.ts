/**
 * Offsets where a pattern matches in a file's text, to skip subtrees that cannot hold what a walk
 * looks for: walking every node of every object literal of every registry file would cost as much
 * as parsing, while the things these walks find (writes, references to defineRole) are rare.
 * A match inside a string or a comment only makes the walk look closer, never miss anything.
 */
export class TextHits {
  private readonly offsets: number[] = [];
  /**
   * An identifier may be spelled with Unicode escapes (`d\u0065fineRole`, `S.\u0070ush`), which no
   * text pattern sees: in a file with any, every subtree is walked.
   */
  private readonly everywhere: boolean;

  constructor(text: string, pattern: RegExp) {
    this.everywhere = text.includes('\\u');
    if (this.everywhere) return;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (let match = global.exec(text); match !== null; match = global.exec(text)) {
      this.offsets.push(match.index);
      if (match[0].length === 0) global.lastIndex++;
    }
  }

  get empty(): boolean {
    return !this.everywhere && this.offsets.length === 0;
  }

  /** Whether a match starts within [start, end). */
  within(start: number, end: number): boolean {
    if (this.everywhere) return true;
    const offsets = this.offsets;
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle]! < start) low = middle + 1;
      else high = middle;
    }
    return low < offsets.length && offsets[low]! < end;
  }
}

/** A pattern matching any of these identifiers as a whole word. */
export function identifierPattern(names: Iterable<string>): RegExp | undefined {
  const escaped = [...names].map((name) => name.replace(/[$]/g, '\\$'));
  if (escaped.length === 0) return undefined;
  return new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`, 'gu');
}
