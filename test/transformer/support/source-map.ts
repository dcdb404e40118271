/**
 * Reads a source map (v3) into its segments, with a base64-VLQ decoder of its own: the test asserts
 * on what the tools wrote, through no library that could share their assumptions.
 */
interface Segment {
  /** 0-based line and column in the generated file. */
  readonly generatedLine: number;
  readonly generatedColumn: number;
  readonly source: string;
  /** 0-based line and column in the source. */
  readonly originalLine: number;
  readonly originalColumn: number;
}

export interface SourceMap {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly segments: readonly Segment[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`not base64 VLQ: ${JSON.stringify(char)} in ${JSON.stringify(text)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  if (shift !== 0) throw new Error(`truncated VLQ: ${JSON.stringify(text)}`);
  return values;
}

export function parseSourceMap(json: string): SourceMap {
  const map = JSON.parse(json) as {
    version: number;
    sources: string[];
    sourcesContent?: (string | null)[];
    mappings: string;
    sections?: unknown;
  };
  if (map.version !== 3) throw new Error(`source map version ${map.version}`);
  if (map.sections) throw new Error('indexed source maps are not expected here');
  const segments: Segment[] = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  map.mappings.split(';').forEach((line, generatedLine) => {
    let generatedColumn = 0;
    for (const field of line.split(',')) {
      if (field === '') continue;
      const values = decodeVlq(field);
      generatedColumn += values[0]!;
      if (values.length < 4) continue; // a segment that maps to no source
      source += values[1]!;
      originalLine += values[2]!;
      originalColumn += values[3]!;
      segments.push({ generatedLine, generatedColumn, source: map.sources[source]!, originalLine, originalColumn });
    }
  });
  return { sources: map.sources, sourcesContent: map.sourcesContent, segments };
}

/**
 * Checks a map against the generated text and the original source it names (by a suffix such as
 * `src/main.ts`): every segment into that source points inside it, and each of `anchors` (a token
 * on a source line) has a segment whose generated text starts with the token (or with
 * `generatedToken`, where the build replaced the code).
 * Returns the problems found (empty when valid).
 */
export function sourceMapProblems(
  map: SourceMap,
  generated: string,
  sourceSuffix: string,
  original: string,
  anchors: readonly { line: number; token: string; generatedToken?: string }[],
): string[] {
  const problems: string[] = [];
  const generatedLines = generated.split('\n');
  const originalLines = original.split('\n');
  const into = map.segments.filter((s) => s.source.replaceAll('\\', '/').endsWith(sourceSuffix));
  if (into.length === 0) problems.push(`no segment maps into ${sourceSuffix} (sources: ${map.sources.join(', ')})`);
  for (const s of into) {
    const line = originalLines[s.originalLine];
    if (line === undefined || s.originalColumn > line.length)
      problems.push(
        `segment ${s.generatedLine + 1}:${s.generatedColumn} points outside ${sourceSuffix} (${s.originalLine + 1}:${s.originalColumn})`,
      );
    if (generatedLines[s.generatedLine] === undefined || s.generatedColumn > generatedLines[s.generatedLine]!.length)
      problems.push(`segment ${s.generatedLine + 1}:${s.generatedColumn} points outside the generated file`);
  }
  for (const { line, token, generatedToken = token } of anchors) {
    const column = originalLines[line - 1]!.indexOf(token);
    if (column < 0) throw new Error(`anchor ${token} is not on line ${line} of ${sourceSuffix}`);
    const hits = into.filter((s) => s.originalLine === line - 1 && s.originalColumn === column);
    if (!hits.some((s) => generatedLines[s.generatedLine]!.startsWith(generatedToken, s.generatedColumn))) {
      const seen = hits.map((s) => JSON.stringify(generatedLines[s.generatedLine]!.slice(s.generatedColumn, s.generatedColumn + 20)));
      problems.push(
        `${sourceSuffix}:${line}:${column + 1} (${token}) maps to ${seen.length > 0 ? seen.join(', ') : 'nothing'}, not to ${generatedToken}`,
      );
    }
  }
  return problems;
}
