import path from 'node:path';
import type { FileSystemView } from './file-system-view.js';
import type { GitRepository } from './git.js';

/**
 * The files of one commit, read-only, by the absolute paths they would have in the working tree
 * (`top` is where the repository's top folder is seen). Blobs are read through `git cat-file` when
 * asked, once each. Symbolic links and submodules are not followed: git records a link as its
 * target's name, so a linked file reads as absent, never as another file's content.
 */
export class GitTreeFiles implements FileSystemView {
  private readonly entries: ReadonlyMap<string, { readonly mode: string; readonly type: string; readonly id: string }>;
  private readonly folders = new Map<string, string[]>();
  private readonly texts = new Map<string, Buffer | undefined>();

  constructor(
    private readonly repo: GitRepository,
    sha: string,
    private readonly top: string,
  ) {
    this.entries = repo.treeListing(sha);
    this.folders.set('', []);
    for (const [name, entry] of this.entries) {
      if (entry.type !== 'tree') continue;
      this.folders.set(name, []);
      this.folders.get(path.posix.dirname(name) === '.' ? '' : path.posix.dirname(name))?.push(path.posix.basename(name));
    }
  }

  readFile(file: string): Buffer | undefined {
    const name = this.nameOf(file);
    if (name === undefined || !this.fileExists(file)) return undefined;
    if (!this.texts.has(name)) {
      const id = this.entries.get(name)!.id;
      this.texts.set(name, this.repo.readObjects([id]).get(id));
    }
    return this.texts.get(name);
  }

  fileExists(file: string): boolean {
    const name = this.nameOf(file);
    const entry = name === undefined ? undefined : this.entries.get(name);
    return entry !== undefined && (entry.mode === '100644' || entry.mode === '100755');
  }

  directoryExists(directory: string): boolean {
    const name = this.nameOf(directory);
    return name !== undefined && this.folders.has(name);
  }

  getDirectories(directory: string): string[] {
    const name = this.nameOf(directory);
    return name === undefined ? [] : [...(this.folders.get(name) ?? [])];
  }

  realpath(file: string): string {
    return path.resolve(file);
  }

  /** The path inside the repository, or undefined outside it. */
  private nameOf(file: string): string | undefined {
    const relative = path.relative(this.top, path.resolve(file));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return relative.split(path.sep).join('/');
  }
}
