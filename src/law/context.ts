import type { SourceSpan } from '../core/model.js';
import { portableRelative } from '../support/portable-path.js';

/** What laws need to word their findings and to match files with the lockfile's `declaredIn`. */
export interface LawContext {
  readonly root: string;
  /** The lockfile's absolute path, for findings about its entries. */
  readonly lockfile: string;
  /** A path relative to the project root, as the lockfile's `declaredIn` records it. */
  relative(file: string): string;
  /**
   * A path as messages name it: relative to where the command or ESLint runs, so that two packages
   * sharing a layout (`src/roles/x.ts`) are told apart in a monorepo. The project root by default.
   */
  display(file: string): string;
}

export function lawContext(root: string, lockfile: string, displayFrom = root): LawContext {
  const displayed = new Map<string, string>();
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
    display: (file) => {
      let shown = displayed.get(file);
      if (shown === undefined) {
        shown = portableRelative(displayFrom, file);
        displayed.set(file, shown);
      }
      return shown;
    },
  };
}

export function describeSpan(span: SourceSpan, context: LawContext): string {
  return `${context.display(span.file)}:${span.line}:${span.column}`;
}
