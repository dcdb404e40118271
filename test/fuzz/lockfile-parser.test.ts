import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.js';
import { decodeUtf8, JsonTextError } from '../../src/support/json-text.js';
import { roleIdProblem } from '../../src/core/ids.js';
import { parseLockfile, serializeLockfile, type LockedRole, type Lockfile } from '../../src/lockfile/format.js';
import { fuzzParameters, fuzzTimeout } from './budget.js';

const FILE = '/project/role-registry.lock.json';

/**
 * The contract under fuzzing: bytes either parse into a lockfile, or are rejected with an
 * InputError (or, for undecodable bytes, a JsonTextError) that says where. Anything else thrown
 * (a TypeError, a RangeError from a stack overflow, …) is a bug.
 */
function parseBytes(bytes: Uint8Array): Lockfile | { line: number; column: number } {
  try {
    return parseLockfile(FILE, decodeUtf8(FILE, bytes));
  } catch (error) {
    if (error instanceof JsonTextError) return { line: error.span.line, column: error.span.column };
    if (error instanceof InputError) {
      const span = error.finding.span;
      expect(error.finding.code).toBe('LOCKFILE_INVALID');
      expect(span, `an InputError without a position: ${error.message}`).toBeDefined();
      return { line: span!.line, column: span!.column };
    }
    throw error;
  }
}

function expectParsedOrPlaced(bytes: Uint8Array): void {
  const outcome = parseBytes(bytes);
  if ('roles' in outcome) {
    // Whatever parses must serialise to canonical bytes that parse to the same lockfile.
    const canonical = serializeLockfile(outcome);
    expect(serializeLockfile(parseLockfile(FILE, canonical))).toBe(canonical);
    return;
  }
  const text = new TextDecoder().decode(bytes);
  const lines = text.split(/\r\n|\r|\n/).length;
  expect(outcome.line).toBeGreaterThanOrEqual(1);
  expect(outcome.line).toBeLessThanOrEqual(lines + 1);
  expect(outcome.column).toBeGreaterThanOrEqual(1);
}

const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter((value) => roleIdProblem(value, /^[a-z][a-z0-9_]*$/) === undefined);
const hash = fc.stringMatching(/^[0-9a-f]{64}$/);

/** Random valid lockfiles: unique ids, aliases owned by one role, contracts named after their role. */
const lockfileArbitrary: fc.Arbitrary<Lockfile> = fc
  .uniqueArray(
    fc.record({
      id,
      aliases: fc.uniqueArray(id, { maxLength: 3 }),
      deprecated: fc.boolean(),
      contracts: fc.array(fc.tuple(fc.constantFrom('X', 'C'), fc.integer({ min: 1, max: 12 }), hash, fc.boolean()), { maxLength: 4 }),
      declaredIn: fc.option(fc.stringMatching(/^src\/[a-z]{1,8}\.ts$/), { nil: undefined }),
    }),
    {
      maxLength: 6,
      selector: (role) => role.id,
    },
  )
  .map((entries) => {
    const ids = new Set(entries.map((entry) => entry.id));
    const taken = new Set<string>();
    const roles = new Map<string, LockedRole>();
    for (const entry of entries) {
      const aliases = entry.aliases.filter((alias) => !ids.has(alias) && !taken.has(alias));
      aliases.forEach((alias) => taken.add(alias));
      const contracts = new Map<string, string>();
      const retiredContracts = new Map<string, string>();
      for (const [kind, version, surface, retired] of entry.contracts) {
        const contractId = `ROLE:${entry.id}:${kind}:${version}`;
        if (contracts.has(contractId) || retiredContracts.has(contractId)) continue;
        (retired ? retiredContracts : contracts).set(contractId, surface);
      }
      roles.set(entry.id, {
        aliases: [...aliases].sort(),
        deprecated: entry.deprecated,
        contracts,
        retiredContracts,
        declaredIn: entry.declaredIn,
      });
    }
    return { lockfileVersion: 1, ruleset: 1, roles, waivers: [] };
  });

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  'null',
  'true',
  '1e999',
  '-0',
  '0x1',
  '__proto__',
  '"constructor"',
  '\u200b',
  '\uFEFF',
  '\r\n',
  '\n',
  '<<<<<<< HEAD\n',
  '=======\n',
  '//',
  '/*',
  '\u0000',
  'é',
  'е',
];

type Mutation = (text: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(
    ([at, length]): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)) + text.slice((at % (text.length + 1)) + length),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)).map(
    ([at, fragment]): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)) + fragment + text.slice(at % (text.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 80 }), fc.nat()).map(([at, length, to]): Mutation => (text) => {
    const start = at % (text.length + 1);
    const slice = text.slice(start, start + length);
    const target = to % (text.length + 1);
    return text.slice(0, target) + slice + text.slice(target);
  }),
  fc.nat().map(
    (at): Mutation =>
      (text) =>
        text.slice(0, at % (text.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })).map(([at, chars]): Mutation => (text) => {
    const start = at % (text.length + 1);
    return text.slice(0, start) + chars + text.slice(start + chars.length);
  }),
);

describe('fuzz: the lockfile parser', () => {
  it('random bytes: parsed, or rejected with a position; nothing else', { timeout: fuzzTimeout(30_000) }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => expectParsedOrPlaced(bytes)),
      fuzzParameters(400),
    );
  });

  it('random JSON documents: parsed, or rejected with a position', { timeout: fuzzTimeout(30_000) }, () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (json) => expectParsedOrPlaced(Buffer.from(json))),
      fuzzParameters(400),
    );
  });

  it('valid lockfiles round-trip to the same canonical bytes', { timeout: fuzzTimeout(30_000) }, () => {
    fc.assert(
      fc.property(lockfileArbitrary, (lock) => {
        const canonical = serializeLockfile(lock);
        const parsed = parseLockfile(FILE, canonical);
        expect(serializeLockfile(parsed)).toBe(canonical);
        expect(parseLockfile(FILE, canonical.replace(/\n/g, '\r\n'))).toEqual(parsed);
      }),
      fuzzParameters(300),
    );
  });

  it('mutated valid lockfiles: parsed, or rejected with a position; never another exception', { timeout: fuzzTimeout(60_000) }, () => {
    fc.assert(
      fc.property(lockfileArbitrary, fc.array(mutation, { minLength: 1, maxLength: 4 }), (lock, mutations) => {
        const text = mutations.reduce((current, mutate) => mutate(current), serializeLockfile(lock));
        expectParsedOrPlaced(Buffer.from(text));
      }),
      fuzzParameters(600),
    );
  });

  it('hostile nesting and sizes are refused with a position, without exhausting the stack', () => {
    for (const depth of [65, 1_000, 200_000]) {
      expect(parseBytes(Buffer.from(`{"roles":${'['.repeat(depth)}${']'.repeat(depth)}}`))).toMatchObject({ line: 1 });
    }
    expect(parseBytes(Buffer.from(`{"lockfileVersion":1,"ruleset":1,"roles":{"${'a'.repeat(2_000_000)}":{}}}`))).toMatchObject({ line: 1 });
  });
});
