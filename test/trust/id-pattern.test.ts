/**
 * The config's idPattern is judged anchored on its parsed structure, not on its text: the real CLI
 * on a published project, the error located at the idPattern value, nothing written.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, removeTree, runCliAsync, snapshotTree, STACK_TRACE, tempDir, writeFiles } from '../support/cli.js';
import { writeStudio } from '../support/studio.js';

let template: string;
const runs: string[] = [];

beforeAll(() => {
  template = tempDir('id-pattern-template');
  writeStudio(template);
});

afterAll(() => {
  removeTree(template);
  for (const directory of runs) removeTree(directory);
});

function projectWith(idPattern: string): string {
  const tmp = tempDir('id-pattern');
  runs.push(tmp);
  const project = path.join(tmp, 'project');
  copyTree(template, project);
  writeFiles(project, { 'role-registry.config.json': `${JSON.stringify({ include: ['src/roles/**/*.ts'], idPattern }, null, 2)}\n` });
  return project;
}

const ANCHORED = 'it must be anchored with ^ and $ so it judges the whole id';
const LOOKAROUNDS =
  'it uses look-arounds ((?=…), (?!…), (?<=…), (?<!…)); an id pattern needs none: judge the id with classes and quantifiers';
const alternative = (text: string, lacks: string): string =>
  `${ANCHORED}, and its alternative ${JSON.stringify(text)} does not ${lacks} (| binds looser than ^ and $, so each alternative needs both); put the alternatives inside one pair of anchors, e.g. ^(?:a|b)$`;

describe('idPattern anchoring, judged on the parsed pattern', () => {
  it.each([
    ['^H|x$', alternative('^H', 'end with $')],
    ['^[a-z_]+$|x', alternative('x', 'start with ^ or end with $')],
    ['x|^[a-z_]+$', alternative('x', 'start with ^ or end with $')],
    ['^(?:[a-z_]+)|x$', alternative('^(?:[a-z_]+)', 'end with $')],
    ['^[a-z_]+$|', alternative('', 'start with ^ or end with $')],
    ['^[a-z]+$|[a-z_]+$', alternative('[a-z_]+$', 'start with ^')],
    ['(?:^[a-z_]+|x)$', ANCHORED],
    ['a^$', ANCHORED],
    ['[a-z_]+^$', ANCHORED],
    ['(?:^[a-z_]+$)?', ANCHORED],
    ['(?=^[a-z_]+$)', ANCHORED],
    ['(?=^[a-z_]+$)[a-z_]+', ANCHORED],
    ['^[a-z_]+(?=$)', ANCHORED],
    ['(?<=^)[a-z_]+$', ANCHORED],
    ['^[a-z_]+\\$', ANCHORED],
    ['\\^[a-z_]+$', ANCHORED],
    ['[$^]', ANCHORED],
    ['^[a-z_]+$(?<![_])', LOOKAROUNDS],
    ['(?!_)^[a-z_]+$', LOOKAROUNDS],
    ['^(?:(?=[a-z])[a-z_]+)$', LOOKAROUNDS],
  ])('%j is refused: exit 2, located at the value, nothing written', async (idPattern, problem) => {
    const project = projectWith(idPattern);
    const before = snapshotTree(project);
    const result = await runCliAsync(['lock'], project);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr).toBe(
      `role-registry.config.json:5:16  error  CONFIG_INVALID  The config is invalid at line 5, column 16: "idPattern" ${JSON.stringify(idPattern)} is unusable: ${problem}.\n` +
        '    → The default is "^[a-z][a-z0-9_]*$".\n\n✖ 1 problem (1 error, 0 warnings)\n',
    );
    expect(result.code).toBe(2);
    expect(snapshotTree(project)).toEqual(before);
  });

  it.each([
    '^[a-z_]+$',
    '^(?:[a-z_]+|x)$',
    '^([a-z_]+|x)$',
    '(?:^[a-z_]+$)|(?:^x$)',
    '(^[a-z_]+$)|(^x$)',
    '^[a-z_]+$|^x$',
    '(?:(?:^[a-z_]+$))',
    '\\b^[a-z_]+$',
  ])('%j is anchored: check accepts the studio with it (exit 0)', async (idPattern) => {
    const result = await runCliAsync(['check'], projectWith(idPattern));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
