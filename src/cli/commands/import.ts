import path from 'node:path';
import type { CommandRegistration } from '../command.js';

export const registerImport: CommandRegistration = ({ program, io, global, exit }) => {
  program
    .command('import')
    .description(
      'Turn a JSON role pack into TypeScript declarations (one file per department, shared schemas in schemas.ts), a config if there is none, and the lockfile; refuses, writing nothing, on invalid input or a broken law.',
    )
    .argument('<pack.json>', 'the role pack (pack_id, roles[])')
    .requiredOption('--out <dir>', 'the directory to write the declarations to (never overwrites a file)')
    .option('--dry-run', 'show the files and the lockfile entries only; write nothing')
    .action(async (packFile: string, options: { out: string; dryRun?: boolean }) => {
      const [{ planImport, writeImport }, output, { relativeTo, unifiedDiff }] = await Promise.all([
        import('../../codemods/import-pack.js'),
        import('../codemod-output.js'),
        import('../../codemods/pipeline.js'),
      ]);
      const dryRun = options.dryRun ?? false;
      const cwd = path.resolve(global().cwd);
      let plan: ReturnType<typeof planImport> | undefined;
      try {
        plan = planImport({ ...global(), packFile, out: options.out, dryRun, onWait: (text) => io.stderr(text) });
        const lockName = relativeTo(cwd, plan.lockfile.file);
        io.stdout(`${plan.summary}\n`);
        io.stdout(unifiedDiff(plan.files, cwd));
        if (plan.newConfig !== undefined)
          io.stdout(`\n${dryRun ? 'Would create' : 'Creates'} ${relativeTo(cwd, plan.newConfig.file)}:\n${plan.newConfig.text}`);
        io.stdout(
          `\n${dryRun ? 'Would record' : 'Records'} in ${lockName}${plan.lockfile.isNew ? ' (new)' : ''}:\n${plan.lockfile.changes.map((change) => `  ${change}`).join('\n')}\n`,
        );
        if (dryRun) {
          io.stdout('Dry run: nothing was written.\n');
          exit(0);
          return;
        }
        writeImport(plan, cwd);
        const written = plan.files.map((file) => relativeTo(cwd, file.file));
        if (plan.newConfig !== undefined) written.push(relativeTo(cwd, plan.newConfig.file));
        io.stdout(`Wrote ${written.join(', ')} and ${lockName}. Commit them together.\n`);
        exit(0);
      } catch (error) {
        exit(output.reportRefusal('import', error, io, { root: cwd, cwd }));
      } finally {
        plan?.release();
      }
    });
};
