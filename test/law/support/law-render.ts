/**
 * Turns model states into real TypeScript registry files (in many equivalent styles), and random
 * edit seeds into model edits. The rendering is what the engine reads; the model never sees it.
 */
import { VALID_NAMES, type Kind, type MAlias, type MContract, type MLock, type MRole, type MState } from './law-model.js';

export const FILE_COUNT = 3;
const ROLE_IDS = ['alpha', 'beta', 'gamma', 'delta'];
/** Invalid ids: a built-in property name, a prototype key, a Cyrillic look-alike, an uppercase id. */
const INVALID_IDS = ['constructor', '__proto__', '\u0430lpha', 'Beta'];
const ALIASES = ['old_a', 'old_b', 'old_c'];
const SURFACES = ['t0', 't1', 't2', 't3'];

export function fileName(index: number): string {
  return `f${index}.ts`;
}

type Quote = (text: string) => string;
const single: Quote = (text) => `'${text}'`;
const double: Quote = (text) => JSON.stringify(text);
const backtick: Quote = (text) => `\`${text}\``;

/** One registry file per model file; `seed` varies the style without changing the meaning. */
export function renderState(state: MState, seed: number): Record<string, string> {
  const files: Record<string, string> = {};
  state.forEach((roles, file) => {
    const importStyle = (seed + file) % 3;
    const callee = ['defineRole', 'role', 'rr.defineRole'][importStyle]!;
    const lines = [
      [
        `import { defineRole } from 'role-registry';`,
        `import { defineRole as role } from 'role-registry';`,
        `import * as rr from 'role-registry';`,
      ][importStyle]!,
      ...SURFACES.map((surface) => `const S_${surface} = { v: '${surface}' } as const;`),
      ...roles.map((role, index) => `export const r${file}_${index} = ${callee}(${renderRole(role, (seed + file * 7 + index) % 4)});`),
    ];
    files[fileName(file)] = `${lines.join('\n')}\n`;
  });
  return files;
}

function renderRole(role: MRole, style: number): string {
  const quote = [single, double, single, backtick][style]!;
  const fields: string[] = [];
  fields.push(`role_id: ${role.nonStaticId ? `String(${quote(role.id)})` : quote(role.id)}`);
  if (role.aliases.length > 0 || style === 1)
    fields.push(`aliases: [${role.aliases.map((alias) => renderAlias(alias, quote)).join(', ')}]`);
  if (role.deprecated) {
    fields.push(
      role.replacedBy === undefined
        ? 'deprecated: true'
        : `deprecated: { reason: ${quote('retired')}, replaced_by: ${quote(role.replacedBy)} }`,
    );
  } else if (style === 3) fields.push('deprecated: false');
  fields.push(`display_name: ${quote(`Role ${role.id} in style ${style}`)}`);
  for (const list of ['X', 'C'] as const) {
    const contracts = role.contracts.filter((contract) => contract.list === list);
    if (contracts.length === 0 && style !== 2) continue;
    const field = list === 'X' ? 'extract_contracts' : 'produce_contracts';
    fields.push(`${field}: [\n    ${contracts.map((contract) => renderContract(contract, style, quote)).join(',\n    ')}\n  ]`);
  }
  if (style === 2) fields.reverse();
  const body = `{\n  ${fields.join(',\n  ')},\n}`;
  return style === 1 ? `${body} as const` : style === 3 ? `(${body}) satisfies object` : body;
}

function renderAlias(alias: MAlias, quote: Quote): string {
  return alias.nonStatic ? `${quote(alias.name)}.trim()` : quote(alias.name);
}

function renderContract(contract: MContract, style: number, quote: Quote): string {
  const schema = contract.nonStatic
    ? `{ v: compute(${quote(contract.surface)}) }`
    : [`{ v: ${quote(contract.surface)} }`, `{ "v": "${contract.surface}" }`, `S_${contract.surface}`, `{ ...S_${contract.surface} }`][
        style
      ]!;
  return style === 2
    ? `{ schema_json: ${schema}, contract_id: ${quote(contract.id)} }`
    : `{ contract_id: ${quote(contract.id)}, schema_json: ${schema} }`;
}

/** Whether an edit ends with `lock`. */
export function locks(kind: EditKind): boolean {
  return kind === 'lock' || kind === 'heal-and-lock';
}

/** A random edit: a kind and some numbers the interpreter reads modulo what exists. */
export type EditSeed = readonly [kind: number, a: number, b: number, c: number];

export const EDIT_KINDS = [
  'add-role',
  'remove-role',
  'deprecate',
  'undeprecate',
  'add-alias',
  'remove-alias',
  'bump',
  'bump',
  'change-surface',
  'remove-contract',
  're-add-contract',
  're-add-contract',
  'duplicate-role',
  'move-role',
  'reorder',
  'restyle',
  'toggle-non-static',
  'toggle-contract-list',
  'foreign-contract',
  'invalid-id',
  'heal',
  'lock',
  'lock',
  'heal-and-lock',
  'heal-and-lock',
  'heal-and-lock',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

type MutableRole = { -readonly [K in keyof MRole]: MRole[K] } & { contracts: MContract[]; aliases: MAlias[] };

/**
 * Applies one edit; returns the new state and the new rendering seed. Pure. `heal` does what the
 * findings' hints say (so that later locks succeed and lockfiles grow): it reads the lockfile.
 */
export function applyEdit(
  state: MState,
  seed: number,
  edit: EditSeed,
  lock: MLock | undefined,
): { state: MState; seed: number; kind: EditKind } {
  const kind = EDIT_KINDS[edit[0] % EDIT_KINDS.length]!;
  const files: MutableRole[][] = state.map((roles) =>
    roles.map((role) => ({ ...role, aliases: [...role.aliases], contracts: [...role.contracts] })),
  );
  const [, a, b, c] = edit;
  const all = files.flatMap((roles, file) => roles.map((role, index) => ({ role, file, index })));
  const pick = all.length === 0 ? undefined : all[a % all.length];
  const nextVersion = (role: MutableRole, list: Kind): number =>
    1 +
    Math.max(
      0,
      ...role.contracts.filter((contract) => contract.list === list).map((contract) => Number(/:([1-9]\d*)$/.exec(contract.id)?.[1] ?? 0)),
    );
  let nextSeed = seed;

  switch (kind) {
    case 'add-role': {
      // A new id, mostly: duplicate-role is the edit that duplicates.
      const declared = new Set(all.map((entry) => entry.role.id));
      const fresh = ROLE_IDS.filter((id) => !declared.has(id));
      const lockedAliases = [...(lock?.values() ?? [])].flatMap((entry) => [...entry.aliases]);
      const pool = fresh.length > 0 && c % 5 !== 0 ? fresh : [...ROLE_IDS, ...lockedAliases];
      const id = pool[a % pool.length]!;
      const contracts: MContract[] = [];
      if (b % 3 !== 0) contracts.push({ id: `ROLE:${id}:X:1`, list: 'X', surface: SURFACES[c % SURFACES.length]!, nonStatic: false });
      if (b % 2 === 0) contracts.push({ id: `ROLE:${id}:C:1`, list: 'C', surface: SURFACES[(c + 1) % SURFACES.length]!, nonStatic: false });
      files[b % FILE_COUNT]!.push({ id, nonStaticId: false, aliases: [], deprecated: false, replacedBy: undefined, contracts });
      break;
    }
    case 'remove-role':
      if (pick) files[pick.file]!.splice(pick.index, 1);
      break;
    case 'deprecate':
      if (pick) {
        pick.role.deprecated = true;
        const targets = [undefined, ROLE_IDS[b % ROLE_IDS.length], pick.role.id, ALIASES[b % ALIASES.length]];
        pick.role.replacedBy = targets[c % targets.length];
      }
      break;
    case 'undeprecate':
      if (pick) {
        pick.role.deprecated = false;
        pick.role.replacedBy = undefined;
      }
      break;
    case 'add-alias':
      if (pick) {
        const lockedAliases = [...(lock?.values() ?? [])].flatMap((entry) => [...entry.aliases]);
        const names = [...ALIASES, ...ROLE_IDS, 'Old_A', ...lockedAliases];
        pick.role.aliases.push({ name: names[b % names.length]!, nonStatic: false });
      }
      break;
    case 'remove-alias':
      if (pick && pick.role.aliases.length > 0) pick.role.aliases.splice(b % pick.role.aliases.length, 1);
      break;
    case 'bump':
      if (pick) {
        const list: Kind = b % 2 === 0 ? 'X' : 'C';
        const version = nextVersion(pick.role, list);
        const previous = pick.role.contracts.findIndex(
          (contract) => contract.list === list && contract.id.endsWith(`:${list}:${version - 1}`),
        );
        pick.role.contracts.push({
          id: `ROLE:${pick.role.id}:${list}:${version}`,
          list,
          surface: SURFACES[c % SURFACES.length]!,
          nonStatic: false,
        });
        if (c % 3 !== 0 && previous >= 0) pick.role.contracts.splice(previous, 1);
      }
      break;
    case 'change-surface':
      if (pick && pick.role.contracts.length > 0) {
        const index = b % pick.role.contracts.length;
        pick.role.contracts[index] = { ...pick.role.contracts[index]!, surface: SURFACES[c % SURFACES.length]! };
      }
      break;
    case 'remove-contract':
      if (pick && pick.role.contracts.length > 0) pick.role.contracts.splice(b % pick.role.contracts.length, 1);
      break;
    case 're-add-contract':
      if (pick) {
        const list: Kind = b % 2 === 0 ? 'X' : 'C';
        const retired = [...(lock?.get(pick.role.id)?.retired.keys() ?? [])];
        const id = retired.length > 0 && c % 2 === 0 ? retired[b % retired.length]! : `ROLE:${pick.role.id}:${list}:${1 + (b % 3)}`;
        pick.role.contracts.push({ id, list: id.split(':')[2] as Kind, surface: SURFACES[c % SURFACES.length]!, nonStatic: false });
      }
      break;
    case 'duplicate-role':
      if (pick) {
        const copy: MutableRole = { ...pick.role, aliases: [...pick.role.aliases], contracts: [...pick.role.contracts] };
        if (c % 2 === 1) copy.aliases.push({ name: ALIASES[c % ALIASES.length]!, nonStatic: false });
        files[b % FILE_COUNT]!.splice(c % (files[b % FILE_COUNT]!.length + 1), 0, copy);
      }
      break;
    case 'move-role':
      if (pick) {
        files[pick.file]!.splice(pick.index, 1);
        const target = files[b % FILE_COUNT]!;
        target.splice(c % (target.length + 1), 0, pick.role);
      }
      break;
    case 'reorder':
      if (pick) {
        pick.role.aliases.reverse();
        pick.role.contracts.reverse();
        files[pick.file]!.reverse();
      }
      break;
    case 'restyle':
      nextSeed = seed + 1 + (b % 11);
      break;
    case 'toggle-non-static':
      if (pick) {
        const field = b % 3;
        if (field === 0) pick.role.nonStaticId = !pick.role.nonStaticId;
        else if (field === 1 && pick.role.aliases.length > 0) {
          const index = c % pick.role.aliases.length;
          pick.role.aliases[index] = { ...pick.role.aliases[index]!, nonStatic: !pick.role.aliases[index]!.nonStatic };
        } else if (pick.role.contracts.length > 0) {
          const index = c % pick.role.contracts.length;
          pick.role.contracts[index] = { ...pick.role.contracts[index]!, nonStatic: !pick.role.contracts[index]!.nonStatic };
        }
      }
      break;
    case 'toggle-contract-list':
      if (pick && pick.role.contracts.length > 0) {
        const index = b % pick.role.contracts.length;
        const contract = pick.role.contracts[index]!;
        pick.role.contracts[index] = { ...contract, list: contract.list === 'X' ? 'C' : 'X' };
      }
      break;
    case 'foreign-contract':
      if (pick) {
        const other = ROLE_IDS[b % ROLE_IDS.length]!;
        const ids = [`ROLE:${other}:X:1`, `ROLE:${pick.role.id}:X:01`, `ROLE:${pick.role.id}:Z:1`, `role:${pick.role.id}:X:1`];
        pick.role.contracts.push({ id: ids[c % ids.length]!, list: 'X', surface: SURFACES[0]!, nonStatic: false });
      }
      break;
    case 'invalid-id':
      if (pick) pick.role.id = INVALID_IDS[b % INVALID_IDS.length]!;
      break;
    case 'heal':
    case 'heal-and-lock':
      heal(files, lock);
      break;
    case 'lock':
      break;
  }
  return { state: files, seed: nextSeed, kind };
}

/** Fixes every violation the way the hints say: restore, re-add, keep one, drop the invalid. */
function heal(files: MutableRole[][], lock: MLock | undefined): void {
  const seen = new Set<string>();
  for (const roles of files) {
    for (let index = roles.length - 1; index >= 0; index--) if (!VALID_NAMES.has(roles[index]!.id)) roles.splice(index, 1);
  }
  for (const roles of files) {
    for (let index = 0; index < roles.length; index++) {
      const role = roles[index]!;
      if (seen.has(role.id)) {
        roles.splice(index--, 1);
        continue;
      }
      seen.add(role.id);
      role.nonStaticId = false;
      const contracts = new Map<string, MContract>();
      for (const contract of role.contracts) {
        const match = /^ROLE:([^:]+):(X|C):([1-9][0-9]*)$/.exec(contract.id);
        if (!match || match[1] !== role.id || match[2] !== contract.list || contracts.has(contract.id)) continue;
        contracts.set(contract.id, { ...contract, nonStatic: false });
      }
      const locked = lock?.get(role.id);
      const version = (id: string): number => Number(id.split(':')[3]);
      for (const [id, surface] of locked?.active ?? []) {
        const list = id.split(':')[2] as Kind;
        const superseded = [...contracts.values()].some((other) => other.list === list && version(other.id) > version(id));
        if (contracts.has(id) || !superseded) contracts.set(id, { id, list, surface, nonStatic: false });
      }
      for (const [id, surface] of locked?.retired ?? []) if (contracts.has(id)) contracts.set(id, { ...contracts.get(id)!, surface });
      role.contracts = [...contracts.values()];
      role.aliases = [...new Set([...role.aliases.map((alias) => alias.name), ...(locked?.aliases ?? [])])].map((name) => ({
        name,
        nonStatic: false,
      }));
      if (locked?.deprecated) role.deprecated = true;
    }
  }
  // Locked roles come back, deprecated, where they were.
  for (const [id, locked] of lock ?? []) {
    if (seen.has(id)) continue;
    seen.add(id);
    files[locked.declaredIn]!.push({
      id,
      nonStaticId: false,
      aliases: [...locked.aliases].map((name) => ({ name, nonStatic: false })),
      deprecated: true,
      replacedBy: undefined,
      contracts: [...locked.active].map(([contractId, surface]) => ({
        id: contractId,
        list: contractId.split(':')[2] as Kind,
        surface,
        nonStatic: false,
      })),
    });
  }
  // Names: an alias never equals an id, never repeats across roles, never takes a locked alias of another role.
  const lockedOwner = new Map<string, string>();
  for (const [id, locked] of lock ?? []) for (const alias of locked.aliases) lockedOwner.set(alias, id);
  const claimed = new Map<string, string>();
  for (const roles of files)
    for (const role of roles)
      for (const alias of role.aliases) if (lockedOwner.get(alias.name) === role.id) claimed.set(alias.name, role.id);
  for (const roles of files) {
    for (let index = roles.length - 1; index >= 0; index--) {
      // A role whose id is locked as another role's alias cannot stay: it is dropped.
      if (lockedOwner.has(roles[index]!.id)) roles.splice(index, 1);
    }
  }
  const ids = new Set(files.flat().map((role) => role.id));
  for (const role of files.flat()) {
    role.aliases = role.aliases.filter((alias) => {
      if (!VALID_NAMES.has(alias.name) || ids.has(alias.name) || (lock?.has(alias.name) ?? false)) return false;
      const owner = claimed.get(alias.name) ?? lockedOwner.get(alias.name);
      if (owner !== undefined) return owner === role.id;
      claimed.set(alias.name, role.id);
      return true;
    });
    if (role.replacedBy !== undefined && (role.replacedBy === role.id || !ids.has(role.replacedBy))) role.replacedBy = undefined;
  }
}
