import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../support/cli.js';

/**
 * The CI files users point at (action.yml, .pre-commit-hooks.yaml) and the YAML recipes of docs/ci.md
 * parse, strictly (duplicate keys are errors), and say what docs/ci.md says they do.
 */
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');
const strict = (text: string): unknown => parse(text, { strict: true, uniqueKeys: true, prettyErrors: true });

interface Action {
  runs: { using: string; steps: { if?: string; uses?: string; run?: string; shell?: string; id?: string; env?: Record<string, string> }[] };
  inputs: Record<string, { default: string; required: boolean }>;
  outputs: Record<string, { value: string }>;
}

describe('CI configuration files', () => {
  it('action.yml: a composite action with the documented inputs, running the shipped script', () => {
    const action = strict(read('action.yml')) as Action;
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['working-directory', 'base-ref', 'node-version', 'args']);
    expect(Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default]))).toEqual({
      'working-directory': '.',
      'base-ref': '',
      'node-version': '',
      args: '',
    });
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.check.outputs.exit-code }}');
    const [setupNode, check] = action.runs.steps;
    expect(setupNode).toMatchObject({ if: "inputs.node-version != ''", uses: 'actions/setup-node@v4' });
    expect(check).toMatchObject({
      id: 'check',
      shell: 'bash',
      run: 'node "$GITHUB_ACTION_PATH/ci/github-action.mjs"',
      env: { ROLE_REGISTRY_BASE_REF: '${{ inputs.base-ref }}', ROLE_REGISTRY_ARGS: '${{ inputs.args }}' },
    });
    expect(existsSync(path.join(REPO, 'ci/github-action.mjs'))).toBe(true);
    const files = (JSON.parse(read('package.json')) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(['ci/', 'action.yml']));
  });

  it('.pre-commit-hooks.yaml: the role-registry-check hook, on the installed CLI, no file names', () => {
    expect(strict(read('.pre-commit-hooks.yaml'))).toEqual([
      {
        id: 'role-registry-check',
        name: 'role-registry check',
        description: "Check the role registry (source against the lockfile) with the project's installed role-registry.",
        entry: 'npx --no role-registry check',
        language: 'system',
        pass_filenames: false,
        always_run: true,
      },
    ]);
  });

  it('every YAML recipe in docs/ci.md parses', () => {
    const blocks = [...read('docs/ci.md').matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) expect(() => strict(block)).not.toThrow();
  });
});
