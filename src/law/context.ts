import type { SourceSpan } from '../core/model.js';
import { portableRelative } from '../support/portable-path.js';

/** What laws need to word their findings: paths relative to the project root. */
export interface LawContext {
  readonly root: string;
  /** The lockfile's absolute path, for findings about its entries. */
  readonly lockfile: string;
  relative(file: string): string;
}

export function lawContext(root: string, lockfile: string): LawContext {
  // Laws ask for the same few hundred files once per role: path.relative is worth remembering.
  const relatives = new Map<string, string>();
  return {
    root,
    lockfile,
    relative: (file) => {
      let relative = relatives.get(file);
      if (relative === undefined) {
        relative = portableRelative(root, file);
        relatives.set(file, relative);
      }
      return relative;
    },
  };
}

export function describeSpan(span: SourceSpan, context: LawContext): string {
  return `${context.relative(span.file)}:${span.line}:${span.column}`;
}
