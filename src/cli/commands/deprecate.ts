import { Registry } from '../../project/registry.js';
import type { CommandRegistration } from '../command.js';

export const registerDeprecate: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('deprecate')
    .description(
      'Retire a role: add `deprecated` to its declaration (formatting and comments kept), show the diff and what `lock` will record, then write.',
    )
    .argument('<role_id>', 'the role to retire')
    .option('--reason <text>', 'why it is retired (documentation, not hashed)')
    .option('--replaced-by <role_id>', 'the declared role that takes over its work')
    .option('--dry-run', 'show the diff only; write nothing')
    .action(async (roleId: string, options: { reason?: string; replacedBy?: string; dryRun?: boolean }) => {
      // ts-morph loads only for the commands that rewrite source, never for check, lock or lint.
      const [{ planDeprecate }, output] = await Promise.all([import('../../codemods/deprecate.js'), import('../codemod-output.js')]);
      const { cwd } = global();
      const registry = Registry.open(global());
      try {
        const plan = planDeprecate(registry, { cwd, roleId, reason: options.reason, replacedBy: options.replacedBy });
        exit(output.showAndWrite(plan, io, cwd, options.dryRun ?? false));
      } catch (error) {
        exit(output.reportRefusal('deprecate', error, io, { root: registry.config.root, cwd }));
      }
    });
};
