/**
 * A reference model of the law (DESIGN.md section 3, docs/violations.md), written for obviousness
 * over plain arrays, sets and maps: declared state + locked state → the set of (code, subject)
 * verdicts. It shares no code with the engine. Surfaces are opaque tokens (equal token = equal hash).
 */

export type Kind = 'X' | 'C';

export interface MContract {
  /** The contract_id string as written. */
  readonly id: string;
  /** The list it is written in: extract_contracts (X) or produce_contracts (C). */
  readonly list: Kind;
  readonly surface: string;
  /** Written so that it cannot be resolved statically. */
  readonly nonStatic: boolean;
}

export interface MAlias {
  readonly name: string;
  readonly nonStatic: boolean;
}

export interface MRole {
  readonly id: string;
  readonly nonStaticId: boolean;
  readonly aliases: readonly MAlias[];
  readonly deprecated: boolean;
  readonly replacedBy: string | undefined;
  readonly contracts: readonly MContract[];
}

/** Registry files in code-unit order of their names, each a list of declarations in order. */
export type MState = readonly (readonly MRole[])[];

interface MLockedRole {
  readonly aliases: ReadonlySet<string>;
  readonly deprecated: boolean;
  readonly active: ReadonlyMap<string, string>;
  readonly retired: ReadonlyMap<string, string>;
  /** Index of the file that last declared it. */
  readonly declaredIn: number;
}

export type MLock = ReadonlyMap<string, MLockedRole>;

/** Role ids and aliases the generator uses that are valid under the default idPattern. */
export const VALID_NAMES = new Set(['alpha', 'beta', 'gamma', 'delta', 'old_a', 'old_b', 'old_c']);

function verdict(code: string, roleId?: string, alias?: string, contractId?: string): string {
  const parts = [roleId, alias === undefined ? undefined : `alias=${alias}`, contractId].filter((p) => p !== undefined);
  return `${code}(${parts.join(',')})`;
}

interface Read {
  readonly id: string;
  readonly file: number;
  readonly aliases: string[];
  readonly aliasesKnown: boolean;
  readonly deprecated: boolean;
  readonly replacedBy: string | undefined;
  /** First declaration of each valid, static contract. */
  readonly contracts: Map<string, MContract>;
  readonly repeated: string[];
  readonly contractsKnown: boolean;
}

function parseContract(id: string): { role: string; kind: string; version: number } | undefined {
  const match = /^ROLE:([^:]+):(X|C):([1-9][0-9]*)$/.exec(id);
  return match ? { role: match[1]!, kind: match[2]!, version: Number(match[3]) } : undefined;
}

export function judgeModel(state: MState, lock: MLock | undefined): Set<string> {
  const out = new Set<string>();
  const locked: MLock = lock ?? new Map();
  const unknownFiles = new Set<number>();
  const invalidIds = new Set<string>();
  const reads: Read[] = [];

  // Reading each declaration (every one, duplicates included).
  state.forEach((roles, file) => {
    for (const role of roles) {
      if (role.nonStaticId) {
        out.add(verdict('NON_STATIC_VALUE'));
        unknownFiles.add(file);
        continue;
      }
      if (!VALID_NAMES.has(role.id)) {
        out.add(verdict('ROLE_ID_INVALID', role.id));
        invalidIds.add(role.id);
        continue;
      }
      const aliases: string[] = [];
      let aliasesKnown = true;
      for (const alias of role.aliases) {
        if (alias.nonStatic) {
          out.add(verdict('NON_STATIC_VALUE', role.id));
          aliasesKnown = false;
        } else if (!VALID_NAMES.has(alias.name)) {
          out.add(verdict('ROLE_ID_INVALID', role.id, alias.name));
          aliasesKnown = false;
        } else if (!aliases.includes(alias.name)) aliases.push(alias.name);
      }
      const contracts = new Map<string, MContract>();
      const repeated: string[] = [];
      let contractsKnown = true;
      for (const contract of role.contracts) {
        const parsed = parseContract(contract.id);
        if (!parsed || parsed.role !== role.id || parsed.kind !== contract.list) {
          out.add(verdict('CONTRACT_ID_INVALID', role.id, undefined, contract.id));
          contractsKnown = false;
        } else if (contract.nonStatic) {
          out.add(verdict('NON_STATIC_VALUE', role.id, undefined, contract.id));
          contractsKnown = false;
        } else if (contracts.has(contract.id)) repeated.push(contract.id);
        else contracts.set(contract.id, contract);
      }
      reads.push({
        id: role.id,
        file,
        aliases,
        aliasesKnown,
        deprecated: role.deprecated,
        replacedBy: role.replacedBy,
        contracts,
        repeated,
        contractsKnown,
      });
    }
  });

  // One original per id: the one in the file the lockfile names, else the first.
  const originals = new Map<string, Read>();
  for (const read of reads) {
    const hinted = locked.get(read.id)?.declaredIn;
    const current = originals.get(read.id);
    if (!current || (current.file !== hinted && read.file === hinted)) originals.set(read.id, read);
  }
  const judged = reads.filter((read) => originals.get(read.id) === read);
  for (const read of reads) if (originals.get(read.id) !== read) out.add(verdict('ROLE_ID_DUPLICATE', read.id));

  for (const role of judged) {
    for (const id of role.repeated) out.add(verdict('CONTRACT_DUPLICATE', role.id, undefined, id));
    if (role.replacedBy !== undefined && (role.replacedBy === role.id || !originals.has(role.replacedBy)))
      out.add(verdict('REPLACED_BY_UNKNOWN', role.id));
  }

  // Who owns which name.
  const lockedAliasOwner = new Map<string, string>();
  for (const [id, entry] of locked) for (const alias of entry.aliases) lockedAliasOwner.set(alias, id);
  const firstClaim = new Map<string, string>();
  for (const role of judged) {
    if (lockedAliasOwner.has(role.id)) out.add(verdict('ID_REUSED', role.id));
    for (const alias of role.aliases) {
      const owner = lockedAliasOwner.get(alias);
      if (alias === role.id) out.add(verdict('ID_ALIAS_COLLISION', role.id, alias));
      else if (owner !== undefined) {
        if (owner !== role.id) out.add(verdict('ID_REUSED', role.id, alias));
      } else if (originals.has(alias)) out.add(verdict('ID_ALIAS_COLLISION', role.id, alias));
      else if (locked.has(alias)) out.add(verdict('ID_REUSED', role.id, alias));
      else if ((firstClaim.get(alias) ?? role.id) !== role.id) out.add(verdict('ID_ALIAS_COLLISION', role.id, alias));
      else firstClaim.set(alias, role.id);
    }
  }

  // Source against lockfile.
  for (const [id, entry] of locked) {
    if (!originals.has(id) && !invalidIds.has(id) && !unknownFiles.has(entry.declaredIn)) out.add(verdict('ROLE_REMOVED', id));
  }
  for (const role of judged) {
    const entry = locked.get(role.id);
    if (!entry) {
      out.add(verdict('LOCK_OUTDATED', role.id));
      continue;
    }
    if (role.aliasesKnown)
      for (const alias of entry.aliases) if (!role.aliases.includes(alias)) out.add(verdict('ALIAS_REMOVED', role.id, alias));
    for (const alias of role.aliases) if (!entry.aliases.has(alias)) out.add(verdict('LOCK_OUTDATED', role.id, alias));
    if (entry.deprecated && !role.deprecated) out.add(verdict('DEPRECATION_REVERTED', role.id));
    if (!entry.deprecated && role.deprecated) out.add(verdict('LOCK_OUTDATED', role.id));
    for (const [id, contract] of role.contracts) {
      const active = entry.active.get(id);
      const retired = entry.retired.get(id);
      if (active !== undefined && active !== contract.surface) out.add(verdict('CONTRACT_DRIFT', role.id, undefined, id));
      else if (retired !== undefined && retired !== contract.surface) out.add(verdict('CONTRACT_REUSED', role.id, undefined, id));
      else if (active === undefined) out.add(verdict('LOCK_OUTDATED', role.id, undefined, id));
    }
    if (!role.contractsKnown) continue;
    for (const id of entry.active.keys()) {
      if (role.contracts.has(id)) continue;
      const gone = parseContract(id)!;
      const superseded = [...role.contracts.keys()].some(
        (other) => parseContract(other)!.kind === gone.kind && parseContract(other)!.version > gone.version,
      );
      out.add(verdict(superseded ? 'LOCK_OUTDATED' : 'CONTRACT_REMOVED', role.id, undefined, id));
    }
  }

  // "Not locked yet" is noise where the same thing already has a blocking verdict.
  const subjectOf = (v: string): string => v.slice(v.indexOf('('));
  const blocked = new Set([...out].filter((v) => !v.startsWith('LOCK_OUTDATED(')).map(subjectOf));
  for (const v of [...out]) if (v.startsWith('LOCK_OUTDATED(') && blocked.has(subjectOf(v))) out.delete(v);
  return out;
}

export function blocksLockModel(verdicts: ReadonlySet<string>): boolean {
  return [...verdicts].some((v) => !v.startsWith('LOCK_OUTDATED('));
}

/** What `lock` records (only called when nothing blocks): a union, never a removal. */
export function lockModel(state: MState, lock: MLock | undefined): MLock {
  const next = new Map(lock ?? []);
  const seen = new Set<string>();
  state.forEach((roles, file) => {
    for (const role of roles) {
      if (seen.has(role.id)) continue;
      seen.add(role.id);
      const before = lock?.get(role.id);
      const active = new Map<string, string>();
      for (const contract of role.contracts) if (!active.has(contract.id)) active.set(contract.id, contract.surface);
      const retired = new Map(before?.retired ?? []);
      for (const id of active.keys()) retired.delete(id);
      for (const [id, surface] of before?.active ?? []) if (!active.has(id)) retired.set(id, surface);
      next.set(role.id, {
        aliases: new Set([...(before?.aliases ?? []), ...role.aliases.map((alias) => alias.name)]),
        deprecated: (before?.deprecated ?? false) || role.deprecated,
        active,
        retired,
        declaredIn: file,
      });
    }
  });
  return next;
}
