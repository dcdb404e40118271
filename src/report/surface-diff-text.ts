import type { Finding, SchemaValue, SurfaceChange } from '../core/findings.js';

/** How many changes the text report lists under a drift before summarising the rest. */
const CHANGES_LISTED = 5;
/** A value longer than this is shortened in one-line text (the JSON report keeps it whole). */
const VALUE_WIDTH = 60;

/** One change on one line: `replace /properties/age/type: "integer" → "string" (narrowing)`. */
function surfaceChangeText(change: SurfaceChange): string {
  const path = change.path === '' ? '(the whole schema)' : change.path;
  const what =
    change.op === 'replace'
      ? `${shown(change.before)} → ${shown(change.after)}`
      : change.op === 'add'
        ? shown(change.after)
        : `was ${shown(change.before)}`;
  return `${change.op} ${path}: ${what} (${change.effect})`;
}

/**
 * The lines the text report prints under a drift: who it breaks, then the first changes, the rest
 * summarised; or why the locked surface could not be recovered. Empty for any other finding.
 */
export function driftDetailLines(f: Pick<Finding, 'surfaceDiff' | 'compatibility' | 'surfaceDiffUnavailable'>): string[] {
  if (f.surfaceDiffUnavailable !== undefined) return [`no diff: ${f.surfaceDiffUnavailable}.`];
  if (f.surfaceDiff === undefined) return [];
  if (f.surfaceDiff.length === 0 && f.compatibility === undefined) return ['the same surface: nothing changed yet.'];
  const lines = f.compatibility ? [`${f.compatibility.verdict}: ${f.compatibility.breaks}.`] : [];
  for (const change of f.surfaceDiff.slice(0, CHANGES_LISTED)) lines.push(surfaceChangeText(change));
  if (f.surfaceDiff.length > CHANGES_LISTED) lines.push(`… and ${f.surfaceDiff.length - CHANGES_LISTED} more`);
  return lines;
}

/**
 * A drift's diff in one sentence, for one-line surfaces (GitHub annotations, ESLint messages): the
 * first change, how many more, and who it breaks. Undefined when there is nothing to add.
 */
export function driftSummary(f: Finding): string | undefined {
  if (f.surfaceDiffUnavailable !== undefined) return `No diff: ${f.surfaceDiffUnavailable}.`;
  if (f.surfaceDiff === undefined) return undefined;
  const [first] = f.surfaceDiff;
  const more = f.surfaceDiff.length - 1;
  const changes =
    first === undefined ? 'No change JSON Schema reads' : `Changed: ${surfaceChangeText(first)}${more > 0 ? `, and ${more} more` : ''}`;
  return `${changes}${f.compatibility ? `; ${f.compatibility.breaks}` : ''}.`;
}

function shown(value: SchemaValue | undefined): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}
