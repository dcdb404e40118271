/**
 * Why a registry file's project-relative name (forward slashes) cannot be recorded as a role's
 * `declaredIn`, or undefined when it can. What `lock` records must be read back by `check` (see
 * lockfile/format.ts) and name the same file on every OS, so a name that would not is refused
 * before anything is written, never rewritten into another name.
 */
export function unrecordableNameReason(relative: string): string | undefined {
  if (relative.includes('\\')) {
    return 'a backslash, which Windows reads as a folder separator: the lockfile records paths with forward slashes, the same on every OS';
  }
  const control = /[\u0000-\u001f]/.exec(relative);
  if (control)
    return `a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), which the lockfile cannot record`;
  if (relative.includes('\ufffd')) return 'bytes that are not UTF-8 (shown as U+FFFD), so the name cannot be written down and found again';
  return undefined;
}
