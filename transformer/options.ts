/** Options of the TypeScript transformer (also the keys of a ts-patch `plugins` entry). */
export interface TransformerOptions {
  /**
   * What a registry problem (a law violation, or changes not yet recorded by `role-registry lock`)
   * does to the build: `"error"` (default) fails it; `"warning"` reports it and builds, for local
   * development. Either way the embedded value is the lockfile's.
   */
  readonly registryProblems?: 'error' | 'warning';
  /** The config file, absolute or relative to the working directory. Default: found from each importing file upward. */
  readonly configFile?: string;
  /** Report warnings when the host has no diagnostics channel (ts-loader, Rollup, transpileModule). Default: stderr. */
  readonly onWarning?: (message: string) => void;
}

export interface ResolvedOptions {
  readonly registryProblems: 'error' | 'warning';
  readonly configFile: string | undefined;
  readonly onWarning: (message: string) => void;
}

const writeWarning = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/**
 * Validates the options a user wrote. Unknown keys are left alone: ts-patch passes its own
 * (`import`, `tsConfig`, …) through the same object.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = (raw ?? {}) as Record<string, unknown>;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('role-registry/transformer: options must be an object, e.g. { "registryProblems": "warning" }.');
  }
  const registryProblems = options['registryProblems'] ?? 'error';
  if (registryProblems !== 'error' && registryProblems !== 'warning') {
    throw new TypeError(
      `role-registry/transformer: "registryProblems" must be "error" or "warning", not ${JSON.stringify(registryProblems)}.`,
    );
  }
  const configFile = options['configFile'];
  if (configFile !== undefined && (typeof configFile !== 'string' || configFile === '')) {
    throw new TypeError('role-registry/transformer: "configFile" must be a path to role-registry.config.json.');
  }
  const onWarning = options['onWarning'] ?? writeWarning;
  if (typeof onWarning !== 'function') throw new TypeError('role-registry/transformer: "onWarning" must be a function.');
  return { registryProblems, configFile, onWarning: onWarning as (message: string) => void };
}
