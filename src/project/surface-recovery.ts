import path from 'node:path';
import { compareSurfaces } from '../canonical/surface-compatibility.js';
import type { Finding, SurfaceChange, SurfaceCompatibility } from '../core/findings.js';
import { parseContractId } from '../core/ids.js';
import { InputError } from '../core/input-error.js';
import type { ContractKind } from '../core/model.js';
import type { Lockfile } from '../lockfile/format.js';
import type { RegistryConfig } from '../source/config.js';
import { contractSchemasIn, type ContractSchema } from '../source/contract-schemas.js';
import type { SourceAnalysis } from '../source/workspace.js';
import { DISK, type FileSystemView } from '../support/file-system-view.js';
import { GitRepository } from '../support/git.js';
import { GitTreeFiles } from '../support/git-tree-files.js';

/** How many commits that changed the lockfile are read, newest first, before giving up on a surface. */
const LOCKFILE_COMMITS_READ = 10;

export interface DriftContext {
  readonly config: RegistryConfig;
  readonly source: SourceAnalysis;
  readonly lock: Lockfile | undefined;
  /** `check --against <ref>`: the base, read first. */
  readonly against?: string;
  /** The text a file has in this analysis when it is not the disk's (an editor's buffer). */
  readonly textOf?: (file: string) => string | undefined;
}

/**
 * Locked surfaces already recovered, by repository, contract and locked hash: a surface hash names
 * its content, so an entry is never stale. An editor re-linting a drift does not read git again.
 */
const recoveredSurfaces = new Map<string, ContractSchema>();

/**
 * Each CONTRACT_DRIFT finding with what changed: the locked surface is recovered from git (the
 * committed source at the base, then HEAD, then the commits that changed the lockfile, newest
 * first) by the same static extraction over the files of that commit, and used only where its hash
 * is the locked one; otherwise the finding says why not. The law has judged already: this only
 * explains its findings, and costs nothing when there is no drift (the same array comes back).
 */
export function explainDrifts(findings: readonly Finding[], context: DriftContext): readonly Finding[] {
  const drifts = findings.filter((f) => f.code === 'CONTRACT_DRIFT' && f.subject.contractId !== undefined);
  if (drifts.length === 0 || !context.lock) return findings;
  const wanted = new Map<string, Wanted>();
  for (const f of drifts) {
    const roleId = f.subject.roleId!;
    const contractId = f.subject.contractId!;
    const lockedRole = context.lock.roles.get(roleId);
    const accepted = context.lock.waivers.find((w) => w.code === 'CONTRACT_DRIFT' && w.id === contractId)?.surfaceHash;
    const lockedHash = accepted ?? lockedRole?.contracts.get(contractId);
    if (lockedHash === undefined) continue;
    const currentFiles = context.source.roles.filter((role) => role.roleId === roleId).map((role) => role.span.file);
    const lockedFiles = [
      ...(lockedRole?.declaredIn === undefined ? [] : [path.resolve(context.config.root, lockedRole.declaredIn)]),
      ...currentFiles,
    ];
    wanted.set(contractId, { lockedHash, currentFiles, lockedFiles, waived: accepted !== undefined });
  }
  const current = contractSchemasIn(
    currentFiles(context),
    context.config,
    [...wanted.values()].flatMap((w) => w.currentFiles),
  );
  const recovered = recoverLocked(wanted, context);
  return findings.map((f) => {
    if (!drifts.includes(f)) return f;
    const contractId = f.subject.contractId!;
    const want = wanted.get(contractId);
    const now = current.get(contractId);
    const locked = recovered.found.get(contractId);
    if (!want) return { ...f, surfaceDiffUnavailable: `the lockfile holds no surface hash for \`${contractId}\`` };
    if (!now) return { ...f, surfaceDiffUnavailable: `the current schema of \`${contractId}\` could not be read again` };
    if (!locked) return { ...f, surfaceDiffUnavailable: recovered.whyNot(contractId, want.lockedHash, want.waived) };
    return { ...f, ...compareSurfaces(contractId, kindOf(contractId), locked.schema, now.schema) };
  });
}

/** What a new contract version changes against the locked version before it (see `previousVersionDiffs`). */
export interface VersionDiff {
  readonly previousId: string;
  readonly surfaceDiff?: SurfaceChange[];
  readonly compatibility?: SurfaceCompatibility;
  readonly surfaceDiffUnavailable?: string;
}

/**
 * For each contract about to be locked (after `bump`), the diff from the latest locked version of
 * the same role and kind: that version's surface is read from the source when it is still declared
 * unchanged there, else recovered from git as for a drift. Contracts without a locked predecessor
 * are left out.
 */
export function previousVersionDiffs(
  added: readonly { readonly roleId: string; readonly contractId: string }[],
  context: DriftContext,
): Map<string, VersionDiff> {
  const out = new Map<string, VersionDiff>();
  const pairs: { roleId: string; contractId: string; previousId: string; previousHash: string }[] = [];
  for (const { roleId, contractId } of added) {
    const lockedRole = context.lock?.roles.get(roleId);
    const parsed = parseContractId(contractId);
    if (!lockedRole || 'problem' in parsed) continue;
    let previous: { id: string; version: number; hash: string } | undefined;
    for (const [id, hash] of [...lockedRole.contracts, ...lockedRole.retiredContracts]) {
      const other = parseContractId(id);
      if ('problem' in other || other.kind !== parsed.kind || other.version >= parsed.version) continue;
      if (!previous || other.version > previous.version) previous = { id, version: other.version, hash };
    }
    if (previous) pairs.push({ roleId, contractId, previousId: previous.id, previousHash: previous.hash });
  }
  if (pairs.length === 0) return out;
  const roleFiles = (roleId: string): string[] =>
    context.source.roles.filter((role) => role.roleId === roleId).map((role) => role.span.file);
  const current = contractSchemasIn(
    currentFiles(context),
    context.config,
    pairs.flatMap((pair) => roleFiles(pair.roleId)),
  );
  const wanted = new Map<string, Wanted>();
  for (const pair of pairs) {
    if (current.get(pair.previousId)?.surfaceHash === pair.previousHash) continue;
    const declaredIn = context.lock?.roles.get(pair.roleId)?.declaredIn;
    const files = [...(declaredIn === undefined ? [] : [path.resolve(context.config.root, declaredIn)]), ...roleFiles(pair.roleId)];
    wanted.set(pair.previousId, { lockedHash: pair.previousHash, currentFiles: [], lockedFiles: files });
  }
  const recovered = wanted.size === 0 ? undefined : recoverLocked(wanted, context);
  for (const pair of pairs) {
    const now = current.get(pair.contractId);
    const before =
      current.get(pair.previousId)?.surfaceHash === pair.previousHash
        ? current.get(pair.previousId)
        : recovered?.found.get(pair.previousId);
    if (!now)
      out.set(pair.contractId, {
        previousId: pair.previousId,
        surfaceDiffUnavailable: `the schema of \`${pair.contractId}\` could not be read`,
      });
    else if (!before)
      out.set(pair.contractId, {
        previousId: pair.previousId,
        surfaceDiffUnavailable: recovered!.whyNot(pair.previousId, pair.previousHash),
      });
    else if (before.surfaceHash === now.surfaceHash) out.set(pair.contractId, { previousId: pair.previousId, surfaceDiff: [] });
    else
      out.set(pair.contractId, {
        previousId: pair.previousId,
        ...compareSurfaces(pair.contractId, kindOf(pair.contractId), before.schema, now.schema),
      });
  }
  return out;
}

/** The source as this analysis read it: an editor's buffer where there is one, else the disk. */
function currentFiles(context: DriftContext): FileSystemView {
  const textOf = context.textOf;
  return textOf ? { ...DISK, readFile: (file) => withText(textOf(file)) ?? DISK.readFile(file) } : DISK;
}

interface Wanted {
  readonly lockedHash: string;
  readonly currentFiles: readonly string[];
  readonly lockedFiles: readonly string[];
  /** The locked hash is the surface a waiver accepted, which may never have been committed. */
  readonly waived?: boolean;
}

interface Recovery {
  readonly found: ReadonlyMap<string, ContractSchema>;
  readonly whyNot: (contractId: string, lockedHash: string, waived?: boolean) => string;
}

function recoverLocked(wanted: ReadonlyMap<string, Wanted>, context: DriftContext): Recovery {
  const found = new Map<string, ContractSchema>();
  const cacheKey = (contractId: string, w: Wanted): string => `${context.config.root}\0${contractId}\0${w.lockedHash}`;
  for (const [contractId, w] of wanted) {
    const known = recoveredSurfaces.get(cacheKey(contractId, w));
    if (known) found.set(contractId, known);
  }
  if (found.size === wanted.size) return { found, whyNot: () => '' };
  let repo: GitRepository;
  let candidates: { readonly sha: string; readonly name: string }[];
  const { config } = context;
  try {
    repo = GitRepository.open(config.root, config.lockfile, 'surface diff', {
      message: `${config.root} is not inside a git repository`,
      hint: '',
    });
    const base = context.against === undefined ? [] : [{ sha: repo.resolveCommit(context.against, '--against'), name: context.against }];
    const lockfileCommits = repo
      .commitsChanging(repo.relative(config.lockfile), LOCKFILE_COMMITS_READ)
      .map((sha) => ({ sha, name: sha.slice(0, 12) }));
    candidates = [...base, { sha: repo.resolveCommit('HEAD', 'HEAD'), name: 'HEAD' }, ...lockfileCommits];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const reason = error.message.replace(/\.$/, '');
    return { found, whyNot: () => `the locked surface cannot be read from git: ${reason}` };
  }
  const seen = new Set<string>();
  const read: string[] = [];
  const otherSurfaces = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate.sha)) continue;
    seen.add(candidate.sha);
    const missing = [...wanted].filter(([contractId]) => !found.has(contractId));
    if (missing.length === 0) break;
    read.push(candidate.name);
    let schemas: Map<string, ContractSchema>;
    try {
      const files = new GitTreeFiles(repo, candidate.sha, topSeenFrom(config.root, repo.relative(config.root)));
      schemas = contractSchemasIn(
        files,
        config,
        missing.flatMap(([, w]) => w.lockedFiles),
      );
    } catch (error) {
      // Explaining a drift never turns a report into unusable input: the finding stays, without its diff.
      if (!(error instanceof InputError)) throw error;
      const reason = error.message.replace(/\.$/, '');
      return { found, whyNot: () => `the locked surface cannot be read from git at ${candidate.name}: ${reason}` };
    }
    for (const [contractId, w] of missing) {
      const schema = schemas.get(contractId);
      if (schema?.surfaceHash === w.lockedHash) {
        found.set(contractId, schema);
        recoveredSurfaces.set(cacheKey(contractId, w), schema);
      } else if (schema) otherSurfaces.add(contractId);
    }
  }
  return {
    found,
    whyNot: (contractId, lockedHash, waived) =>
      `no commit read (${read.join(', ')}) declares \`${contractId}\` with the ${waived ? 'surface its waiver accepts' : 'locked surface'} ${lockedHash.slice(0, 12)}… ` +
      (waived
        ? '(a waiver may accept a surface that was never committed)'
        : otherSurfaces.has(contractId)
          ? '(they declare it with another one): the history that held it was rewritten, or the lockfile was edited by hand'
          : '(its file is not found there): the history that held it was rewritten, or is not fetched'),
  };
}

/** Where the repository's top folder is seen from the project root as given (which may be reached through a link). */
function topSeenFrom(root: string, rootInRepository: string): string {
  if (rootInRepository === '' || rootInRepository === '.') return root;
  return path.resolve(root, ...rootInRepository.split('/').map(() => '..'));
}

function withText(text: string | undefined): Buffer | undefined {
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}

function kindOf(contractId: string): ContractKind {
  const parsed = parseContractId(contractId);
  return 'problem' in parsed ? 'X' : parsed.kind;
}
