import { realpathSync } from 'node:fs';
import path from 'node:path';
import type TS from 'typescript';
import type { FileSystemView } from '../support/file-system-view.js';
import { compilerOptionsFor, type TsconfigNamedAt } from './tsconfig.js';
import { ts } from './typescript.js';

/**
 * Resolves import specifiers the way TypeScript does for the project (paths, NodeNext `.js`
 * specifiers naming `.ts` files, index files), and decides whether the target can be followed:
 * only TypeScript sources inside the project root are, never declaration files or packages.
 */
export class ModuleResolver {
  private readonly options: TS.CompilerOptions;
  private readonly results = new Map<string, Remembered>();
  /** The file system's answers in this sweep, shared by every resolution (they ask about the same few directories). */
  private answers = new Map<string, Answer>();
  private sweep = 0;
  private readonly realRoot: string;

  constructor(
    private readonly root: string,
    tsconfig: string | undefined,
    tsconfigNamedAt?: TsconfigNamedAt,
    /** Where files are looked up: the disk by default, or a commit's tree (the tsconfig is today's either way). */
    private readonly files?: FileSystemView,
  ) {
    this.options = compilerOptionsFor(root, tsconfig, tsconfigNamedAt);
    this.realRoot = files ? files.realpath(root) : safeRealpath(root);
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
    const answer = this.files ? askView(this.files, kind, target) : askFileSystem(kind, target);
    this.answers.set(key, answer);
    return answer;
  }

  private compute(specifier: string, fromFile: string, questions: Question[]): Resolution {
    const asking = (kind: QuestionKind, target: string): Answer => {
      const answer = this.ask(kind, target);
      questions.push({ kind, path: target, answer });
      return answer;
    };
    const host: TS.ModuleResolutionHost = {
      fileExists: (file) => asking('fileExists', file) as boolean,
      readFile: (file) => asking('readFile', file) as string | undefined,
      directoryExists: (directory) => asking('directoryExists', directory) as boolean,
      realpath: (file) => asking('realpath', file) as string,
      getDirectories: (directory) => asking('getDirectories', directory) as string[],
      getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    };
    const mode = ts.getImpliedNodeFormatForFile(fromFile as TS.Path, undefined, host, this.options);
    const resolved = ts.resolveModuleName(specifier, fromFile, this.options, host, undefined, undefined, mode).resolvedModule;
    if (!resolved) return { problem: 'cannot be found (TypeScript does not resolve it)' };
    const file = path.resolve(resolved.resolvedFileName);
    if (resolved.isExternalLibraryImport || file.split(path.sep).includes('node_modules')) {
      return { problem: "is a package: only the project's own TypeScript sources are read" };
    }
    if (resolved.extension === ts.Extension.Dts || resolved.extension === ts.Extension.Dmts || resolved.extension === ts.Extension.Dcts) {
      return { problem: 'is a declaration file, which has types but no values' };
    }
    if (![ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts].includes(resolved.extension as TS.Extension)) {
      return { problem: `is a ${resolved.extension} file; only TypeScript sources are read` };
    }
    const real = asking('ownRealpath', file) as string;
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) {
      return { problem: `is outside the project root ${this.root}` };
    }
    return { file };
  }
}

type Resolution = { file: string } | { problem: string };

type QuestionKind = 'fileExists' | 'readFile' | 'directoryExists' | 'realpath' | 'getDirectories' | 'ownRealpath';
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

function askFileSystem(kind: QuestionKind, target: string): Answer {
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

function askView(files: FileSystemView, kind: QuestionKind, target: string): Answer {
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
