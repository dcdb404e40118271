#!/usr/bin/env node
/**
 * Editor latency through the ESLint Node API, as an editor's ESLint server does it: the buffer of
 * one role file is edited (not saved) and linted with `lintText`, every other file as on disk.
 *
 *   node bench/editor-latency.js <project dir> warm <edits> [config]   lint the whole project, then time each edit's lintText
 *   node bench/editor-latency.js <project dir> cold 1 [config]         time the first lintText in this fresh process
 *
 * `config` is the flat config file in the project (default eslint.config.with-plugin.js).
 *
 * Edits alternate between free metadata (a display name: no finding) and a contract surface
 * (a new required property: CONTRACT_DRIFT), and every result is checked for exactly that.
 * Prints { file, projectLintMs, samples } as JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ESLint } from 'eslint';
import { globSync } from 'tinyglobby';

const [dirArg = '.', mode = 'warm', editsArg = '10', configFile = 'eslint.config.with-plugin.js'] = process.argv.slice(2);
const dir = path.resolve(dirArg);
const edits = Number(editsArg);
const roleFiles = globSync(['src/roles/*/*.ts'], { cwd: dir, absolute: true, ignore: ['src/roles/schemas/**'] }).sort();
const file = roleFiles[Math.floor(roleFiles.length / 2)];
const original = readFileSync(file, 'utf8');

function edited(i) {
  if (i % 2 === 0) return { text: original.replace("display_name: '", `display_name: 'Edited ${i} `), drift: false };
  const at = original.indexOf('required: [');
  if (at < 0) throw new Error(`no schema to edit in ${file}`);
  return { text: `${original.slice(0, at)}required: ['edited_${i}', ${original.slice(at + 'required: ['.length)}`, drift: true };
}

function verify(result, edit) {
  const drift = result.messages.filter((m) => m.ruleId === 'role-registry/no-contract-drift');
  if (edit.drift !== drift.length > 0) {
    throw new Error(
      `edit (${edit.drift ? 'surface' : 'metadata'}) gave ${JSON.stringify(result.messages.map((m) => [m.ruleId, m.message]))}`,
    );
  }
}

const samples = [];
let projectLintMs;
if (mode === 'cold') {
  const edit = edited(1);
  const start = performance.now();
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: configFile });
  const [result] = await eslint.lintText(edit.text, { filePath: file });
  samples.push(performance.now() - start);
  verify(result, edit);
} else {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: configFile });
  const start = performance.now();
  await eslint.lintFiles(['src/roles/**/*.ts']);
  projectLintMs = performance.now() - start;
  for (let i = 0; i < edits; i++) {
    // A pause between keystrokes, as an editor debounces them; not timed.
    await sleep(30);
    const edit = edited(i);
    const begin = performance.now();
    const [result] = await eslint.lintText(edit.text, { filePath: file });
    samples.push(performance.now() - begin);
    verify(result, edit);
  }
}
process.stdout.write(`${JSON.stringify({ file: path.relative(dir, file), projectLintMs, samples })}\n`);
