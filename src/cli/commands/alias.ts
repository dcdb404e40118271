import type { CommandRegistration } from '../command.js';

export const registerAlias: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('alias')
    .description('Rename a role: its role_id stays, the former name becomes an alias (formatting and comments kept); show the diff and what `lock` will record, then write.')
    .argument('<role_id>', 'the role that keeps its id')
    .argument('<alias>', 'the former name to add as an alias (never an id or alias in use or locked)')
    .option('--display-name <name>', 'also set the role\'s new display_name')
    .option('--dry-run', 'show the diff only; write nothing')
    .action(async (roleId: string, alias: string, options: { displayName?: string; dryRun?: boolean }) => {
      const { runAlias } = await import('../../codemods/alias.js');
      exit(runAlias({ ...global(), roleId, alias, displayName: options.displayName, dryRun: options.dryRun ?? false }, io));
    });
};
