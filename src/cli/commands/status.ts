import type { CommandRegistration } from '../command.js';
import { blocksLocking } from '../../law/judge.js';
import { describeChange, nextLockfile } from '../../project/lock-update.js';
import { Registry } from '../../project/registry.js';
import { previousVersionDiffs } from '../../project/surface-recovery.js';
import { driftDetailLines } from '../../report/surface-diff-text.js';
import { formatText } from '../../report/finding-text.js';
import { waiverLine } from '../formats/text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
import { forEachRegistry, RECURSIVE_FLAGS, RECURSIVE_HELP } from '../recursive.js';

/** What `lock` would record now, and what would stop it. Informational: exits 0 unless input is unusable. */
function runStatus(options: GlobalOptions, io: CommandIo): number {
  const registry = Registry.open(options);
  const state = registry.inspect();
  const { changes } = nextLockfile(state.source.roles, state.lock, registry.context);
  const blocking = state.findings.filter(blocksLocking);
  const lines: string[] = [];
  lines.push(
    `${state.source.roles.length} roles declared in ${state.source.files.length} files; ${state.lock ? `${state.lock.roles.size} roles locked` : 'no lockfile yet (run `role-registry init`)'}.`,
  );
  if (changes.length === 0) lines.push('Nothing to record: the lockfile is up to date.');
  else {
    lines.push(`\`role-registry ${state.lock ? 'lock' : 'init'}\` would record:`);
    // A new version (after `bump`) shows what it changes against the locked version before it.
    const versions = previousVersionDiffs(
      changes.flatMap((c) => (c.kind === 'contract-added' ? [c] : [])),
      { config: registry.config, source: state.source, lock: state.lock, textOf: (file) => registry.workspace.peek(file)?.text },
    );
    for (const change of changes) {
      lines.push(`  ${describeChange(change)}`);
      const version = change.kind === 'contract-added' ? versions.get(change.contractId) : undefined;
      if (version === undefined) continue;
      lines.push(`      compared with \`${version.previousId}\`:`, ...driftDetailLines(version).map((line) => `      ${line}`));
    }
  }
  const waivers = state.lock?.waivers ?? [];
  if (waivers.length > 0) {
    lines.push('', `Waivers (${waivers.length}), each accepting one finding:`);
    for (const waiver of waivers) lines.push(waiverLine(waiver));
  }
  io.stdout(`${lines.join('\n')}\n`);
  if (blocking.length > 0) {
    io.stdout(`\nIt would refuse until these are fixed:\n${formatText(blocking, { root: registry.config.root, cwd: options.cwd }, '')}`);
  }
  return blocking.some((f) => f.code === 'SOURCE_UNPARSEABLE') ? 2 : 0;
}

export const registerStatus: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('status')
    .description('Show what `lock` would record, and what blocks it.')
    .option(RECURSIVE_FLAGS, RECURSIVE_HELP)
    .action((options: { recursive?: boolean }) => {
      exit(options.recursive ? forEachRegistry(global(), io, 'sections', runStatus) : runStatus(global(), io));
    });
};
