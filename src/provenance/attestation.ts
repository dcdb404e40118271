import { createHash } from 'node:crypto';
import { PROVENANCE_DOCS_URL } from './docs.js';
import type { RegistryProvenance } from './value.js';

export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

/** The predicate type of role-registry attestations: the predicate is the provenance value itself. */
export const PROVENANCE_PREDICATE_TYPE = `${PROVENANCE_DOCS_URL}#predicate-registry-provenance-v1`;

export interface AttestationSubject {
  /** The artifact's real path, relative to the real project root, with forward slashes. */
  readonly name: string;
  readonly digest: { readonly sha256: string };
}

export interface InTotoStatement {
  readonly _type: typeof IN_TOTO_STATEMENT_TYPE;
  readonly subject: readonly AttestationSubject[];
  readonly predicateType: typeof PROVENANCE_PREDICATE_TYPE;
  readonly predicate: RegistryProvenance;
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An in-toto Statement v1 binding artifacts (by sha256) to the registry they were built against. */
export function inTotoStatement(subjects: readonly AttestationSubject[], provenance: RegistryProvenance): InTotoStatement {
  return { _type: IN_TOTO_STATEMENT_TYPE, subject: subjects, predicateType: PROVENANCE_PREDICATE_TYPE, predicate: provenance };
}

/** A quote, possibly escaped (any number of backslashes before it). */
const QUOTE = String.raw`\\*["'\`]`;
const REGISTRY_HASH_PROPERTY = new RegExp(
  String.raw`(?<![\w$])(?:${QUOTE})?registryHash(?:${QUOTE})?\s*:\s*${QUOTE}([0-9a-f]{64})${QUOTE}`,
  'g',
);

/**
 * The registry hashes an artifact carries: the `registryHash` property of an embedded provenance
 * value, however a printer or minifier spelled it (`registryHash: "…"`, `"registryHash":"…"`,
 * single quotes, template quotes), also with its quotes escaped inside a string literal (webpack's
 * `eval` development builds: `registryHash: \"…\"`). Distinct, in order of appearance.
 */
export function registryHashesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(REGISTRY_HASH_PROPERTY)) found.add(match[1]!);
  return [...found];
}

/**
 * Why an artifact does not vouch for the registry at `expected` (it carries no registry hash, or
 * another one as well), or undefined when it does. `attest` and `verify` judge by this one rule,
 * so a file `attest` certifies is one `verify` accepts.
 */
export function registryHashProblem(text: string, expected: string): string | undefined {
  const hashes = registryHashesIn(text);
  if (hashes.length === 0) return 'carries no registry hash (was it built without the role-registry transformer or bundler plugin?)';
  const others = hashes.filter((hash) => hash !== expected);
  if (others.length > 0) return `built against registry ${others.join(', ')}, but the lockfile is at ${expected}. Rebuild it`;
  return undefined;
}
