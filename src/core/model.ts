/**
 * The engine's vocabulary: what extraction produces and what the laws judge.
 * Everything here is plain data so that it can be cached, compared and serialised.
 */

/** A place in a source file. Lines and columns are 1-based, columns count UTF-16 code units. */
export interface SourceSpan {
  /** Absolute path of the file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type ContractKind = 'X' | 'C';

export const CONTRACT_KIND_FIELD: Readonly<Record<ContractKind, 'extract_contracts' | 'produce_contracts'>> = {
  X: 'extract_contracts',
  C: 'produce_contracts',
};

/** One contract as declared in source, with the canonical hash of its surface. */
export interface DeclaredContract {
  readonly contractId: string;
  /** The array the contract was declared in decides its expected kind. */
  readonly declaredKind: ContractKind;
  readonly surfaceHash: string;
  readonly span: SourceSpan;
  readonly idSpan: SourceSpan;
  /** Where the schema's value is written: a shared constant may be in another file. */
  readonly schemaSpan: SourceSpan;
}

export interface DeclaredAlias {
  readonly name: string;
  readonly span: SourceSpan;
}

export interface Deprecation {
  readonly reason?: string;
  readonly replacedBy?: string;
  readonly span: SourceSpan;
  readonly replacedBySpan?: SourceSpan;
}

/**
 * One `defineRole(...)` call whose `role_id` was resolved statically and is valid. Spans point into
 * the file that declares the role (at the reference, when a value comes from a constant elsewhere).
 */
export interface DeclaredRole {
  readonly roleId: string;
  /** The `defineRole(...)` call. */
  readonly span: SourceSpan;
  readonly idSpan: SourceSpan;
  /** Distinct valid aliases, in declaration order. */
  readonly aliases: readonly DeclaredAlias[];
  readonly deprecation: Deprecation | undefined;
  /** Contracts with a valid id and a resolved schema, in declaration order (an id may repeat: CONTRACT_DUPLICATE). */
  readonly contracts: readonly DeclaredContract[];
  /** Every alias was read: a locked alias missing from `aliases` was really dropped. */
  readonly aliasesKnown: boolean;
  /** `deprecated` was read: `deprecation` is the truth. */
  readonly deprecationKnown: boolean;
  /** Every contract entry was read: a locked contract missing from `contracts` really left the source. */
  readonly contractsKnown: boolean;
  /** False when some identity-bearing field could not be read (there is a finding for it). */
  readonly complete: boolean;
}

/**
 * The identity-bearing view of a registry: the only thing the registry hash covers.
 * Display names, departments and other metadata are deliberately absent.
 */
export interface RegistrySnapshot {
  readonly roles: ReadonlyMap<string, SnapshotRole>;
}

export interface SnapshotRole {
  readonly aliases: readonly string[];
  readonly deprecated: boolean;
  /** contract_id → surface hash (hex sha256). */
  readonly contracts: ReadonlyMap<string, string>;
}
