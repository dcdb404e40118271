import type { SourceSpan } from '../model.js';
import { portableRelative } from '../portable-path.js';

/** What laws need to word their findings: paths relative to the project root. */
export interface LawContext {
  readonly root: string;
  /** The lockfile's absolute path, for findings about its entries. */
  readonly lockfile: string;
  relative(file: string): string;
}

export function lawContext(root: string, lockfile: string): LawContext {
  return {
    root,
    lockfile,
    relative: (file) => portableRelative(root, file),
  };
}

export function describeSpan(span: SourceSpan, context: LawContext): string {
  return `${context.relative(span.file)}:${span.line}:${span.column}`;
}
