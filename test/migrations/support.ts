/**
 * Projects for the migration commands: the shared TempProject with the config these tests start
 * from (it names the lockfile), the built CLI spawned against it.
 */
import { TempProject } from '../support/temp-project.js';

export { REPO } from '../support/cli.js';

const CONFIG = `${JSON.stringify({ include: ['src/roles/**/*.ts'], lockfile: 'role-registry.lock.json' }, null, 2)}\n`;

/** A project with these files (paths relative to the project root) and the default config, or none with `config: null`. */
export function migrationProject(files: Record<string, string>, config: string | null = CONFIG): TempProject {
  return new TempProject(files, { config, prefix: 'rr-migrations-' });
}
