import path from 'node:path';
import { HASH_PATTERN } from '../canonical/hashing.js';
import { InputError } from '../core/input-error.js';
import { decodeUtf8, JsonTextError, parseJsonStrict, type JsonDocument, type JsonPath } from '../support/json-text.js';
import type { SourceSpan } from '../core/model.js';
import { IN_TOTO_STATEMENT_TYPE, PROVENANCE_PREDICATE_TYPE } from './attestation.js';

/** One subject of a statement, with where it stands in the statement (for located reports). */
interface StatedSubject {
  readonly name: string;
  readonly sha256: string;
  readonly span: SourceSpan;
}

/** A statement `role-registry attest` could have written: the parts `verify --attestation` checks. */
export interface ReadStatement {
  readonly subjects: readonly StatedSubject[];
  readonly registryHash: string;
  readonly registryHashSpan: SourceSpan;
  /** The whole predicate: the provenance value the statement vouches for. */
  readonly predicate: Record<string, unknown>;
  readonly predicateSpan: SourceSpan;
}

const HINT =
  'Verify the statement that `role-registry attest --out <statement> <files...>` wrote, unedited; a rewritten statement, or one of another tool, cannot vouch for these artifacts.';

/**
 * Reads an attestation statement strictly: JSON without comments or duplicate keys, an in-toto
 * Statement v1 with role-registry's predicate type, a registry hash and a non-empty list of
 * distinct subjects, each with a sha256. Anything else is an ATTESTATION_INVALID error at the
 * offending value, because a statement that is only roughly right vouches for nothing.
 */
export function readStatement(file: string, bytes: Uint8Array): ReadStatement {
  let document: JsonDocument;
  try {
    document = parseJsonStrict(file, decodeUtf8(file, bytes));
  } catch (error) {
    if (error instanceof JsonTextError)
      throw new InputError('ATTESTATION_INVALID', file, `The attestation statement cannot be read: ${error.message}.`, HINT, error.span);
    throw error;
  }
  const fail = (at: JsonPath, problem: string): never => {
    const span = document.spanOf(at);
    throw new InputError(
      'ATTESTATION_INVALID',
      file,
      `The attestation statement is invalid at line ${span.line}, column ${span.column}: ${problem}.`,
      HINT,
      span,
    );
  };
  const root = document.value;
  if (!isObject(root)) return fail([], 'it is not a JSON object');
  if (root['_type'] !== IN_TOTO_STATEMENT_TYPE) {
    fail(
      root['_type'] === undefined ? [] : ['_type'],
      `${described('"_type"', root['_type'])}, not "${IN_TOTO_STATEMENT_TYPE}": it is not an in-toto Statement v1`,
    );
  }
  if (root['predicateType'] !== PROVENANCE_PREDICATE_TYPE) {
    fail(
      root['predicateType'] === undefined ? [] : ['predicateType'],
      `${described('"predicateType"', root['predicateType'])}, not "${PROVENANCE_PREDICATE_TYPE}": it is not a role-registry attestation`,
    );
  }
  const predicate = root['predicate'];
  if (!isObject(predicate))
    return fail(predicate === undefined ? [] : ['predicate'], '"predicate" must be the provenance value (an object)');
  const registryHash = predicate['registryHash'];
  if (typeof registryHash !== 'string' || !HASH_PATTERN.test(registryHash)) {
    return fail(
      registryHash === undefined ? ['predicate'] : ['predicate', 'registryHash'],
      '"predicate.registryHash" must be a registry hash (64 lowercase hex digits)',
    );
  }
  const list = root['subject'];
  if (!Array.isArray(list) || list.length === 0)
    return fail(list === undefined ? [] : ['subject'], '"subject" must be a non-empty array of the attested files');
  const subjects: StatedSubject[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    if (!isObject(entry)) return fail(['subject', index], 'a subject must be an object with "name" and "digest"');
    const name = entry['name'];
    if (typeof name !== 'string' || name === '')
      return fail(
        name === undefined ? ['subject', index] : ['subject', index, 'name'],
        'a subject needs a "name", the file\'s path in the project',
      );
    if (!isProjectPath(name)) {
      return fail(
        ['subject', index, 'name'],
        `the subject ${JSON.stringify(name)} is not a path inside the project as attest writes it (relative to the project root, with forward slashes, no "." or ".." segments)`,
      );
    }
    if (seen.has(name)) return fail(['subject', index, 'name'], `the subject ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
    const digest = entry['digest'];
    const sha256 = isObject(digest) ? digest['sha256'] : undefined;
    if (typeof sha256 !== 'string' || !HASH_PATTERN.test(sha256)) {
      const at: JsonPath = !isObject(digest)
        ? digest === undefined
          ? ['subject', index]
          : ['subject', index, 'digest']
        : sha256 === undefined
          ? ['subject', index, 'digest']
          : ['subject', index, 'digest', 'sha256'];
      return fail(at, `the subject ${JSON.stringify(name)} needs "digest": { "sha256": <64 lowercase hex digits> }`);
    }
    subjects.push({ name, sha256, span: document.spanOf(['subject', index, 'name']) });
  });
  return {
    subjects,
    registryHash,
    registryHashSpan: document.spanOf(['predicate', 'registryHash']),
    predicate,
    predicateSpan: document.spanOf(['predicate']),
  };
}

/** A relative path with forward slashes and nothing to resolve: the only form attest writes. */
function isProjectPath(name: string): boolean {
  if (name.startsWith('/')) return false;
  // On Windows a backslash separates segments and a drive letter makes a path absolute; elsewhere both are plain characters of a file name.
  if (path.sep === '\\' && (name.includes('\\') || /^[A-Za-z]:/.test(name))) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function described(key: string, value: unknown): string {
  return value === undefined ? `it has no ${key}` : `${key} is ${JSON.stringify(value).slice(0, 120)}`;
}
