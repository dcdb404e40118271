// Holds the advisory lock of a lockfile (argv[2]) through the built module, as a running
// `role-registry lock` would, until its standard input closes. Prints "held" once it holds it.
import { acquireLockfileLock } from '../../../dist/src/lockfile/advisory-lock.js';

const held = acquireLockfileLock(process.argv[2], { waitMs: 0 });
process.stdout.write('held\n');
process.stdin.resume();
process.stdin.on('end', () => {
  held.release();
  process.exit(0);
});
