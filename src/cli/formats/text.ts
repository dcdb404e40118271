import type { WaivedFinding } from '../../law/waived-findings.js';
import type { Waiver } from '../../lockfile/waivers.js';

/**
 * The findings `check` accepted because of a waiver, after its summary: what an auditor must see
 * even when the run is clean. Empty when nothing was waived.
 */
export function waivedText(waived: readonly WaivedFinding[]): string {
  if (waived.length === 0) return '';
  return `\nAccepted by waiver (${waived.length}):\n${waived.map(({ waiver }) => `${waiverLine(waiver)}\n`).join('')}`;
}

/** One waiver on one line, as `status` and `check` list them: date, code, id, reason. */
export function waiverLine(waiver: Waiver): string {
  const surface = waiver.surfaceHash ? ` (accepts surface ${waiver.surfaceHash.slice(0, 12)}…)` : '';
  return `  ${waiver.date}  ${waiver.code} ${waiver.id}${surface}: ${visibleText(waiver.reason)}`;
}

/** Free text from a file, on one line: control and line-separator characters are shown escaped. */
function visibleText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`);
}
