import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/cli.md against the built CLI's own `--help`: every command is documented, with exactly the
 * options it has (and the values they take, and their choices), and its positional arguments, so
 * the reference cannot drift from the tool.
 */
const BIN = fileURLToPath(new URL('../../bin/role-registry.js', import.meta.url));
const page = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

interface OptionShape {
  readonly takesValue: boolean;
  /** The allowed values, when the option has a fixed set. */
  readonly choices?: readonly string[];
}

interface Synopsis {
  readonly options: ReadonlyMap<string, OptionShape>;
  /** Positional arguments as `<>` (required), `[]` (optional), with `...` when variadic. */
  readonly args: readonly string[];
}

function help(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The lines of a `Heading:` section of commander's help, each entry joined with its wrapped lines. */
function helpSection(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${heading}:`);
  if (start === -1) return [];
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
    else entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

function argShape(token: string): string {
  const variadic = token.includes('...') ? '...' : '';
  return token.startsWith('[') ? `[]${variadic}` : `<>${variadic}`;
}

/** What `role-registry <command> --help` says: Usage line arguments and the Options section. */
function helpSynopsis(text: string, command: string | undefined): Synopsis {
  const usage = /^Usage: role-registry(.*)$/m.exec(text)![1]!.trim().split(/\s+/);
  const args = usage.slice(command === undefined ? 0 : 1).filter((token) => token !== '' && token !== '[options]' && token !== '[command]');
  const options = new Map<string, OptionShape>();
  for (const entry of helpSection(text, 'Options')) {
    const [flags = '', description = ''] = entry.split(/\s{2,}(.*)/s);
    const long = /--[a-z][a-z-]*/.exec(flags)![0];
    const choices = /\(choices: ((?:"[^"]*"(?:, )?)+)/.exec(description);
    options.set(long, {
      takesValue: /<[^>]+>|\[[^\]]+\]/.test(flags.slice(flags.indexOf(long))),
      ...(choices ? { choices: [...choices[1]!.matchAll(/"([^"]*)"/g)].map((match) => match[1]!) } : {}),
    });
  }
  return { options, args: args.map(argShape) };
}

/**
 * A synopsis as the page writes it: `role-registry <command> <arg> [--flag <value>] [--kind a|b]`.
 * Arguments come before the first option; an option takes a value when a value token follows it
 * inside its brackets, and `a|b` lists its choices.
 */
function docSynopsis(tokens: readonly string[]): Synopsis {
  const firstOption = tokens.findIndex((token) => /^\[*--/.test(token));
  const args = (firstOption === -1 ? tokens : tokens.slice(0, firstOption)).map(argShape);
  const options = new Map<string, OptionShape>();
  tokens.forEach((token, index) => {
    if (!/^\[*--[a-z]/.test(token)) return;
    const flag = token.replace(/^\[+/, '').replace(/\]+$/, '');
    const next = tokens[index + 1];
    const takesValue = !token.endsWith(']') && next !== undefined && !/^(\[|--|\|)/.test(next);
    const value = takesValue ? next!.replace(/\]+$/, '') : undefined;
    options.set(flag, { takesValue, ...(value?.includes('|') ? { choices: value.split('|') } : {}) });
  });
  return { options, args };
}

/** Every documented synopsis of a command: code spans that open a `###` heading or a list item. */
function documentedCommands(): Map<string, Synopsis> {
  const out = new Map<string, Synopsis>();
  for (const line of page.split('\n')) {
    const spans = line.startsWith('### ') ? [...line.matchAll(/`(role-registry [^`]+)`/g)].map((m) => m[1]!) : line.startsWith('- `role-registry ') ? [/^- `([^`]+)`/.exec(line)![1]!] : [];
    for (const span of spans) {
      const [, command = '', ...rest] = span.split(/\s+/);
      expect(out.has(command), `docs/cli.md documents \`role-registry ${command}\` twice`).toBe(false);
      out.set(command, docSynopsis(rest));
    }
  }
  return out;
}

/** The global synopsis: the lines of the page's first code block. */
function documentedGlobal(): Synopsis {
  const block = /^```\n([\s\S]*?)^```$/m.exec(page)![1]!;
  const options = new Map<string, OptionShape>();
  for (const line of block.trim().split('\n')) {
    const tokens = line.split(/\s+/).slice(1);
    for (const [flag, shape] of docSynopsis(tokens).options) options.set(flag, shape);
  }
  return { options, args: [] };
}

const plain = (synopsis: Synopsis): { options: Record<string, OptionShape>; args: readonly string[] } => ({
  options: Object.fromEntries([...synopsis.options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  args: synopsis.args,
});

const topLevel = help([]);
const COMMANDS = helpSection(topLevel, 'Commands')
  .map((entry) => entry.split(/\s/)[0]!)
  .filter((command) => command !== 'help');

describe('docs/cli.md matches the CLI (each command spawned with --help)', () => {
  it('documents every command, and no other', () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(15);
    expect([...documentedCommands().keys()].sort()).toEqual([...COMMANDS].sort());
  });

  it('documents the global options', () => {
    expect(plain(documentedGlobal()).options).toEqual(plain(helpSynopsis(topLevel, undefined)).options);
  });

  it.each(COMMANDS)('%s: the same options (values and choices) and arguments', (command) => {
    const fromHelp = helpSynopsis(help([command]), command);
    // `--help` exists on every command; the page says so once, in the global synopsis.
    const options = new Map(fromHelp.options);
    options.delete('--help');
    const documented = documentedCommands().get(command);
    expect(documented, `docs/cli.md has no synopsis for ${command}`).toBeDefined();
    expect(plain(documented!)).toEqual(plain({ options, args: fromHelp.args }));
  });
});
