import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A read-only view of files by absolute path: the disk as it is now, or a commit's tree (see
 * git-tree-files.ts). Static extraction reads sources and resolves imports through one, so the same
 * reading can run over the project as it was at a commit, in memory, without a checkout.
 */
export interface FileSystemView {
  readFile(file: string): Buffer | undefined;
  fileExists(file: string): boolean;
  directoryExists(directory: string): boolean;
  /** The names of the folders directly inside `directory`. */
  getDirectories(directory: string): string[];
  realpath(file: string): string;
}

/** The disk, as it is now. */
export const DISK: FileSystemView = {
  readFile: (file) => {
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  },
  fileExists: (file) => statOf(file)?.isFile() ?? false,
  directoryExists: (directory) => statOf(directory)?.isDirectory() ?? false,
  getDirectories: (directory) => {
    try {
      return readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() || (entry.isSymbolicLink() && statOf(path.join(directory, entry.name))?.isDirectory()))
        .map((entry) => entry.name);
    } catch {
      return [];
    }
  },
  realpath: (file) => {
    try {
      return realpathSync.native(file);
    } catch {
      return path.resolve(file);
    }
  },
};

function statOf(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
