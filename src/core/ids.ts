import { isSafe } from 'redos-detector';
import { hasBackreference, hasLookaround, parseIdPattern, unanchoredAlternative } from './id-pattern-anchors.js';
import type { ContractKind } from './model.js';

export const DEFAULT_ID_PATTERN = '^[a-z][a-z0-9_]*$';

/**
 * Names that break code storing ids as object keys (`registry[id]`): even when a custom idPattern
 * admits them, they are never valid ids.
 */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The longest id accepted: ids are stored as keys in many systems. */
const MAX_ID_LENGTH = 256;

// Invisible or layout characters: controls, format characters (zero-width, bidi overrides, tags,
// BOM, soft hyphen), every space but the plain one (which the id pattern judges, and any message
// shows), variation selectors and the Hangul/Braille blanks.
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{00A0}\u{1680}\u{2000}-\u{200A}\u{202F}\u{205F}\u{3000}\u{180B}-\u{180F}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u{115F}\u{1160}\u{3164}\u{FFA0}\u{2800}]/u;

// In a `u` regular expression a surrogate pair is one character, so this finds only lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** True when a string holds half a surrogate pair: not Unicode text, with no canonical JSON form. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** How every message (ids in source and lockfile, schema strings) names what hasLoneSurrogate finds. */
export const LONE_SURROGATE_PHRASE = 'a lone surrogate (half of a UTF-16 pair, not a Unicode character)';

// Scripts whose letters look like one another (p/р/ρ, o/о/ο, …). An id mixing two of them is a
// look-alike of some other id; mixing e.g. Han and Hiragana is ordinary Japanese and stays allowed.
const CONFUSABLE_SCRIPTS = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Cherokee', 'Coptic'].map((name) => ({
  name,
  letter: new RegExp(`\\p{Script=${name}}`, 'u'),
}));

/** Ids made of printable ASCII only (space to tilde): almost every id, checked the short way. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Why a role id or alias is not valid, or undefined when it is. Beyond the id pattern, some ids are
 * never valid: they break code that stores ids as object keys, or they look like another id.
 */
export function roleIdProblem(id: string, pattern: RegExp): string | undefined {
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_ID_LENGTH) return `it is ${id.length} characters long (${MAX_ID_LENGTH} at most)`;
  if (PRINTABLE_ASCII.test(id)) {
    // Printable ASCII has no surrogate, invisible character, other normal form or second script:
    // only the checks below can fail (the same ones, in the same order, as for any id).
    if (RESERVED_IDS.has(id)) return `\`${id}\` is a built-in property name of JavaScript objects`;
    return pattern.test(id) ? undefined : `it does not match the id pattern ${pattern.source}`;
  }
  if (hasLoneSurrogate(id)) return `it contains ${LONE_SURROGATE_PHRASE}`;
  if (RESERVED_IDS.has(id)) return `\`${id}\` is a built-in property name of JavaScript objects`;
  const invisible = INVISIBLE.exec(id);
  if (invisible) return `it contains ${describeChar(invisible[0])}, an invisible (zero-width, formatting, control or space) character`;
  if (id.normalize('NFC') !== id)
    return 'it is not in Unicode NFC form (the same letters are encoded another way: combining marks instead of composed letters)';
  const compatibility = [...id].find((char) => char.normalize('NFKC') !== char);
  if (compatibility)
    return `it contains ${describeChar(compatibility)}, a compatibility form of ${JSON.stringify(compatibility.normalize('NFKC'))}`;
  const scripts = CONFUSABLE_SCRIPTS.filter((script) => script.letter.test(id));
  if (scripts.length > 1) {
    const [first, second] = scripts as [(typeof scripts)[number], (typeof scripts)[number]];
    const example = [...id].find((char) => second.letter.test(char)) ?? '';
    return `it mixes ${first.name} and ${second.name} letters (${describeChar(example)} is ${second.name}), so it looks like an id it is not`;
  }
  if (!pattern.test(id)) {
    const nonAscii = [...id].find((char) => char.charCodeAt(0) > 0x7f);
    const detail = nonAscii ? ` (it contains ${describeChar(nonAscii)}, which may look like a Latin letter)` : '';
    return `it does not match the id pattern ${pattern.source}${detail}`;
  }
  return undefined;
}

/**
 * An id as it may be shown in a message: quoted, every character outside printable ASCII escaped
 * (an invisible or look-alike character must be visible in the report), and long ids shortened.
 */
export function displayId(id: string): string {
  const shown = id.length > 64 ? id.slice(0, 48) : id;
  let out = '';
  for (const char of shown) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else out += `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return id.length > 64 ? `"${out}…" (${id.length} characters)` : `"${out}"`;
}

function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const printable = codePoint > 0x20 && !INVISIBLE.test(char) && !LONE_SURROGATE.test(char);
  return `${printable ? `'${char}' ` : ''}U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface ParsedContractId {
  readonly roleId: string;
  readonly kind: ContractKind;
  readonly version: number;
}

const CONTRACT_ID = /^ROLE:([^:]+):([^:]+):([^:]+)$/;

/** Parses `ROLE:<role_id>:<X|C>:<version>`; the version is a positive integer without leading zeros. */
export function parseContractId(contractId: string): ParsedContractId | { problem: string } {
  const match = CONTRACT_ID.exec(contractId);
  if (!match) return { problem: 'it is not of the form ROLE:<role_id>:<X|C>:<version>' };
  const [, roleId = '', kind = '', version = ''] = match;
  if (kind !== 'X' && kind !== 'C') return { problem: `its kind ${displayId(kind)} is neither X (extract) nor C (produce)` };
  if (!/^[1-9][0-9]{0,8}$/.test(version))
    return { problem: `its version ${displayId(version)} is not a positive integer without leading zeros` };
  return { roleId, kind, version: Number(version) };
}

export function contractIdOf(roleId: string, kind: ContractKind, version: number): string {
  return `ROLE:${roleId}:${kind}:${version}`;
}

/** Bounds the analysis so that refusing a pattern is fast and the same on every machine. */
const REDOS_MAX_STEPS = 2000;

/**
 * Compiles a configured idPattern, refusing patterns that are invalid, unanchored, or prone to
 * catastrophic backtracking (ids come from source and lockfiles anyone can edit: a pattern that
 * takes exponential time on a crafted id would hang every lint and check).
 */
export function compileIdPattern(source: string): RegExp | { problem: string } {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (error) {
    return { problem: `it is not a valid regular expression: ${(error as Error).message}` };
  }
  let parsed: ReturnType<typeof parseIdPattern>;
  try {
    parsed = parseIdPattern(source);
  } catch (error) {
    return { problem: `it cannot be checked (${(error as Error).message}); write it with plain groups, classes and quantifiers` };
  }
  const unanchored = unanchoredAlternative(parsed);
  if (unanchored) {
    const anchored = 'it must be anchored with ^ and $ so it judges the whole id';
    if (parsed.alternatives.length === 1) return { problem: anchored };
    const lacks =
      unanchored.missing === 'both' ? 'start with ^ or end with $' : unanchored.missing === 'start' ? 'start with ^' : 'end with $';
    return {
      problem: `${anchored}, and its alternative ${JSON.stringify(unanchored.text)} does not ${lacks} (| binds looser than ^ and $, so each alternative needs both); put the alternatives inside one pair of anchors, e.g. ^(?:a|b)$`,
    };
  }
  if (hasBackreference(parsed)) return { problem: 'it uses back-references; an id pattern needs none' };
  if (hasLookaround(parsed))
    return {
      problem: 'it uses look-arounds ((?=…), (?!…), (?<=…), (?<!…)); an id pattern needs none: judge the id with classes and quantifiers',
    };
  let verdict: ReturnType<typeof isSafe>;
  try {
    verdict = isSafe(pattern, { maxSteps: REDOS_MAX_STEPS });
  } catch (error) {
    return {
      problem: `it cannot be checked for catastrophic backtracking (${(error as Error).message}); write it with plain groups, classes and quantifiers`,
    };
  }
  if (!verdict.safe) {
    return {
      problem:
        'it can backtrack catastrophically (some ids could be matched in many overlapping ways, taking exponential or polynomial time); ' +
        'write it so that each character can be matched only one way, e.g. ^[a-z][a-z0-9_]*$ instead of ^([a-z]+_?)*$',
    };
  }
  return pattern;
}
