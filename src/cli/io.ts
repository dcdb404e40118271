/** The process edges a command touches, so tests can run the CLI in-process as well as spawned. */
export interface CommandIo {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface GlobalOptions {
  readonly cwd: string;
  readonly configFile: string | undefined;
}
