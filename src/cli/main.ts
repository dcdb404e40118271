import { runCli } from './program.js';

/** The process shell: arguments in, text out, an exit code. Nothing else touches `process`. */
const exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).catch((error: unknown) => {
  process.stderr.write(
    `role-registry: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`,
  );
  return 2;
});
process.exitCode = exitCode;
