import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';

/**
 * Reads a configured idPattern as the regular expression engine does, so that its checks judge
 * the pattern's structure, not its text: `^H|x$` starts with ^ and ends with $, yet means "^H" or
 * "x$", and accepts any id that ends in x.
 */
export function parseIdPattern(source: string): AST.Pattern {
  return new RegExpParser().parsePattern(source, 0, source.length, { unicode: true });
}

type MissingAnchor = 'start' | 'end' | 'both';

export interface UnanchoredAlternative {
  /** The alternative's text, as written in the pattern. */
  readonly text: string;
  readonly missing: MissingAnchor;
}

/**
 * The first top-level alternative that can match without spanning the whole id, if any. An
 * alternative is anchored at an edge when its outermost element there is `^` (`$`), or a plain or
 * capturing group each of whose alternatives is anchored there (`^(a|b)$`, `(?:^a$)|(?:^b$)`).
 * Zero-width lookarounds and word boundaries beside an anchor do not move it (`(?=a)^[a-z]+$`),
 * but never anchor by themselves; a quantified group is no anchor (`(?:^a$)?` matches empty).
 */
export function unanchoredAlternative(pattern: AST.Pattern): UnanchoredAlternative | undefined {
  for (const alternative of pattern.alternatives) {
    const start = anchoredAt(alternative, 'start');
    const end = anchoredAt(alternative, 'end');
    if (!start || !end) return { text: alternative.raw, missing: !start && !end ? 'both' : start ? 'end' : 'start' };
  }
  return undefined;
}

export function hasBackreference(pattern: AST.Pattern): boolean {
  let found = false;
  visitRegExpAST(pattern, { onBackreferenceEnter: () => (found = true) });
  return found;
}

export function hasLookaround(pattern: AST.Pattern): boolean {
  let found = false;
  visitRegExpAST(pattern, {
    onAssertionEnter: (assertion) => {
      if (assertion.kind === 'lookahead' || assertion.kind === 'lookbehind') found = true;
    },
  });
  return found;
}

function anchoredAt(alternative: AST.Alternative, edge: 'start' | 'end'): boolean {
  const elements = edge === 'start' ? alternative.elements : [...alternative.elements].reverse();
  for (const element of elements) {
    if (element.type === 'Assertion') {
      if (element.kind === edge) return true;
      if (element.kind === 'lookahead' || element.kind === 'lookbehind' || element.kind === 'word') continue;
      return false;
    }
    if (element.type === 'CapturingGroup' || (element.type === 'Group' && !addsMultiline(element))) {
      return element.alternatives.every((inner) => anchoredAt(inner, edge));
    }
    return false;
  }
  return false;
}

/** `(?m:…)` makes ^ and $ match at line breaks inside the id. */
function addsMultiline(group: AST.Group): boolean {
  return group.modifiers?.add.multiline === true;
}
