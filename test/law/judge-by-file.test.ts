import { existsSync, rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { blocksLocking, judge } from '../../src/law/judge.js';
import { nextLockfile } from '../../src/project/lock-update.js';
import { writeLockfile } from '../../src/lockfile/io.js';
import { roleNames } from '../../src/lint/role-names.js';
import { applyEdit, EDIT_KINDS, FILE_COUNT, locks, renderState, type EditSeed } from './support/law-render.js';
import type { MState } from './support/law-model.js';
import { TempProject } from '../support/temp-project.js';

/**
 * The file-by-file fast paths of judge() (law/role-groups.ts: verdicts remembered per file's roles,
 * role ids counted incrementally) and of roleNames() against the plain definitions they replace,
 * judging the whole list of roles: on random edit sequences through one long-lived Registry (as an
 * editor keeps, so the arrays of unchanged files are reused), every finding and every name is
 * identical, in the same order.
 */
const RUNS = Number(process.env['RR_FAST_PATH_RUNS'] ?? 25);

const project = new TempProject({}, { prefix: 'rr-judge-by-file-' });
afterAll(() => project.dispose());
const lockfilePath = project.path('role-registry.lock.json');

const editSeed: fc.Arbitrary<EditSeed> = fc.tuple(fc.nat(EDIT_KINDS.length - 1), fc.nat(50), fc.nat(50), fc.nat(50));
const addRole: fc.Arbitrary<EditSeed> = fc.tuple(fc.constant(0), fc.nat(50), fc.nat(50), fc.nat(50));
const LOCK: EditSeed = [EDIT_KINDS.indexOf('lock'), 0, 0, 0];

describe('judge file by file', () => {
  it(`gives the findings of judging the whole list, on ${RUNS} random edit sequences`, () => {
    let byFileJudged = 0;
    fc.assert(
      fc.property(
        fc.array(addRole, { minLength: 1, maxLength: 5 }),
        fc.array(editSeed, { minLength: 8, maxLength: 30 }),
        fc.boolean(),
        (initial, edits, relock) => {
          if (existsSync(lockfilePath)) rmSync(lockfilePath);
          const registry = project.registry();
          let state: MState = Array.from({ length: FILE_COUNT }, () => []);
          let seed = 0;
          for (const [index, step] of [...initial, LOCK, ...edits].entries()) {
            const applied = applyEdit(state, seed, step, undefined);
            state = applied.state;
            seed = applied.seed;
            const files = renderState(state, seed);
            project.setRoles(files);
            const inspected = registry.inspect();
            const groups = inspected.source.roleGroups;
            expect(groups?.flat()).toEqual(inspected.source.roles);
            const input = { lock: inspected.lock, context: registry.context };
            const plain = judge({ ...input, source: { ...inspected.source, roleGroups: undefined } });
            const context = `step ${index} (${applied.kind})\n${Object.entries(files)
              .map(([name, text]) => `--- ${name}\n${text}`)
              .join('')}`;
            expect(inspected.findings, context).toEqual(plain);
            // Judged twice with the same groups: the remembered verdicts are the same again.
            expect(judge({ ...input, source: inspected.source }), context).toEqual(plain);
            // The names the reference rules read, picked out file by file: the same entries in the same order.
            expect([...roleNames(inspected.source.roles, inspected.lock, groups)], context).toEqual([
              ...roleNames(inspected.source.roles, inspected.lock),
            ]);
            if (new Set(inspected.source.roles.map((role) => role.roleId)).size === inspected.source.roles.length) byFileJudged++;
            // Without relocking, one parsed lockfile stands for the whole sequence: remembered verdicts are reused the most.
            if ((relock || index === initial.length) && locks(applied.kind) && !inspected.findings.some(blocksLocking)) {
              writeLockfile(lockfilePath, nextLockfile(inspected.source.roles, inspected.lock, registry.context).lock);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
    // The fast path was taken (no id declared twice), not only the fallback.
    expect(byFileJudged).toBeGreaterThan(RUNS);
  });
});
