/**
 * Renders a JSON value as TypeScript source in one of very many equivalent ways, chosen by a tape of
 * random numbers: key order, quote style, escapes, number spellings, whitespace, `as const`,
 * `satisfies`, parentheses, constants hoisted in this file or in another, spreads of them.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Rendered {
  /** The expression, in the role file. */
  readonly expression: string;
  /** Top-level statements for the role file (hoisted constants and imports). */
  readonly declarations: readonly string[];
  /** Exported constants for the shared file `src/shared.ts`. */
  readonly shared: readonly string[];
}

class Tape {
  private index = 0;
  constructor(private readonly choices: readonly number[]) {}
  pick(n: number): number {
    const choice = this.choices[this.index++ % Math.max(1, this.choices.length)] ?? 0;
    return choice % n;
  }
}

export function renderJson(value: Json, choices: readonly number[]): Rendered {
  const tape = new Tape(choices);
  const declarations: string[] = [];
  const shared: string[] = [];
  let counter = 0;
  const sharedNames: string[] = [];

  const wrap = (expression: string): string => {
    switch (tape.pick(8)) {
      case 0:
        return `(${expression})`;
      case 1:
        return `${expression} as const`;
      case 2:
        return `(${expression} satisfies unknown)`;
      case 3:
        return `(<const>${expression})`;
      default:
        return expression;
    }
  };

  const localNames = new Set<string>();
  const hoist = (expression: string): string => {
    const name = `__H${counter++}`;
    // The shared file cannot see the role file's constants: what uses one stays local.
    const usesLocal = [...expression.matchAll(/__H\d+/g)].some((match) => localNames.has(match[0]));
    if (usesLocal || tape.pick(2) === 0) {
      declarations.push(`const ${name} = ${expression};`);
      localNames.add(name);
    } else {
      shared.push(`export const ${name} = ${expression};`);
      sharedNames.push(name);
    }
    return name;
  };

  const render = (node: Json, depth: number): string => {
    const space = ' '.repeat(tape.pick(3)) + (tape.pick(4) === 0 ? '\n' + '  '.repeat(depth) : '');
    if (node === null) return 'null';
    if (typeof node === 'boolean') return String(node);
    if (typeof node === 'number') return renderNumber(node, tape);
    if (typeof node === 'string') return renderString(node, tape);
    if (Array.isArray(node)) {
      const items = node.map((item) => `${space}${wrap(render(item, depth + 1))}`);
      const literal = `[${items.join(',')}${items.length > 0 && tape.pick(2) === 0 ? ',' : ''}${space}]`;
      const form = tape.pick(6);
      if (form === 0) return hoist(literal);
      if (form === 1) return `[...${hoist(literal)}]`;
      return literal;
    }
    const keys = Object.keys(node);
    // Any order: JCS sorts keys, so the order written never matters.
    for (let i = keys.length - 1; i > 0; i--) {
      const j = tape.pick(i + 1);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const members = keys.map((key) => `${space}${renderKey(key, tape)}: ${wrap(render(node[key]!, depth + 1))}`);
    const literal = `{${members.join(',')}${members.length > 0 && tape.pick(2) === 0 ? ',' : ''}${space}}`;
    const form = tape.pick(6);
    if (form === 0) return hoist(literal);
    if (form === 1) return `{ ...${hoist(literal)} }`;
    if (form === 2 && keys.length > 0) {
      // Split: some keys in a spread constant, the rest written after it.
      const cut = tape.pick(keys.length + 1);
      const head = `{${members.slice(0, cut).join(',')}}`;
      return `{ ...${hoist(head)}${members
        .slice(cut)
        .map((member) => `,${member}`)
        .join('')} }`;
    }
    return literal;
  };

  const expression = render(value, 1);
  if (sharedNames.length > 0) declarations.unshift(`import { ${sharedNames.join(', ')} } from '../shared';`);
  return { expression, declarations, shared };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderKey(key: string, tape: Tape): string {
  // `__proto__: x` sets the prototype in an object literal; only a computed key adds it as data.
  if (key === '__proto__') return `[${renderString(key, tape)}]`;
  const choice = tape.pick(4);
  if (choice === 0 && IDENTIFIER.test(key)) return key;
  if (choice === 1 && /^(0|[1-9][0-9]{0,8})$/.test(key)) return key;
  if (choice === 2) return `[${renderString(key, tape)}]`;
  // A template literal is no property name; a computed one (above) is.
  return renderString(key, { pick: (n) => [0, 2, 3][tape.pick(3)]! % n });
}

function renderString(text: string, tape: { pick(n: number): number }): string {
  // JSON escapes every quote, backslash and control character; the rest may be written raw.
  const escaped = JSON.stringify(text).slice(1, -1);
  switch (tape.pick(4)) {
    case 0:
      return `'${escaped.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
    case 1:
      return `\`${escaped.replace(/\\"/g, '"').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
    case 2:
      return `"${[...text].map((char) => (char.length === 1 && tape.pick(3) === 0 ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(char).slice(1, -1))).join('')}"`;
    default:
      return `"${escaped}"`;
  }
}

function renderNumber(value: number, tape: { pick(n: number): number }): string {
  if (Object.is(value, -0)) return tape.pick(2) === 0 ? '-0' : '-0.0';
  if (value < 0) return `-${renderNumber(-value, tape)}`;
  const candidates = [String(value), value.toExponential(), value.toString().toUpperCase()];
  if (Number.isSafeInteger(value)) {
    candidates.push(`0x${value.toString(16)}`, `0o${value.toString(8)}`, String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '_'), `${value}.0`);
  }
  const valid = candidates.filter((text) => Number(text.replace(/_/g, '')) === value);
  return valid[tape.pick(valid.length)]!;
}
