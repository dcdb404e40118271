import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { writeFailure, writeFilesAtomically, type FileWrite } from '../support/atomic-file.js';
import { assertInsideProject } from '../support/confinement.js';
import { CONFIG_FILE_NAME, DEFAULT_LOCKFILE_NAME, findConfigFile, loadConfig, parseConfig, type RegistryConfig } from '../source/config.js';
import { compareFindings, isInputProblem, type Finding } from '../core/findings.js';
import { compareCodeUnits, surfaceHash } from '../canonical/hashing.js';
import type { JsonDocument, JsonPath } from '../support/json-text.js';
import { lawContext } from '../law/context.js';
import { judge } from '../law/judge.js';
import { describeChange, nextLockfile } from '../project/lock-update.js';
import { acquireLockfileLock, announcedWait, DEFAULT_LOCK_WAIT_SECONDS, type HeldLock } from '../lockfile/advisory-lock.js';
import { assertLockfileWritable } from '../lockfile/confined.js';
import { lockfileWrite, readLockfile } from '../lockfile/io.js';
import type { DeclaredRole, SourceSpan } from '../core/model.js';
import type { Lockfile } from '../lockfile/format.js';
import { RegistryWorkspace, type SourceAnalysis } from '../source/workspace.js';
import { formatText } from '../report/finding-text.js';
import { departmentFileName, emitPack, SHARED_SCHEMAS_FILE } from './pack-emit.js';
import { PackError, readPack, type Pack } from './pack.js';
import { LawRefusal, relativeTo, type PlannedFile } from './pipeline.js';
import { CodemodRefusal } from './refusal.js';

export interface ImportOptions {
  readonly cwd: string;
  readonly configFile: string | undefined;
  readonly packFile: string;
  readonly out: string;
  /** A dry run does not take the lockfile's advisory lock. */
  readonly dryRun: boolean;
  /** Told when the lockfile's advisory lock is held by another writer and the import waits. */
  readonly onWait: (text: string) => void;
}

/**
 * What an import will write, all judged: the declarations (new files only), a config when the
 * project has none, and the lockfile. Until `writeImport` or `release`, it holds the lockfile's
 * advisory lock (unless it was planned as a dry run).
 */
export interface ImportPlan {
  /** One line: the pack, its roles, department files and shared schemas. */
  readonly summary: string;
  readonly outDir: string;
  readonly files: readonly PlannedFile[];
  readonly newConfig: { readonly file: string; readonly text: string } | undefined;
  readonly lockfile: { readonly file: string; readonly isNew: boolean; readonly changes: readonly string[] };
  readonly nextLock: Lockfile;
  readonly root: string;
  release(): void;
}

/**
 * `role-registry import <pack.json> --out <dir>`: a role pack becomes TypeScript declarations
 * (one file per department, shared schemas as constants), a config when there is none, and the
 * lockfile the engine computes from those declarations, whose surface hashes are the pack's
 * canonical hashes. Everything is judged before anything is written; files are never overwritten.
 */
export function planImport(options: ImportOptions): ImportPlan {
  const cwd = path.resolve(options.cwd);
  let held: HeldLock | undefined;
  try {
    const packPath = path.resolve(cwd, options.packFile);
    const outDir = path.resolve(cwd, options.out);
    const existingConfig = options.configFile ? path.resolve(cwd, options.configFile) : findConfigFile(cwd);
    const newConfigText = existingConfig
      ? undefined
      : `${JSON.stringify({ include: [`${posix(path.relative(cwd, outDir)) || '.'}/**/*.ts`], lockfile: DEFAULT_LOCKFILE_NAME }, null, 2)}\n`;
    const config = existingConfig ? loadConfig(existingConfig) : parseConfig(path.join(cwd, CONFIG_FILE_NAME), newConfigText!);
    // Real paths, not text: `--out ../x`, and `--out` through a linked folder, both land outside.
    assertInsideProject(outDir, config.root, '--out');
    if (newConfigText !== undefined) assertInsideProject(config.configFile, config.root, 'The config file');
    assertLockfileWritable(config.lockfile, config.root);
    let packText: string;
    try {
      packText = readFileSync(packPath, 'utf8');
    } catch (error) {
      throw new CodemodRefusal(`cannot read the role pack ${packPath}: ${(error as Error).message}.`, 'Check the path of the pack.', 2);
    }
    const { pack, document } = readPack(packPath, packText, config.idPattern);
    assertDepartmentFiles(pack, document);

    const emitted = emitPack(pack);
    const planned: PlannedFile[] = [...emitted.files].map(([name, text]) => ({
      file: path.join(outDir, name),
      before: undefined,
      after: text,
    }));
    const present = planned.filter((file) => existsSync(file.file)).map((file) => relativeTo(cwd, file.file));
    if (present.length > 0) {
      throw new CodemodRefusal(
        `${present.join(', ')} already exist${present.length === 1 ? 's' : ''}; import never overwrites files.`,
        'Import into a new directory (--out), or move those files away first.',
        2,
      );
    }
    assertMatchedByConfig(config, planned, existingConfig);

    // Held from reading the lockfile to writing it, like `lock`: another writer must not interleave.
    if (!options.dryRun) held = acquireLockfileLock(config.lockfile, announcedWait(DEFAULT_LOCK_WAIT_SECONDS, options.onWait));
    const lock = readLockfile(config.lockfile, config.root);
    const context = lawContext(config.root, config.lockfile);
    const existing = existingSource(config);
    if (existing.files.length > 0 || lock) {
      const problems = judge({ source: existing, lock, context });
      if (problems.length > 0) {
        throw new CodemodRefusal(
          `the registry has ${problems.length} problem${problems.length === 1 ? '' : 's'} already.`,
          'Import adds roles to a clean registry: fix what `role-registry check` reports first.',
          problems.some(isInputProblem) ? 2 : 1,
          undefined,
          formatText(problems, { root: config.root, cwd }, ''),
        );
      }
    }
    const generated = analyseGenerated(config, planned);
    const source: SourceAnalysis = {
      files: [...existing.files, ...generated.files].sort(compareCodeUnits),
      roles: [...existing.roles, ...generated.roles],
      findings: [...existing.findings, ...generated.findings].sort(compareFindings),
      unparseableFiles: new Set([...existing.unparseableFiles, ...generated.unparseableFiles]),
      unknownRoleFiles: new Set([...existing.unknownRoleFiles, ...generated.unknownRoleFiles]),
      invalidRoleIds: new Set([...existing.invalidRoleIds, ...generated.invalidRoleIds]),
    };
    const blocking = judge({ source, lock, context }).filter((f) => f.code !== 'LOCK_OUTDATED');
    if (blocking.length > 0) {
      const onPack = blocking.map((f) => pointAtPack(f, pack, document, planned)).sort(compareFindings);
      throw new LawRefusal(onPack, formatText(onPack, { root: config.root, cwd }, ''));
    }
    const { lock: nextLock, changes } = nextLockfile(source.roles, lock, context);
    assertHashesEqualPack(pack, nextLock.roles);

    const summary = `Role pack ${JSON.stringify(pack.packId)}: ${pack.roles.length} role${pack.roles.length === 1 ? '' : 's'} in ${emitted.departmentFiles.size} department file${emitted.departmentFiles.size === 1 ? '' : 's'}, ${emitted.sharedSchemas} shared schema${emitted.sharedSchemas === 1 ? '' : 's'}${emitted.sharedSchemas > 0 ? ` in ${SHARED_SCHEMAS_FILE}` : ''}.`;
    const lockHeld = held;
    return {
      summary,
      outDir,
      files: planned,
      newConfig: newConfigText === undefined ? undefined : { file: config.configFile, text: newConfigText },
      lockfile: { file: config.lockfile, isNew: !lock, changes: changes.map(describeChange) },
      nextLock,
      root: config.root,
      release: () => lockHeld?.release(),
    };
  } catch (error) {
    held?.release();
    throw error;
  }
}

/**
 * Writes a planned import: the declarations (refused if one appeared meanwhile), the config, and
 * the lockfile last (until it is written, nothing is published). Releases the plan's lock.
 */
export function writeImport(plan: ImportPlan, cwd: string): void {
  try {
    for (const file of plan.files) assertInsideProject(file.file, plan.root, 'The generated file');
    for (const file of plan.files) {
      if (existsSync(file.file))
        throw new CodemodRefusal(`${relativeTo(cwd, file.file)} appeared while the import was prepared.`, 'Run the import again.', 2);
    }
    // One change: all files staged in full before any is put in place, so a full disk leaves the
    // project as it was. The lockfile last: until it is written, nothing is published.
    const writes: FileWrite[] = plan.files.map((file) => ({ file: file.file, bytes: file.after, mode: 'create' }));
    if (plan.newConfig !== undefined) writes.push({ file: plan.newConfig.file, bytes: plan.newConfig.text, mode: 'create' });
    const lockWrite = lockfileWrite(plan.lockfile.file, plan.nextLock, plan.root, plan.lockfile.isNew ? 'create' : 'replace');
    if (lockWrite) writes.push(lockWrite);
    writeFilesAtomically(writes, { createDirectory: true });
  } finally {
    plan.release();
  }
}

function posix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function assertDepartmentFiles(pack: Pack, document: JsonDocument): void {
  const owner = new Map<string, string>();
  for (const role of pack.roles) {
    const where: JsonPath = ['roles', role.index, 'department_id'];
    const file = departmentFileName(role.departmentId);
    const fail = (problem: string): never => {
      throw new PackError(`roles[${role.index}].department_id: ${problem}`, 'Rename the department in the pack.', document.spanOf(where));
    };
    if (file === undefined) fail(`${JSON.stringify(role.departmentId)} has no letters or digits to name its file.`);
    if (file === SHARED_SCHEMAS_FILE)
      fail(`department ${JSON.stringify(role.departmentId)} would be written to ${SHARED_SCHEMAS_FILE}, the file of shared schemas.`);
    const other = owner.get(file!);
    if (other !== undefined && other !== role.departmentId)
      fail(`departments ${JSON.stringify(other)} and ${JSON.stringify(role.departmentId)} would both be written to ${file}.`);
    owner.set(file!, role.departmentId);
  }
}

/** The files must be registry files, or `check` would never see them. */
function assertMatchedByConfig(config: RegistryConfig, planned: readonly PlannedFile[], existingConfig: string | undefined): void {
  if (!existingConfig) return;
  const included = picomatch([...config.include], { dot: false });
  const excluded = picomatch([...config.exclude, '**/node_modules/**']);
  for (const file of planned) {
    const relative = posix(path.relative(config.root, file.file));
    if (!included(relative) || (config.exclude.length > 0 && excluded(relative))) {
      throw new CodemodRefusal(
        `${relative} would not be a registry file: the include/exclude globs of ${existingConfig} do not match it.`,
        `Choose --out inside the include globs (${config.include.join(', ')}), or add "${posix(path.relative(config.root, path.dirname(file.file)))}/**/*.ts" to include.`,
        2,
      );
    }
  }
}

function existingSource(config: RegistryConfig): SourceAnalysis {
  const workspace = new RegistryWorkspace(config);
  if (workspace.listFiles().length === 0)
    return { files: [], roles: [], findings: [], unparseableFiles: new Set(), unknownRoleFiles: new Set(), invalidRoleIds: new Set() };
  return workspace.analyze();
}

/** A workspace over exactly the staged files, whatever the globs say. */
class StagedWorkspace extends RegistryWorkspace {
  constructor(
    config: RegistryConfig,
    private readonly staged: readonly string[],
  ) {
    super(config);
  }

  override listFiles(): readonly string[] {
    return this.staged;
  }

  override isRegistryFile(file: string): boolean {
    return this.staged.includes(file);
  }
}

/**
 * Extracts the generated declarations with the engine, from a staging copy in a temporary
 * directory laid out like the project (module resolution reads the disk), then maps every place
 * back to where the files will be written.
 */
function analyseGenerated(config: RegistryConfig, planned: readonly PlannedFile[]): SourceAnalysis {
  const staging = mkdtempSync(path.join(tmpdir(), 'role-registry-import-'));
  try {
    const staged = planned.map((file) => path.join(staging, path.relative(config.root, file.file)));
    planned.forEach((file, index) => {
      try {
        mkdirSync(path.dirname(staged[index]!), { recursive: true });
        writeFileSync(staged[index]!, file.after);
      } catch (error) {
        // The staging copy lives in the OS temp directory: a full one is reported like any write.
        throw writeFailure(staged[index]!, 'create', error);
      }
    });
    const stagingConfig: RegistryConfig = {
      ...config,
      configFile: path.join(staging, CONFIG_FILE_NAME),
      root: staging,
      include: [],
      exclude: [],
      lockfile: path.join(staging, DEFAULT_LOCKFILE_NAME),
      tsconfig: undefined,
    };
    const analysis = new StagedWorkspace(stagingConfig, [...staged].sort(compareCodeUnits)).analyze();
    const back = (file: string): string =>
      file.startsWith(staging + path.sep) ? path.join(config.root, path.relative(staging, file)) : file;
    const span = <T extends SourceSpan | undefined>(at: T): T => (at === undefined ? at : ({ ...at, file: back(at.file) } as T));
    const roles: DeclaredRole[] = analysis.roles.map((role) => ({
      ...role,
      span: span(role.span),
      idSpan: span(role.idSpan),
      aliases: role.aliases.map((alias) => ({ ...alias, span: span(alias.span) })),
      deprecation: role.deprecation && {
        ...role.deprecation,
        span: span(role.deprecation.span),
        ...(role.deprecation.replacedBySpan ? { replacedBySpan: span(role.deprecation.replacedBySpan) } : {}),
      },
      contracts: role.contracts.map((contract) => ({
        ...contract,
        span: span(contract.span),
        idSpan: span(contract.idSpan),
        schemaSpan: span(contract.schemaSpan),
      })),
    }));
    const findings: Finding[] = analysis.findings.map((f) => (f.span ? { ...f, span: span(f.span) } : f));
    return {
      files: analysis.files.map(back),
      roles,
      findings,
      unparseableFiles: new Set([...analysis.unparseableFiles].map(back)),
      unknownRoleFiles: new Set([...analysis.unknownRoleFiles].map(back)),
      invalidRoleIds: analysis.invalidRoleIds,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A finding about a generated declaration points at the pack entry it came from. */
function pointAtPack(f: Finding, pack: Pack, document: JsonDocument, planned: readonly PlannedFile[]): Finding {
  const generated = f.span === undefined || planned.some((file) => file.file === f.span!.file);
  if (!generated) return f;
  const role = pack.roles.find((candidate) => candidate.roleId === f.subject.roleId);
  if (!role) return f;
  let where: JsonPath = ['roles', role.index, 'role_id'];
  const contract = role.contracts.find((candidate) => candidate.contractId === f.subject.contractId);
  if (contract) where = [...contract.path, 'contract_id'];
  else if (f.subject.alias !== undefined && role.aliases.includes(f.subject.alias))
    where = ['roles', role.index, 'aliases', role.aliases.indexOf(f.subject.alias)];
  else if (f.code === 'REPLACED_BY_UNKNOWN') where = ['roles', role.index, 'deprecated', 'replaced_by'];
  return { ...f, span: document.spanOf(where) };
}

/** The promise of import, checked rather than assumed: every locked hash is the pack's canonical hash. */
function assertHashesEqualPack(pack: Pack, locked: ReadonlyMap<string, { readonly contracts: ReadonlyMap<string, string> }>): void {
  for (const role of pack.roles) {
    for (const contract of role.contracts) {
      const expected = surfaceHash(contract.schema);
      const actual = locked.get(role.roleId)?.contracts.get(contract.contractId);
      if (actual !== expected) {
        throw new Error(
          `the generated declaration of ${contract.contractId} hashes to ${actual ?? 'nothing'}, not to the pack's canonical hash ${expected}`,
        );
      }
    }
  }
}
