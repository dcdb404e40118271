/**
 * The one way the engine remembers a derived value: per key object, together with the input objects
 * it was derived from. A lookup answers only when every input is the very same object (or value) as
 * then; anything else is a miss, so a stale answer is impossible and nothing needs invalidating.
 * Keys are held weakly: an unreachable declaration, file group or lockfile frees its entries.
 *
 * The laws key by what the workspace hands back unchanged for unchanged files (a declaration, a
 * file's role group) and by the lockfile, waiver index and law context they judged against.
 */
export class IdentityMemo<K extends object, V> {
  private readonly entries = new WeakMap<K, { readonly inputs: readonly unknown[]; readonly value: V }>();

  /** The value remembered for `key`, if it was derived from these same `inputs`. */
  get(key: K, inputs: readonly unknown[]): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.inputs.length !== inputs.length) return undefined;
    for (let index = 0; index < inputs.length; index++) if (entry.inputs[index] !== inputs[index]) return undefined;
    return entry.value;
  }

  set(key: K, inputs: readonly unknown[], value: V): V {
    this.entries.set(key, { inputs, value });
    return value;
  }
}
