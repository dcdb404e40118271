import { Registry } from '../../project/registry.js';
import type { CommandRegistration } from '../command.js';

export const registerBump: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('bump')
    .description(
      'Declare the next version of a locked contract, starting as a copy of its schema, next to the old one (or in its place with --replace); show the diff and what `lock` will record, then write.',
    )
    .argument('<contract_id>', 'the locked contract to supersede, e.g. ROLE:producer:X:1')
    .option(
      '--replace',
      'turn the old declaration into the new version instead of adding it next to it (`lock` then records the old one as retired)',
    )
    .option('--dry-run', 'show the diff only; write nothing')
    .action(async (contractId: string, options: { replace?: boolean; dryRun?: boolean }) => {
      // ts-morph loads only for the commands that rewrite source, never for check, lock or lint.
      const [{ planBump }, output] = await Promise.all([import('../../codemods/bump.js'), import('../codemod-output.js')]);
      const { cwd } = global();
      const registry = Registry.open(global());
      try {
        const plan = planBump(registry, { cwd, contractId, replace: options.replace ?? false });
        exit(output.showAndWrite(plan, io, cwd, options.dryRun ?? false));
      } catch (error) {
        exit(output.reportRefusal('bump', error, io, { root: registry.config.root, cwd }));
      }
    });
};
