import { Registry } from '../../project/registry.js';
import type { CommandRegistration } from '../command.js';

export const registerAlias: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('alias')
    .description(
      'Rename a role: its role_id stays, the former name becomes an alias (formatting and comments kept); show the diff and what `lock` will record, then write.',
    )
    .argument('<role_id>', 'the role that keeps its id')
    .argument('<alias>', 'the former name to add as an alias (never an id or alias in use or locked)')
    .option('--display-name <name>', "also set the role's new display_name")
    .option('--dry-run', 'show the diff only; write nothing')
    .action(async (roleId: string, alias: string, options: { displayName?: string; dryRun?: boolean }) => {
      // ts-morph loads only for the commands that rewrite source, never for check, lock or lint.
      const [{ planAlias }, output] = await Promise.all([import('../../codemods/alias.js'), import('../codemod-output.js')]);
      const { cwd } = global();
      const registry = Registry.open(global());
      try {
        const plan = planAlias(registry, { cwd, roleId, alias, displayName: options.displayName });
        exit(output.showAndWrite(plan, io, cwd, options.dryRun ?? false));
      } catch (error) {
        exit(output.reportRefusal('alias', error, io, { root: registry.config.root, cwd }));
      }
    });
};
