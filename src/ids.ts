import type { ContractKind } from './model.js';

export const DEFAULT_ID_PATTERN = '^[a-z][a-z0-9_]*$';

/**
 * Names that break code storing ids as object keys (`registry[id]`): even when a custom idPattern
 * admits them, they are never valid ids.
 */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Why a role id or alias is not valid, or undefined when it is. */
export function roleIdProblem(id: string, pattern: RegExp): string | undefined {
  if (id.length === 0) return 'it is empty';
  if (id.length > 256) return `it is ${id.length} characters long (256 at most)`;
  if (RESERVED_IDS.has(id)) return `\`${id}\` is a built-in property name of JavaScript objects`;
  if (/[\u200B-\u200F\u2060\uFEFF\u00AD]/.test(id)) return 'it contains an invisible (zero-width or formatting) character';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(id)) return 'it contains a lone surrogate (half of a UTF-16 pair), which has no UTF-8 form';
  if (id.normalize('NFC') !== id) return 'it is not in Unicode NFC form (the same letters may be encoded another way)';
  if (!pattern.test(id)) {
    const nonAscii = [...id].find((char) => char.charCodeAt(0) > 0x7f);
    const detail = nonAscii ? ` (it contains ${describeChar(nonAscii)}, which may look like a Latin letter)` : '';
    return `it does not match the id pattern ${pattern.source}${detail}`;
  }
  return undefined;
}

function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  return `'${char}' U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
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
  if (kind !== 'X' && kind !== 'C') return { problem: `its kind \`${kind}\` is neither X (extract) nor C (produce)` };
  if (!/^[1-9][0-9]{0,8}$/.test(version)) return { problem: `its version \`${version}\` is not a positive integer without leading zeros` };
  return { roleId, kind, version: Number(version) };
}

export function contractIdOf(roleId: string, kind: ContractKind, version: number): string {
  return `ROLE:${roleId}:${kind}:${version}`;
}

/** The contract id one version up: what to declare instead of changing a locked surface. */
export function nextContractId(contractId: string): string | undefined {
  const parsed = parseContractId(contractId);
  if ('problem' in parsed) return undefined;
  return contractIdOf(parsed.roleId, parsed.kind, parsed.version + 1);
}

/** Compiles a configured idPattern, refusing patterns that are invalid or prone to catastrophic backtracking. */
export function compileIdPattern(source: string): RegExp | { problem: string } {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (error) {
    return { problem: `it is not a valid regular expression: ${(error as Error).message}` };
  }
  if (!source.startsWith('^') || !source.endsWith('$')) return { problem: 'it must be anchored with ^ and $ so it judges the whole id' };
  // Nested quantifiers like (a+)+ or (a|a)* can take exponential time on a crafted id.
  if (/\([^)]*[+*][^)]*\)[+*{]/.test(source) || /\([^)]*\|[^)]*\)[+*{]/.test(source)) {
    return { problem: 'it nests quantifiers (like (a+)+), which can take exponential time; write it without a quantified group' };
  }
  if (/\\[1-9]/.test(source) || /\(\?<?[=!]/.test(source)) {
    return { problem: 'it uses back-references or look-arounds; an id pattern needs neither' };
  }
  return pattern;
}
