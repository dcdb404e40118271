import type { CommandRegistration } from '../command.js';

export const registerImport: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('import')
    .description('Turn a JSON role pack into TypeScript declarations (one file per department, shared schemas in schemas.ts), a config if there is none, and the lockfile; refuses, writing nothing, on invalid input or a broken law.')
    .argument('<pack.json>', 'the role pack (pack_id, roles[])')
    .requiredOption('--out <dir>', 'the directory to write the declarations to (never overwrites a file)')
    .option('--dry-run', 'show the files and the lockfile entries only; write nothing')
    .action(async (packFile: string, options: { out: string; dryRun?: boolean }) => {
      const { runImport } = await import('../../codemods/import-pack.js');
      exit(runImport({ ...global(), packFile, out: options.out, dryRun: options.dryRun ?? false }, io));
    });
};
