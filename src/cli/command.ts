import type { Command } from 'commander';
import type { CommandIo, GlobalOptions } from './io.js';

/**
 * What a command module gets to register itself: the program, the process edges, the global
 * options as parsed, and a way to set the exit code. One module per command under commands/, each
 * exporting a `CommandRegistration`; program.ts only lists them.
 */
interface CommandHost {
  readonly program: Command;
  readonly io: CommandIo;
  global(): GlobalOptions;
  exit(code: number): void;
}

export type CommandRegistration = (host: CommandHost) => void;
