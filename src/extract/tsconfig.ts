import { statSync } from 'node:fs';
import path from 'node:path';
import type TS from 'typescript';
import { isInside, realPathOf } from '../support/confinement.js';
import { InputError } from '../core/input-error.js';
import type { SourceSpan } from '../core/model.js';
import { computeLineStarts, spanFromRange } from '../support/spans.js';
import { ts } from './typescript.js';

/** Where role-registry.config.json names the tsconfig (absent when it is the implicit tsconfig.json). */
export interface TsconfigNamedAt {
  readonly configFile: string;
  readonly span: SourceSpan;
}

/** Without a tsconfig: how imports resolve (relative paths, `.ts` and `.js` specifiers, index files). */
const FALLBACK_OPTIONS: TS.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  noEmit: true,
};

/** "No inputs were found": expected, since the files of the tsconfig are never listed (see readDirectory). */
const NO_INPUTS_FOUND = 18003;

/**
 * The compiler options imports are resolved with. The tsconfig is read with a host that keeps
 * TypeScript inside `boundary` (the repository, see repositoryRootOf): it never lists directories (only module resolution options are
 * needed, so `include: ["/usr/**\/*"]` walks nothing) and never reads a file outside the root.
 * A tsconfig that is missing, a folder, broken, or whose `extends`, `include`, `files`, `paths`,
 * `baseUrl` or `rootDirs` reach outside the root is a CONFIG_INVALID error, never ignored.
 */
export function compilerOptionsFor(
  projectRoot: string,
  tsconfig: string | undefined,
  namedAt?: TsconfigNamedAt,
  boundary = projectRoot,
  /** Receives every file read to get the options: the tsconfig and the chain it extends. */
  read: (file: string) => void = () => {},
): TS.CompilerOptions {
  if (!tsconfig) return FALLBACK_OPTIONS;
  // The tsconfig may reach anywhere in the repository (a shared tsconfig.base.json, `paths` into a
  // sibling package); messages name the boundary as the project root when the two are the same.
  const sameAsProject = path.resolve(boundary) === path.resolve(projectRoot);
  const root = sameAsProject ? projectRoot : boundary;
  const outsideRoot = sameAsProject ? `outside the project root ${root}` : `outside the repository ${root}`;
  const realRoot = realPathOf(path.resolve(root));
  const inside = (file: string): boolean => isInside(realPathOf(path.resolve(file)), realRoot);
  assertUsableFile(tsconfig, outsideRoot, inside, namedAt);

  const escapes: { what: string; target: string }[] = [];
  const escape = (what: string, target: string): void => {
    escapes.push({ what, target });
  };
  let unrecoverable: TS.Diagnostic | undefined;
  const host: TS.ParseConfigFileHost = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => projectRoot,
    // Probing for an `extends` package up the tree is answered "no" outside the root.
    fileExists: (file) => inside(file) && ts.sys.fileExists(file),
    readFile: (file) => {
      if (inside(file)) {
        const text = ts.sys.readFile(file);
        if (text !== undefined) read(path.resolve(file));
        return text;
      }
      escape('extends', file);
      return undefined;
    },
    readDirectory: (directory, _extensions, _excludes, includes) => {
      for (const include of includes ?? []) {
        const base = path.resolve(directory, globBase(include));
        if (!inside(base)) escape('include', include);
      }
      return [];
    },
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      unrecoverable ??= diagnostic;
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, host);
  const fail = (message: string, hint: string, needle?: string): never => {
    throw new InputError('CONFIG_INVALID', tsconfig, message, hint, locate(tsconfig, needle));
  };
  const escapeHint =
    'The tsconfig role-registry follows must stay inside the project; point "tsconfig" in role-registry.config.json at one that does.';
  const first = escapes[0];
  if (first) {
    fail(
      `The tsconfig ${tsconfig} reaches ${outsideRoot}: its "${first.what}" ${first.what === 'extends' ? 'reads' : 'names'} ${first.target}.`,
      escapeHint,
      first.what === 'extends' ? '"extends"' : JSON.stringify(first.target),
    );
  }
  // Syntax errors stay on the parsed JSON file: getParsedCommandLineOfConfigFile does not copy them to `errors`.
  const syntax = (parsed?.options.configFile as { parseDiagnostics?: readonly TS.Diagnostic[] } | undefined)?.parseDiagnostics ?? [];
  const problem =
    unrecoverable ??
    [...syntax, ...(parsed?.errors ?? [])].find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== NO_INPUTS_FOUND);
  if (problem || !parsed) {
    const text = problem ? ts.flattenDiagnosticMessageText(problem.messageText, ' ') : 'it cannot be read';
    const span =
      problem?.file && problem.start !== undefined ? spanAt(problem.file.fileName, problem.file.text, problem.start) : locate(tsconfig);
    throw new InputError(
      'CONFIG_INVALID',
      problem?.file?.fileName ?? tsconfig,
      `The tsconfig ${tsconfig} is unusable: ${text}`,
      'Fix the tsconfig (imports of registry files are resolved with its options), or point "tsconfig" in role-registry.config.json at another one.',
      span,
    );
  }
  for (const file of parsed.fileNames)
    if (!inside(file)) fail(`The tsconfig ${tsconfig} reaches ${outsideRoot}: its "files" name ${file}.`, escapeHint, path.basename(file));
  const options = parsed.options;
  const pathsBase = (options['pathsBasePath'] as string | undefined) ?? options.baseUrl ?? path.dirname(tsconfig);
  const reaches: { what: string; target: string; needle: string }[] = [
    ...(options.baseUrl ? [{ what: 'baseUrl', target: options.baseUrl, needle: '"baseUrl"' }] : []),
    ...(options.rootDirs ?? []).map((directory) => ({ what: 'rootDirs', target: directory, needle: '"rootDirs"' })),
    ...Object.values(options.paths ?? {})
      .flat()
      .map((target) => ({
        what: 'paths',
        target: path.resolve(options.baseUrl ?? pathsBase, globBase(target)),
        needle: JSON.stringify(target),
      })),
  ];
  for (const reach of reaches) {
    if (!inside(reach.target))
      fail(`The tsconfig ${tsconfig} reaches ${outsideRoot}: its "${reach.what}" leads to ${reach.target}.`, escapeHint, reach.needle);
  }
  return options;
}

function assertUsableFile(
  tsconfig: string,
  outsideRoot: string,
  inside: (file: string) => boolean,
  namedAt: TsconfigNamedAt | undefined,
): void {
  const configFile = namedAt?.configFile ?? tsconfig;
  const span = namedAt?.span;
  let isFile: boolean;
  try {
    isFile = statSync(tsconfig).isFile();
  } catch {
    throw new InputError(
      'CONFIG_INVALID',
      configFile,
      `"tsconfig" names ${tsconfig}, which does not exist.`,
      'Point "tsconfig" at the tsconfig whose paths and module resolution imports follow, or remove the key.',
      span,
    );
  }
  if (!isFile) {
    throw new InputError(
      'CONFIG_INVALID',
      configFile,
      `"tsconfig" names ${tsconfig}, which is a folder, not a file.`,
      'Name the file itself, e.g. "tsconfig": "tsconfig.json".',
      span,
    );
  }
  if (!inside(tsconfig)) {
    throw new InputError(
      'CONFIG_INVALID',
      configFile,
      `"tsconfig" names ${tsconfig}, a link to ${realPathOf(tsconfig)}, ${outsideRoot}.`,
      'Point "tsconfig" at a tsconfig inside the project.',
      span,
    );
  }
}

/** The directory part of a glob or a `paths` target, before its first wildcard. */
function globBase(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const literal: string[] = [];
  for (const segment of segments) {
    if (/[*?[\]{}]/.test(segment)) break;
    literal.push(segment);
  }
  if (literal.length === 0) return '.';
  // `/usr/**/*` keeps its leading empty segment: the base is `/usr`.
  return literal.join('/') || '/';
}

/** Where `needle` first stands in the tsconfig's text (the start of the file when it does not). */
function locate(tsconfig: string, needle?: string): SourceSpan {
  const text = ts.sys.readFile(tsconfig) ?? '';
  const found = needle === undefined ? -1 : text.indexOf(needle);
  return spanAt(tsconfig, text, Math.max(0, found));
}

function spanAt(file: string, text: string, offset: number): SourceSpan {
  return spanFromRange(file, computeLineStarts(text, 'json'), { start: offset, end: offset + 1 });
}
