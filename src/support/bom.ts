/**
 * Editors (on Windows especially) may save a UTF-8 byte-order mark. It is no part of a file's
 * meaning: texts are compared, parsed and positioned without it.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
