import type { CommandRegistration } from '../command.js';
import { isInputProblem, VIOLATIONS, type Finding } from '../../core/findings.js';
import { InputError } from '../../core/input-error.js';
import { judge } from '../../law/judge.js';
import { parseLockfile, serializeLockfile } from '../../lockfile/format.js';
import { withLockfileLock } from '../../lockfile/advisory-lock.js';
import { assertLockfileWritable } from '../../lockfile/confined.js';
import { writeLockfile } from '../../lockfile/io.js';
import { DEFAULT_WAIT_SECONDS, lockWaitOptions } from './lock.js';
import { displayId } from '../../core/ids.js';
import { Registry } from '../../project/registry.js';
import { isUtcDate, utcDateOf } from '../../support/utc-date.js';
import { isWaivableCode, WAIVABLE_CODES, waiverIdOf, whyNotWaivable, type WaivableCode } from '../../core/waiver-policy.js';
import { recordWaiver } from '../../lockfile/record-waiver.js';
import { type Waiver } from '../../lockfile/waivers.js';
import { formatText } from '../../report/finding-text.js';
import type { CommandIo, GlobalOptions } from '../io.js';
const EXIT_VIOLATIONS = 1;
const EXIT_UNUSABLE = 2;

interface WaiveOptions extends GlobalOptions {
  readonly code: string;
  readonly id: string;
  readonly reason: string | undefined;
  /** `YYYY-MM-DD`; today's UTC date when absent. */
  readonly date: string | undefined;
  /** The clock, injectable so that the default date is testable. */
  readonly now?: () => Date;
}

/**
 * Records a waiver: the lockfile accepts one finding `check` reports now (its code and the id it is
 * about), with a reason and a date. Refuses, writing nothing, when the code is not waivable, the
 * reason is empty, or `check` does not report that finding.
 */
function runWaive(options: WaiveOptions, io: CommandIo): number {
  const usage = (message: string, hint: string): number => {
    io.stderr(`role-registry waive: ${message}\n    → ${hint}\nThe lockfile was not changed.\n`);
    return EXIT_UNUSABLE;
  };
  const code = options.code;
  if (!Object.hasOwn(VIOLATIONS, code)) {
    return usage(`${displayId(code)} is not a violation code.`, `Waivable codes: ${WAIVABLE_CODES.join(', ')} (see docs/violations.md).`);
  }
  if (!isWaivableCode(code)) {
    return usage(
      `${code} cannot be waived: ${whyNotWaivable(code as keyof typeof VIOLATIONS)}.`,
      `Waivable codes: ${WAIVABLE_CODES.join(', ')}.`,
    );
  }
  const reason = options.reason?.trim() ?? '';
  if (reason === '')
    return usage(
      'a waiver needs a reason.',
      'Say why this break is acceptable: --reason "…" (it is recorded in the lockfile and shown by `role-registry status`).',
    );
  const date = options.date ?? utcDateOf((options.now ?? (() => new Date()))());
  if (!isUtcDate(date))
    return usage(
      `--date ${JSON.stringify(date)} is not a calendar date written YYYY-MM-DD.`,
      'Write the UTC date, e.g. --date 2025-01-31, or leave --date out for today.',
    );

  const registry = Registry.open(options);
  assertLockfileWritable(registry.config.lockfile, registry.config.root);
  // Held from reading the lockfile to writing it, like `lock`: another writer must not interleave.
  return withLockfileLock(registry.config.lockfile, lockWaitOptions(DEFAULT_WAIT_SECONDS, io), () => {
    const state = registry.inspect();
    if (!state.lock) {
      throw new InputError(
        'LOCKFILE_INVALID',
        registry.config.lockfile,
        `There is no lockfile at ${registry.config.lockfile}.`,
        'Waivers are recorded in the lockfile: run `role-registry init` first.',
      );
    }
    const report = { root: registry.config.root, cwd: options.cwd };
    const unusable = state.findings.filter(isInputProblem);
    if (unusable.length > 0) {
      io.stderr(formatText(unusable, report, ''));
      io.stderr('The lockfile was not changed.\n');
      return EXIT_UNUSABLE;
    }
    const matches = (f: Finding): boolean => f.code === code && waiverIdOf(f) === options.id;
    const target = state.findings.find(matches);
    if (!target) {
      const reported = state.findings.filter((f) => f.code === code).map((f) => `\`${waiverIdOf(f)}\``);
      return usage(
        `\`role-registry check\` reports no ${code} for ${displayId(options.id)}: there is nothing to waive.`,
        reported.length > 0
          ? `It reports ${code} for ${[...new Set(reported)].join(', ')}. ${idHint(code)}`
          : `Waive a finding \`role-registry check\` reports now. ${idHint(code)}`,
      );
    }
    const earlier = state.lock.waivers.find((w) => w.code === code && w.id === options.id);
    if (earlier) {
      io.stderr(
        `role-registry waive: ${code} of \`${options.id}\` was already waived on ${earlier.date} (${JSON.stringify(earlier.reason)}); one waiver accepts one finding, once.\n    → ${code === 'CONTRACT_DRIFT' ? `Restore the accepted surface, and publish the new one as a new version (\`role-registry bump ${options.id}\`).` : 'Restore what the finding names.'}\nThe lockfile was not changed.\n`,
      );
      return EXIT_VIOLATIONS;
    }
    const waiver: Waiver = {
      code,
      id: options.id,
      reason,
      date,
      ...(code === 'CONTRACT_DRIFT' ? { surfaceHash: declaredSurface(state.source.roles, options.id) } : {}),
    };
    const lock = recordWaiver(state.lock, waiver);
    // The engine decides, not this command: the waiver must remove exactly that finding.
    const after = judge({ source: state.source, lock, context: registry.context });
    const remaining = after.filter(matches);
    if (remaining.length > 0) {
      io.stderr(formatText(remaining, report, ''));
      io.stderr('role-registry waive: the waiver would not accept this finding; the lockfile was not changed.\n');
      return EXIT_VIOLATIONS;
    }
    // What is written must read back: never leave a lockfile the next command rejects.
    parseLockfile(registry.config.lockfile, serializeLockfile(lock));
    writeLockfile(registry.config.lockfile, lock, registry.config.root);
    const lines = [
      `Recorded in ${registry.context.relative(registry.config.lockfile)}:`,
      `  + waiver ${code} ${options.id} (${date}: ${reason})`,
      '`role-registry check` now accepts exactly this finding:',
      `  ${target.code}  ${target.message}`,
      consequence(code, options.id, waiver.surfaceHash),
    ];
    const others = after.filter((f) => f.severity === 'error').length;
    if (others > 0)
      lines.push(`${others} other problem${others === 1 ? '' : 's'} remain${others === 1 ? 's' : ''}: run \`role-registry check\`.`);
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  });
}

function idHint(code: WaivableCode): string {
  if (code === 'ROLE_REMOVED') return 'The id is the role_id.';
  if (code === 'ALIAS_REMOVED') return 'The id is the alias.';
  return 'The id is the contract_id, e.g. ROLE:producer:X:1.';
}

function declaredSurface(
  roles: readonly { readonly contracts: readonly { readonly contractId: string; readonly surfaceHash: string }[] }[],
  contractId: string,
): string {
  for (const role of roles) for (const contract of role.contracts) if (contract.contractId === contractId) return contract.surfaceHash;
  throw new Error(`CONTRACT_DRIFT reported for ${contractId}, which is not declared`);
}

function consequence(code: WaivableCode, id: string, surfaceHash: string | undefined): string {
  switch (code) {
    case 'ROLE_REMOVED':
      return `Role \`${id}\` is now a tombstone: it stays in the lockfile, and its id, aliases and contracts are reserved forever (never declared again).`;
    case 'ALIAS_REMOVED':
      return `Alias \`${id}\` stays in the lockfile, reserved forever: it is never declared again, on any role.`;
    case 'CONTRACT_REMOVED':
      return `Contract \`${id}\` is recorded as retired with its surface; its id is reserved forever (never declared again).`;
    case 'CONTRACT_DRIFT':
      return `The lockfile keeps the published surface of \`${id}\` on record; from now on \`check\` accepts the surface ${surfaceHash?.slice(0, 12)}… for it, and no other.`;
  }
}

export const registerWaive: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('waive')
    .description(
      `Approve one specific break: record in the lockfile a waiver for one finding \`check\` reports (${WAIVABLE_CODES.join(', ')}), with a reason and a date.`,
    )
    .argument('<code>', 'the finding code, e.g. ROLE_REMOVED')
    .argument('<id>', 'what the finding is about: a role_id, an alias or a contract_id')
    .requiredOption('--reason <text>', 'why the break is acceptable (recorded in the lockfile)')
    .option('--date <YYYY-MM-DD>', 'the UTC date to record (default: today)')
    .action((code: string, id: string, options: { reason?: string; date?: string }) => {
      exit(runWaive({ ...global(), code, id, reason: options.reason, date: options.date }, io));
    });
};
