import type { CommandRegistration } from '../command.js';

export const registerDeprecate: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('deprecate')
    .description('Retire a role: add `deprecated` to its declaration (formatting and comments kept), show the diff and what `lock` will record, then write.')
    .argument('<role_id>', 'the role to retire')
    .option('--reason <text>', 'why it is retired (documentation, not hashed)')
    .option('--replaced-by <role_id>', 'the declared role that takes over its work')
    .option('--dry-run', 'show the diff only; write nothing')
    .action(async (roleId: string, options: { reason?: string; replacedBy?: string; dryRun?: boolean }) => {
      // ts-morph loads only for the commands that rewrite source, never for check, lock or lint.
      const { runDeprecate } = await import('../../codemods/deprecate.js');
      exit(runDeprecate({ ...global(), roleId, reason: options.reason, replacedBy: options.replacedBy, dryRun: options.dryRun ?? false }, io));
    });
};
