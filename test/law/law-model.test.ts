import { existsSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { surfaceHash } from '../../src/canonical/hashing.js';
import { blocksLocking } from '../../src/law/judge.js';
import { nextLockfile } from '../../src/project/lock-update.js';
import { parseLockfile } from '../../src/lockfile/format.js';
import { writeLockfile } from '../../src/lockfile/io.js';
import type { Finding } from '../../src/core/findings.js';
import type { Registry } from '../../src/project/registry.js';
import { blocksLockModel, judgeModel, lockModel, type MLock, type MState } from './support/law-model.js';
import { applyEdit, locks, EDIT_KINDS, fileName, FILE_COUNT, renderState, type EditSeed } from './support/law-render.js';
import { TempProject, verdicts } from '../support/temp-project.js';

/**
 * Random registries and random edit sequences, rendered as real TypeScript files and judged by the
 * real engine, must get exactly the verdicts of the reference model (support/law-model.ts), and
 * `lock` must record exactly what the model records. RR_LAW_MODEL_RUNS=2000 for a longer run.
 */
const RUNS = Number(process.env['RR_LAW_MODEL_RUNS'] ?? 25);
const MAX_EDITS = Number(process.env['RR_LAW_MODEL_EDITS'] ?? 30);

const project = new TempProject({}, { prefix: 'rr-law-model-' });
afterAll(() => project.dispose());
const lockfilePath = project.path('role-registry.lock.json');

const editSeed: fc.Arbitrary<EditSeed> = fc.tuple(fc.nat(EDIT_KINDS.length - 1), fc.nat(50), fc.nat(50), fc.nat(50));
const addRole: fc.Arbitrary<EditSeed> = fc.tuple(fc.constant(0), fc.nat(50), fc.nat(50), fc.nat(50));
const LOCK: EditSeed = [EDIT_KINDS.indexOf('lock'), 0, 0, 0];
const HEAL: EditSeed = [EDIT_KINDS.indexOf('heal'), 0, 0, 0];

/** The lockfile as the model sees it: surfaces as hashes, files as paths. */
function modelLockJson(lock: MLock): unknown {
  const hash = (surface: string): string => surfaceHash({ v: surface });
  return Object.fromEntries(
    [...lock]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, entry]) => [
        id,
        {
          aliases: [...entry.aliases].sort(),
          deprecated: entry.deprecated,
          contracts: Object.fromEntries([...entry.active].map(([contractId, surface]) => [contractId, hash(surface)]).sort()),
          retired: Object.fromEntries([...entry.retired].map(([contractId, surface]) => [contractId, hash(surface)]).sort()),
          declaredIn: `src/roles/${fileName(entry.declaredIn)}`,
        },
      ]),
  );
}

function engineLockJson(): unknown {
  const lock = parseLockfile(lockfilePath, project.read('role-registry.lock.json'));
  return Object.fromEntries(
    [...lock.roles]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, entry]) => [
        id,
        {
          aliases: [...entry.aliases],
          deprecated: entry.deprecated,
          contracts: Object.fromEntries([...entry.contracts].sort()),
          retired: Object.fromEntries([...entry.retiredContracts].sort()),
          declaredIn: entry.declaredIn,
        },
      ]),
  );
}

/** Runs one sequence; returns nothing, fails with the step, its files and both verdict sets. */
function runSequence(steps: readonly EditSeed[], registryFor: (step: number) => Registry): void {
  if (existsSync(lockfilePath)) rmSync(lockfilePath);
  let state: MState = Array.from({ length: FILE_COUNT }, () => []);
  let lock: MLock | undefined;
  let seed = 0;
  steps.forEach((step, index) => {
    const applied = applyEdit(state, seed, step, lock);
    state = applied.state;
    seed = applied.seed;
    const files = renderState(state, seed);
    project.setRoles(files);
    const registry = registryFor(index);
    const inspected = registry.inspect();
    const expected = [...judgeModel(state, lock)].sort();
    const context = `step ${index} (${applied.kind}) of ${JSON.stringify(steps)}\n${Object.entries(files)
      .map(([name, text]) => `--- ${name}\n${text}`)
      .join('')}`;
    expect(verdicts(inspected.findings), context).toEqual(expected);
    if (!locks(applied.kind)) return;
    const blocked = blocksLockModel(new Set(expected));
    expect(inspected.findings.some(blocksLocking), context).toBe(blocked);
    if (blocked) return;
    writeLockfile(lockfilePath, nextLockfile(inspected.source.roles, inspected.lock, registry.context).lock);
    lock = lockModel(state, lock);
    expect(engineLockJson(), context).toEqual(modelLockJson(lock));
    // Once locked, the same source has nothing left to record.
    expect(
      verdicts(registry.inspect().findings).filter((v) => v.startsWith('LOCK_OUTDATED')),
      context,
    ).toEqual([]);
  });
}

describe('the law, against a reference model', () => {
  it(`judges ${RUNS} random edit sequences exactly as the model does (one long-lived Registry, as an editor keeps)`, () => {
    fc.assert(
      fc.property(
        fc.array(addRole, { minLength: 1, maxLength: 5 }),
        fc.array(editSeed, { minLength: 8, maxLength: MAX_EDITS }),
        (initial, edits) => {
          const registry = project.registry();
          runSequence([...initial, LOCK, ...edits], () => registry);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('judges the same through the spawned CLI (check --format json, then lock), on a few sequences', () => {
    const sequences = fc.sample(
      fc.tuple(fc.array(addRole, { minLength: 2, maxLength: 4 }), fc.array(editSeed, { minLength: 8, maxLength: 16 })),
      { numRuns: 2, seed: 20_260_214 },
    );
    for (const [index, [initial, edits]] of sequences.entries()) {
      // One sequence ends healed, so that the spawned `lock` writes and its bytes are compared.
      const steps = [...initial, LOCK, ...edits, ...(index === 1 ? [HEAL] : [])];
      const registry = project.registry();
      runSequence(steps, () => registry);
      // The state the sequence ended in, judged again by the real binary.
      let state: MState = Array.from({ length: FILE_COUNT }, () => []);
      let lock: MLock | undefined;
      let seed = 0;
      for (const step of steps) {
        const applied = applyEdit(state, seed, step, lock);
        state = applied.state;
        seed = applied.seed;
        if (locks(applied.kind) && !blocksLockModel(judgeModel(state, lock))) lock = lockModel(state, lock);
      }
      const expected = [...judgeModel(state, lock)].sort();
      const checked = project.cli(['check', '--format', 'json']);
      // `check` refuses to run without a lockfile (exit 2): the engine's verdicts are for an empty one.
      if (!existsSync(lockfilePath)) {
        expect(checked.code).toBe(2);
        continue;
      }
      const report = JSON.parse(checked.stdout) as { findings: Finding[] };
      expect(verdicts(report.findings)).toEqual(expected);
      expect(checked.code).toBe(expected.length === 0 ? 0 : 1);
      const locked = project.cli(['lock']);
      expect(locked.code, locked.stderr).toBe(blocksLockModel(new Set(expected)) ? 1 : 0);
      expect(locked.code === 0).toBe(index === 1);
      if (locked.code === 0) expect(engineLockJson()).toEqual(modelLockJson(lockModel(state, lock)));
    }
  });

  it('judges the same with a fresh Registry at every step (no cache)', () => {
    fc.assert(
      fc.property(
        fc.array(addRole, { minLength: 1, maxLength: 5 }),
        fc.array(editSeed, { minLength: 8, maxLength: MAX_EDITS }),
        (initial, edits) => {
          runSequence([...initial, LOCK, ...edits], () => project.registry());
        },
      ),
      { numRuns: Math.max(5, Math.round(RUNS / 4)) },
    );
  });
});
