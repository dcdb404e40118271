import { realpathSync } from 'node:fs';
import path from 'node:path';
import type TS from 'typescript';
import { isInside } from '../support/confinement.js';
import type { FileSystemView } from '../support/file-system-view.js';
import { repositoryRootOf } from '../support/repository.js';
import { compilerOptionsFor, type TsconfigNamedAt } from './tsconfig.js';
import { ts } from './typescript.js';

/**
 * Resolves import specifiers the way TypeScript does for the project (paths, NodeNext `.js`
 * specifiers naming `.ts` files, index files, package `exports`/`imports`, workspace packages
 * linked in node_modules), and decides whether the target can be followed: only TypeScript
 * sources whose REAL path is inside the repository (see repositoryRootOf) and outside every
 * node_modules are, never declaration files or installed packages. TypeScript's questions to the
 * file system are answered only inside the repository, so nothing outside it is read.
 */
export class ModuleResolver {
  private readonly options: TS.CompilerOptions;
  private readonly results = new Map<string, Remembered>();
  /** The file system's answers in this sweep, shared by every resolution (they ask about the same few directories). */
  private answers = new Map<string, Answer>();
  private sweep = 0;
  /** The repository (as given and real): imports are followed anywhere inside it. */
  private readonly boundary: string;
  private readonly realBoundary: string;

  /** How a refusal names the boundary: the project root when the repository is the project itself. */
  private readonly boundaryName: string;
  /** The tsconfig chain, and the package.json files resolutions read (their `exports`, `imports`, `main`). */
  private readonly configurationRead = new Set<string>();

  constructor(
    root: string,
    tsconfig: string | undefined,
    tsconfigNamedAt?: TsconfigNamedAt,
    /** Where files are looked up: the disk by default, or a commit's tree (the tsconfig is today's either way). */
    private readonly files?: FileSystemView,
  ) {
    this.boundary = repositoryRootOf(root);
    this.boundaryName = this.boundary === path.resolve(root) ? `the project root ${root}` : `the repository ${this.boundary}`;
    this.realBoundary = files ? files.realpath(this.boundary) : safeRealpath(this.boundary);
    this.options = compilerOptionsFor(root, tsconfig, tsconfigNamedAt, this.boundary, (file) => this.configurationRead.add(file));
  }

  /** Files besides sources that decide how imports resolve, as read so far (absolute, unsorted). */
  configurationFiles(): readonly string[] {
    return [...this.configurationRead];
  }

  /** Whether a path, as written (before links are followed), is inside the repository. */
  private lexicallyInside(file: string): boolean {
    const absolute = path.resolve(file);
    return isInside(absolute, this.boundary) || isInside(absolute, this.realBoundary);
  }

  /**
   * Starts a new sweep: files may have been added or deleted. A remembered resolution is kept only
   * if the file system still gives every answer it was computed from (see resolve()).
   */
  reset(): void {
    this.sweep++;
    this.answers = new Map();
  }

  resolve(specifier: string, fromFile: string): Resolution {
    const key = `${path.dirname(fromFile)}\0${specifier}\0${fromFile.endsWith('.cts') ? 'c' : fromFile.endsWith('.mts') ? 'm' : ''}`;
    const known = this.results.get(key);
    if (known && (known.sweep === this.sweep || this.stillAnswers(known.questions))) {
      known.sweep = this.sweep;
      return known.resolution;
    }
    const questions: Question[] = [];
    const resolution = this.compute(specifier, fromFile, questions);
    this.results.set(key, { resolution, questions, sweep: this.sweep });
    return resolution;
  }

  /**
   * TypeScript's resolution (without a resolution cache) and the root check are a function of the
   * answers to the file system questions they ask, asked in order: the same answers, the same
   * questions next, the same resolution. So a resolution whose questions get the same answers in
   * this sweep stands, whatever else was created or deleted.
   */
  private stillAnswers(questions: readonly Question[]): boolean {
    for (const question of questions) if (!sameAnswer(this.ask(question.kind, question.path), question.answer)) return false;
    return true;
  }

  private ask(kind: QuestionKind, target: string): Answer {
    const key = `${kind}\0${target}`;
    if (this.answers.has(key)) return this.answers.get(key);
    const answer =
      kind === 'ownRealpathInside'
        ? isInside(this.files ? this.files.realpath(target) : safeRealpath(target), this.realBoundary)
        : this.files
          ? askView(this.files, kind, target)
          : askFileSystem(kind, target);
    this.answers.set(key, answer);
    return answer;
  }

  private compute(specifier: string, fromFile: string, questions: Question[]): Resolution {
    const asking = (kind: QuestionKind, target: string): Answer => {
      const answer = this.ask(kind, target);
      questions.push({ kind, path: target, answer });
      return answer;
    };
    // Outside the repository, TypeScript's probes are answered "nothing there": a package.json or a
    // node_modules folder above the repository is never read, and a link out of it is never read through.
    const host: TS.ModuleResolutionHost = {
      fileExists: (file) => this.lexicallyInside(file) && (asking('fileExists', file) as boolean),
      readFile: (file) => {
        if (!this.lexicallyInside(file) || !(asking('ownRealpathInside', file) as boolean)) return undefined;
        const text = asking('readFile', file) as string | undefined;
        if (text !== undefined) this.configurationRead.add(path.resolve(file));
        return text;
      },
      directoryExists: (directory) => this.lexicallyInside(directory) && (asking('directoryExists', directory) as boolean),
      realpath: (file) => asking('realpath', file) as string,
      getDirectories: (directory) => (this.lexicallyInside(directory) ? (asking('getDirectories', directory) as string[]) : []),
      getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    };
    // A relative path that leaves the repository is refused as such, not as "cannot be found".
    if (/^\.\.?(\/|$)/.test(specifier) && !this.lexicallyInside(path.resolve(path.dirname(fromFile), specifier))) {
      return { problem: `is outside ${this.boundaryName}; nothing outside it is read` };
    }
    const mode = ts.getImpliedNodeFormatForFile(fromFile as TS.Path, undefined, host, this.options);
    const resolved = ts.resolveModuleName(specifier, fromFile, this.options, host, undefined, undefined, mode).resolvedModule;
    if (!resolved) return { problem: 'cannot be found (TypeScript does not resolve it)' };
    const file = path.resolve(resolved.resolvedFileName);
    const real = asking('ownRealpath', file) as string;
    const where = this.boundaryName;
    // TypeScript keeps the path before its links were followed in an internal field.
    const beforeLinks = (resolved as { originalPath?: string }).originalPath ?? file;
    if (!isInside(real, this.realBoundary)) {
      return {
        problem:
          real === path.resolve(beforeLinks)
            ? `is outside ${where}; nothing outside it is read`
            : `leads through a symbolic link to ${real}, outside ${where}; nothing outside it is read`,
      };
    }
    const installed = installedPackageOf(path.relative(this.realBoundary, real));
    if (installed) {
      return {
        problem: `is the installed package ${installed}, not a workspace package of this repository: a dependency upgrade would silently change the hash, so role-registry reads only the repository's own sources`,
      };
    }
    if (resolved.extension === ts.Extension.Dts || resolved.extension === ts.Extension.Dmts || resolved.extension === ts.Extension.Dcts) {
      return { problem: 'is a declaration file, which has types but no values' };
    }
    if (![ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts].includes(resolved.extension as TS.Extension)) {
      return { problem: `is a ${resolved.extension} file; only TypeScript sources are read` };
    }
    // Judged and read by its real path: a workspace package linked in node_modules is its own folder.
    return { file: real };
  }
}

type Resolution = { file: string } | { problem: string };

type QuestionKind = 'fileExists' | 'readFile' | 'directoryExists' | 'realpath' | 'getDirectories' | 'ownRealpath' | 'ownRealpathInside';
type Answer = boolean | string | readonly string[] | undefined;

interface Question {
  readonly kind: QuestionKind;
  readonly path: string;
  readonly answer: Answer;
}

interface Remembered {
  readonly resolution: Resolution;
  /** The file system questions the resolution asked, in order, with their answers. */
  readonly questions: readonly Question[];
  /** The last sweep it was computed or confirmed in. */
  sweep: number;
}

function askFileSystem(kind: Exclude<QuestionKind, 'ownRealpathInside'>, target: string): Answer {
  switch (kind) {
    case 'fileExists':
      return ts.sys.fileExists(target);
    case 'readFile':
      return ts.sys.readFile(target);
    case 'directoryExists':
      return ts.sys.directoryExists(target);
    case 'realpath':
      return ts.sys.realpath ? ts.sys.realpath(target) : target;
    case 'getDirectories':
      return ts.sys.getDirectories(target);
    case 'ownRealpath':
      return safeRealpath(target);
  }
}

/**
 * The package an installed file belongs to, from its path relative to the repository
 * (`node_modules/@scope/name/…` → `@scope/name`; pnpm's `node_modules/.pnpm/<id>/node_modules/name/…`
 * → `name`), or undefined when no folder of the path is a node_modules (a workspace package's own
 * folder, reached through its link).
 */
function installedPackageOf(relative: string): string | undefined {
  const segments = relative.split(path.sep);
  const last = segments.lastIndexOf('node_modules');
  if (last < 0) return undefined;
  const name = segments[last + 1] ?? '';
  return name.startsWith('@') ? `${name}/${segments[last + 2] ?? ''}` : name;
}

function askView(files: FileSystemView, kind: Exclude<QuestionKind, 'ownRealpathInside'>, target: string): Answer {
  switch (kind) {
    case 'fileExists':
      return files.fileExists(target);
    case 'readFile':
      return files.readFile(target)?.toString('utf8');
    case 'directoryExists':
      return files.directoryExists(target);
    case 'getDirectories':
      return files.getDirectories(target);
    case 'realpath':
    case 'ownRealpath':
      return files.realpath(target);
  }
}

function sameAnswer(a: Answer, b: Answer): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
  return a === b;
}

function safeRealpath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
