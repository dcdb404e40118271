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

/** One `defineRole(...)` call whose identity-bearing fields were all resolved statically. */
export interface DeclaredRole {
  readonly roleId: string;
  readonly span: SourceSpan;
  readonly idSpan: SourceSpan;
  readonly aliases: readonly DeclaredAlias[];
  readonly deprecation: Deprecation | undefined;
  readonly contracts: readonly DeclaredContract[];
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
