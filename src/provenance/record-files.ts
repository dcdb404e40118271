/**
 * Finding output records in stored files: JSON documents, JSON arrays and JSON Lines, told apart by
 * content. JSON Lines are read line by line, so memory stays bounded by the longest line, not the file.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { withoutBom } from '../support/bom.js';
import { OUTPUT_RECORD_FORMAT } from './output-record.js';

/** Where a record stands: the file, the line for JSON Lines, and the JSON Pointer inside the document or line. */
export interface RecordPlace {
  readonly file: string;
  /** 1-based line of a JSON Lines file; absent for a JSON document. */
  readonly line: number | undefined;
  readonly pointer: string;
}

export interface FoundRecord {
  readonly place: RecordPlace;
  /** The object whose `format` is `role-registry.output/1`, as stored (its other fields unchecked). */
  readonly record: Readonly<Record<string, unknown>>;
}

/** A file that cannot be read as JSON or JSON Lines: where, and why, in one sentence. */
export class RecordFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(reason);
    this.name = 'RecordFileError';
  }
}

const PROBE_BYTES = 64 * 1024;

/** Every output record in `file`, in the order stored. Throws `RecordFileError` for unusable input. */
export async function* recordsIn(file: string): AsyncGenerator<FoundRecord> {
  if (await isJsonLines(file)) {
    let line = 0;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const raw of lines) {
        line++;
        const text = line === 1 ? withoutBom(raw) : raw;
        if (text.trim() === '') continue;
        yield* recordsWithin(parseOrFail(text, file, line), { file, line, pointer: '' });
      }
    } catch (error) {
      throw asFileError(error, file);
    } finally {
      lines.close();
    }
    return;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw asFileError(error, file);
  }
  if (text.trim() === '') throw new RecordFileError(file, undefined, 'the file is empty: it holds no JSON value');
  yield* recordsWithin(parseOrFail(withoutBom(text), file, undefined), { file, line: undefined, pointer: '' });
}

/**
 * JSON Lines when the first non-blank line is a whole JSON value on its own and more follows; a
 * pretty-printed document's first line (`{`, `[`) is not one.
 */
async function isJsonLines(file: string): Promise<boolean> {
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(PROBE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw asFileError(error, file);
  }
  const lines = withoutBom(head).split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1 || first === lines.length - 1) return false;
  // A first line longer than the probe: a record per line is far shorter, so a document.
  try {
    JSON.parse(lines[first]!);
  } catch {
    return false;
  }
  return lines.slice(first + 1).some((line) => line.trim() !== '');
}

function parseOrFail(text: string, file: string, line: number | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    throw new RecordFileError(file, line, `${line === undefined ? 'the file' : 'this line'} is not JSON (${reason})`);
  }
}

function asFileError(error: unknown, file: string): Error {
  if (error instanceof RecordFileError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new RecordFileError(file, undefined, 'there is no such file');
  if (code === 'EISDIR') return new RecordFileError(file, undefined, 'this is a directory: name the files of records (a shell glob does)');
  if (code !== undefined) return new RecordFileError(file, undefined, `the file cannot be read (${code})`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Depth-first over the value, without recursion (a hostile file may nest deeply). */
function* recordsWithin(value: unknown, at: RecordPlace): Generator<FoundRecord> {
  const stack: { value: unknown; pointer: string }[] = [{ value, pointer: at.pointer }];
  while (stack.length > 0) {
    const { value: current, pointer } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], pointer: `${pointer}/${index}` });
      continue;
    }
    const object = current as Record<string, unknown>;
    if (object['format'] === OUTPUT_RECORD_FORMAT) {
      yield { place: { ...at, pointer }, record: object };
      continue;
    }
    const keys = Object.keys(object);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      stack.push({ value: object[key], pointer: `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` });
    }
  }
}
