import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { assertInsideProject } from '../support/confinement.js';
import { compileIdPattern, DEFAULT_ID_PATTERN } from '../core/ids.js';
import { InputError } from '../core/input-error.js';
import { decodeUtf8, JsonTextError, parseJsonStrict, type JsonDocument } from '../support/json-text.js';
import type { SourceSpan } from '../core/model.js';

export const CONFIG_FILE_NAME = 'role-registry.config.json';
export const DEFAULT_LOCKFILE_NAME = 'role-registry.lock.json';

/** The resolved configuration. Every path is absolute; `root` is the config file's directory. */
export interface RegistryConfig {
  readonly configFile: string;
  readonly root: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly lockfile: string;
  readonly idPattern: RegExp;
  readonly baseRef: string | undefined;
  /** The tsconfig whose module resolution (paths, moduleResolution) imports follow, if any. */
  readonly tsconfig: string | undefined;
  /** Where the config names `tsconfig`, when it does (errors about the tsconfig point there). */
  readonly tsconfigNamedAt?: { readonly configFile: string; readonly span: SourceSpan };
}

const KNOWN_KEYS = new Set(['$schema', 'include', 'exclude', 'lockfile', 'idPattern', 'baseRef', 'tsconfig']);

/** Finds role-registry.config.json from a directory upward. */
export function findConfigFile(startDirectory: string): string | undefined {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

export function loadConfig(configFile: string): RegistryConfig {
  return parseConfig(configFile, readConfigText(configFile), { linkOnLockfilePath });
}

export interface ParseConfigOptions {
  /**
   * Why the lockfile path cannot be used as it stands on disk (a component that is a symbolic
   * link), or undefined. Left out where the config is not the one on disk (a config read from git).
   */
  readonly linkOnLockfilePath?: (root: string, relativePath: string) => string | undefined;
}

/** The config file's text, decoded strictly as UTF-8 (without a BOM). */
export function readConfigText(configFile: string): string {
  // The config's directory is the project root: a config that is a link to elsewhere is not the project's.
  assertInsideProject(configFile, path.dirname(path.resolve(configFile)), 'The config file');
  try {
    return decodeUtf8(configFile, readFileSync(configFile));
  } catch (error) {
    if (error instanceof JsonTextError) {
      throw new InputError(
        'CONFIG_INVALID',
        configFile,
        `The config cannot be read: ${error.message}.`,
        'Save role-registry.config.json as UTF-8.',
        error.span,
      );
    }
    throw new InputError(
      'CONFIG_INVALID',
      configFile,
      `Cannot read ${configFile}: ${(error as Error).message}.`,
      'Check the path and permissions, or run `role-registry init` to create one.',
    );
  }
}

/** Parses and validates a config file's text. Pure unless `options` asks to look at the disk. */
export function parseConfig(configFile: string, text: string, options: ParseConfigOptions = {}): RegistryConfig {
  let document: JsonDocument;
  try {
    document = parseJsonStrict(configFile, text, { maxDepth: 8 });
  } catch (error) {
    if (error instanceof JsonTextError) {
      throw new InputError(
        'CONFIG_INVALID',
        configFile,
        `The config cannot be read: ${error.message}.`,
        'Fix the JSON of the config file (strict JSON: no comments, no trailing commas).',
        error.span,
      );
    }
    throw error;
  }
  const raw = document.value;
  const fail = (jsonPath: (string | number)[], message: string, hint: string): never => {
    const span = document.spanOf(jsonPath);
    throw new InputError(
      'CONFIG_INVALID',
      configFile,
      `The config is invalid at line ${span.line}, column ${span.column}: ${message}`,
      hint,
      span,
    );
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      [],
      'the config must be a JSON object.',
      'Write { "include": ["src/roles/**/*.ts"], "lockfile": "role-registry.lock.json" }.',
    );
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      fail([key], `unknown key ${JSON.stringify(key)}.`, `Known keys: ${[...KNOWN_KEYS].filter((k) => k !== '$schema').join(', ')}.`);
    }
  }
  const root = path.dirname(path.resolve(configFile));
  const globs = (key: 'include' | 'exclude', required: boolean): string[] => {
    const value = record[key];
    if (value === undefined) {
      if (required) fail([], '"include" is missing.', 'List the registry files: "include": ["src/roles/**/*.ts"].');
      return [];
    }
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.trim() === '')) {
      return fail([key], `"${key}" must be an array of non-empty glob strings.`, `Write "${key}": ["src/roles/**/*.ts"].`);
    }
    if (required && value.length === 0) fail([key], '"include" is empty.', 'List at least one glob of registry files.');
    value.forEach((glob: string, index) => {
      if (escapesRoot(glob)) {
        fail(
          [key, index],
          `the glob ${JSON.stringify(glob)} reaches outside the project root ${root}.`,
          'Globs are relative to the config file and stay inside its directory; move the config up instead.',
        );
      }
    });
    return value as string[];
  };
  const include = globs('include', true);
  const exclude = globs('exclude', false);
  const lockfileValue = record['lockfile'] ?? DEFAULT_LOCKFILE_NAME;
  if (typeof lockfileValue !== 'string' || lockfileValue.trim() === '') {
    return fail(['lockfile'], '"lockfile" must be a relative path string.', `Write "lockfile": "${DEFAULT_LOCKFILE_NAME}".`);
  }
  if (escapesRoot(lockfileValue)) {
    return fail(
      ['lockfile'],
      `the lockfile path ${JSON.stringify(lockfileValue)} is outside the project root.`,
      'Keep the lockfile inside the directory of the config file.',
    );
  }
  const notPlain = notAPlainPath(lockfileValue);
  if (notPlain)
    return fail(
      ['lockfile'],
      `the lockfile path ${JSON.stringify(lockfileValue)} is not a plain relative path: ${notPlain}.`,
      `Write it as folder/file names separated by "/", such as "${DEFAULT_LOCKFILE_NAME}" or "meta/${DEFAULT_LOCKFILE_NAME}".`,
    );
  const link = options.linkOnLockfilePath?.(root, lockfileValue);
  if (link) {
    // A default path has no "lockfile" key to point at: the config as a whole is then the place.
    return fail(
      record['lockfile'] === undefined ? [] : ['lockfile'],
      `the lockfile path ${JSON.stringify(lockfileValue)} ${link}.`,
      "Git records a link as its target's name, so the lockfile could not be read at a base ref (check --against, audit): name the real folder and file instead.",
    );
  }
  const idPatternSource = record['idPattern'] ?? DEFAULT_ID_PATTERN;
  if (typeof idPatternSource !== 'string')
    return fail(['idPattern'], '"idPattern" must be a string.', `The default is "${DEFAULT_ID_PATTERN}".`);
  const idPattern = compileIdPattern(idPatternSource);
  if ('problem' in idPattern) {
    return fail(
      ['idPattern'],
      `"idPattern" ${JSON.stringify(idPatternSource)} is unusable: ${idPattern.problem}.`,
      `The default is "${DEFAULT_ID_PATTERN}".`,
    );
  }
  const baseRef = record['baseRef'];
  if (baseRef !== undefined && (typeof baseRef !== 'string' || baseRef.trim() === '' || baseRef.startsWith('-'))) {
    return fail(['baseRef'], '"baseRef" must be a git ref such as "origin/main".', 'Write "baseRef": "origin/main".');
  }
  const tsconfigValue = record['tsconfig'];
  if (tsconfigValue !== undefined && (typeof tsconfigValue !== 'string' || escapesRoot(tsconfigValue))) {
    return fail(['tsconfig'], '"tsconfig" must be a path inside the project.', 'Write "tsconfig": "tsconfig.json".');
  }
  const defaultTsconfig = path.join(root, 'tsconfig.json');
  return {
    configFile: path.resolve(configFile),
    root,
    include,
    exclude,
    lockfile: path.resolve(root, lockfileValue),
    idPattern,
    baseRef: baseRef as string | undefined,
    tsconfig:
      typeof tsconfigValue === 'string' ? path.resolve(root, tsconfigValue) : existsSync(defaultTsconfig) ? defaultTsconfig : undefined,
    ...(typeof tsconfigValue === 'string'
      ? { tsconfigNamedAt: { configFile: path.resolve(configFile), span: document.spanOf(['tsconfig']) } }
      : {}),
  };
}

/**
 * Why a lockfile path is not a plain `folder/file` path, or undefined: a base ref's lockfile is
 * looked up by this exact path in git, where `./`, `//` or a trailing `/` name nothing.
 */
function notAPlainPath(relativePath: string): string | undefined {
  if (relativePath.includes('\\')) return 'it holds a backslash (use "/" between folders)';
  const segments = relativePath.split('/');
  if (segments.some((segment) => segment === '')) return 'it has an empty folder name (a doubled, leading or trailing "/")';
  if (segments.some((segment) => segment === '.')) return 'it has a "." segment';
  if (segments[0] === '.git' || segments.some((segment) => /[\x00-\x1f]/.test(segment)))
    return 'it names a git-internal folder or holds a control character';
  return undefined;
}

/**
 * A component of the lockfile path that is a symbolic link on disk, described, or undefined. A
 * lockfile that is itself a link to outside the root is left to the lockfile reader, which refuses
 * it naming where it points.
 */
export function linkOnLockfilePath(root: string, relativePath: string): string | undefined {
  const segments = relativePath.split('/');
  for (let depth = 1; depth <= segments.length; depth++) {
    const component = segments.slice(0, depth).join('/');
    const absolute = path.join(root, component);
    let isLink: boolean;
    try {
      isLink = lstatSync(absolute).isSymbolicLink();
    } catch {
      return undefined; // Not there (yet): nothing further down exists either.
    }
    if (!isLink) continue;
    if (depth === segments.length && pointsOutside(absolute, root)) return undefined;
    return `goes through ${component}, which is a symbolic link${depth === segments.length ? '' : ' to a folder'}`;
  }
  return undefined;
}

function pointsOutside(link: string, root: string): boolean {
  try {
    const relative = path.relative(realpathSync(root), realpathSync(link));
    return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  } catch {
    return true;
  }
}

function escapesRoot(relativePath: string): boolean {
  if (path.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath) || relativePath.startsWith('~')) return true;
  const slashed = relativePath.replace(/\\/g, '/').replace(/^!/, '');
  // `..` anywhere as a segment (also inside braces or extglobs: `{..,src}/*.ts`) can leave the root.
  if (/(^|[/{,(|@!?*+])\.\.($|[/},)|])/.test(slashed)) return true;
  const normalized = path.posix.normalize(slashed);
  return normalized === '..' || normalized.startsWith('../');
}
