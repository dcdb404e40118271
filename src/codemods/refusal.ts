import type { SourceSpan } from '../core/model.js';

/**
 * Why a codemod changes nothing: a message naming the place, what to do instead, and the exit code
 * (1 when the change would break the law, 2 when the request cannot be carried out as asked).
 */
export class CodemodRefusal extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: 1 | 2,
    readonly where?: SourceSpan,
    /** Findings to show before the refusal (as `check` prints them), when the refusal is about them. */
    readonly findingsReport?: string,
  ) {
    super(message);
    this.name = 'CodemodRefusal';
  }
}

/** A declaration the codemod cannot rewrite without guessing: the user edits it by hand. */
export function cannotRewrite(where: SourceSpan, what: string, byHand: string): CodemodRefusal {
  return new CodemodRefusal(`cannot rewrite safely: ${what}.`, `Edit it by hand: ${byHand}`, 2, where);
}
