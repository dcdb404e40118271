import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { CatalogueCase } from '../catalogue-cases.js';
import { copyTree, runCliAsync, snapshotTree, tempDir, type CliResult } from '../../support/cli.js';

export interface CaseRun {
  readonly tmp: string;
  readonly project: string;
  readonly result: CliResult;
  /** stdout then stderr, with the temp directory shown as `<tmp>`. */
  readonly output: string;
  readonly before: Map<string, string>;
  readonly after: Map<string, string>;
  readonly lockfileBefore: string;
}

/** Runs one catalogue case in a fresh copy of the published studio. */
export async function runCase(entry: CatalogueCase, template: string): Promise<CaseRun> {
  const tmp = realpathSync(tempDir(entry.id));
  const project = path.join(tmp, 'project');
  copyTree(template, project);
  entry.setup(project, tmp);
  const before = snapshotTree(tmp);
  const result = await runCliAsync(entry.args, entry.cwd ? entry.cwd(project, tmp) : project);
  const after = snapshotTree(tmp);
  const output = `${result.stdout}${result.stderr}`.split(tmp).join('<tmp>');
  return { tmp, project, result, output, before, after, lockfileBefore: before.get('project/role-registry.lock.json') ?? '' };
}
