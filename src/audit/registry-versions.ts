import { registryHash } from '../canonical/hashing.js';
import { InputError } from '../core/input-error.js';
import { parseLockfile, lockfileSnapshot } from '../lockfile/format.js';
import { decodeUtf8, JsonTextError } from '../support/json-text.js';
import type { HistoryCommit } from '../support/git.js';
import type { HistorySource } from './audit.js';

/** One registry the lockfile described in some commit: what its hash covers, contract by contract. */
export interface RegistryVersion {
  readonly registryHash: string;
  /** The first commit (oldest first) whose lockfile had this registry hash. */
  readonly firstCommit: HistoryCommit;
  /** Active contract id → its surface hash and role, as that version's registry hash covers them. */
  readonly contracts: ReadonlyMap<string, { readonly roleId: string; readonly surfaceHash: string }>;
}

const BATCH = 256;

/**
 * Every registry hash the lockfile had in `commits`, each distinct lockfile version read once (as
 * `audit` reads them). Unreadable versions had no registry hash: they are skipped, `audit` reports them.
 */
export function registryVersionsInHistory(commits: readonly HistoryCommit[], source: HistorySource): Map<string, RegistryVersion> {
  const at = source.lockfilesAt(commits.map((commit) => commit.sha));
  const firstCommitOfBlob = new Map<string, { commit: HistoryCommit; file: string }>();
  for (const commit of commits) {
    const found = at.get(commit.sha);
    if (found?.kind === 'found' && !firstCommitOfBlob.has(found.blob)) firstCommitOfBlob.set(found.blob, { commit, file: found.file });
  }
  const versions = new Map<string, RegistryVersion>();
  const blobs = [...firstCommitOfBlob.keys()];
  for (let start = 0; start < blobs.length; start += BATCH) {
    const batch = blobs.slice(start, start + BATCH);
    const bytes = source.readBlobs(batch);
    for (const blob of batch) {
      const { commit, file } = firstCommitOfBlob.get(blob)!;
      const version = versionOf(file, bytes.get(blob), commit);
      // Blobs come oldest first: of two with one registry hash (metadata changed), the older names it.
      if (version && !versions.has(version.registryHash)) versions.set(version.registryHash, version);
    }
  }
  return versions;
}

function versionOf(file: string, bytes: Buffer | undefined, commit: HistoryCommit): RegistryVersion | undefined {
  if (!bytes) return undefined;
  try {
    const snapshot = lockfileSnapshot(parseLockfile(file, decodeUtf8(file, bytes)));
    const contracts = new Map<string, { roleId: string; surfaceHash: string }>();
    for (const [roleId, role] of snapshot.roles)
      for (const [contractId, surfaceHash] of role.contracts) contracts.set(contractId, { roleId, surfaceHash });
    return { registryHash: registryHash(snapshot), firstCommit: commit, contracts };
  } catch (error) {
    if (error instanceof InputError || error instanceof JsonTextError) return undefined;
    throw error;
  }
}
