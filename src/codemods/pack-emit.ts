import { compareCodeUnits } from '../canonical/hashing.js';
import { CONTRACT_KIND_FIELD } from '../core/model.js';
import type { Pack, PackContract, PackRole } from './pack.js';
import { printInline, printLiteral, propertyKey, quoteString, type Json, type LiteralStyle } from '../support/ts-literal.js';

/**
 * Turns a role pack into TypeScript declarations: one file per department, and `schemas.ts` with
 * every schema two or more contracts share (equal canonical JSON), as named constants. Pure and
 * deterministic: roles sorted by role_id, files by name, names derived from ids and titles only.
 */

export const SHARED_SCHEMAS_FILE = 'schemas.ts';

const STYLE: LiteralStyle = { quote: "'", indentUnit: '  ', eol: '\n', maxInlineLength: 100 };

export interface EmittedPack {
  /** File name (relative to the output directory) → text. Sorted by name. */
  readonly files: ReadonlyMap<string, string>;
  readonly sharedSchemas: number;
  /** department_id → file name. */
  readonly departmentFiles: ReadonlyMap<string, string>;
}

/** A department's file name: lowercase ASCII letters, digits and dashes. */
export function departmentFileName(departmentId: string): string | undefined {
  const slug = departmentId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? undefined : `${slug}.ts`;
}

export function emitPack(pack: Pack): EmittedPack {
  const departments = new Map<string, PackRole[]>();
  for (const role of pack.roles) {
    const list = departments.get(role.departmentId) ?? [];
    list.push(role);
    departments.set(role.departmentId, list);
  }
  const departmentFiles = new Map<string, string>();
  for (const departmentId of departments.keys()) departmentFiles.set(departmentId, departmentFileName(departmentId)!);

  const shared = sharedSchemas(pack);
  const files = new Map<string, string>();
  if (shared.size > 0) files.set(SHARED_SCHEMAS_FILE, schemasFile(pack, shared));
  for (const [departmentId, roles] of departments) {
    files.set(departmentFiles.get(departmentId)!, departmentFile(pack, departmentId, roles, shared));
  }
  return { files: new Map([...files].sort(([a], [b]) => compareCodeUnits(a, b))), sharedSchemas: shared.size, departmentFiles };
}

interface SharedSchema {
  readonly name: string;
  readonly schema: Json;
}

/** canonical JSON → constant, for every schema used by two or more contracts. */
function sharedSchemas(pack: Pack): Map<string, SharedSchema> {
  const users = new Map<string, PackContract[]>();
  for (const role of pack.roles) {
    for (const contract of role.contracts) {
      const list = users.get(contract.canonical) ?? [];
      list.push(contract);
      users.set(contract.canonical, list);
    }
  }
  const groups = [...users.values()]
    .filter((list) => list.length >= 2)
    .map((list) => [...list].sort((a, b) => compareCodeUnits(a.contractId, b.contractId)))
    .sort((a, b) => compareCodeUnits(a[0]!.contractId, b[0]!.contractId));
  const taken = new Set<string>();
  const out = new Map<string, SharedSchema>();
  for (const group of groups) {
    const first = group[0]!;
    const base = `${constantWords(schemaTitle(first.schema) ?? first.contractId.replace(/^ROLE:/, ''))}_SCHEMA`;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    out.set(first.canonical, { name, schema: first.schema });
  }
  return out;
}

function schemaTitle(schema: Json): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const title = (schema as Record<string, Json>)['title'];
  return typeof title === 'string' && /[A-Za-z0-9]/.test(title) ? title : undefined;
}

/** `Shot list v2` → `SHOT_LIST_V2`; never starts with a digit. */
function constantWords(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(words) || words === '' ? `S_${words}` : words;
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined defineRole'.split(
    ' ',
  ),
);

/** `director_of_photography` → `directorOfPhotography`. */
function exportName(roleId: string): string {
  const parts = roleId.split(/[^A-Za-z0-9]+/).filter((part) => part !== '');
  let name = parts
    .map((part, index) => (index === 0 ? part.charAt(0).toLowerCase() + part.slice(1) : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
  if (name === '' || /^[0-9]/.test(name)) name = `role${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  return RESERVED.has(name) ? `${name}Role` : name;
}

function header(lines: readonly string[]): string {
  return lines.map((line) => `// ${line}`).join('\n');
}

function schemasFile(pack: Pack, shared: ReadonlyMap<string, SharedSchema>): string {
  const constants = [...shared.values()].map(({ name, schema }) => `export const ${name} = ${printLiteral(schema, STYLE)} as const;`);
  return `${header([
    `Schemas shared by two or more contracts of role pack ${JSON.stringify(pack.packId)}, written by \`role-registry import\`.`,
    'A published surface never changes: give a changed schema to a new contract version (`role-registry bump`).',
  ])}\n\n${constants.join('\n\n')}\n`;
}

function departmentFile(
  pack: Pack,
  departmentId: string,
  unsorted: readonly PackRole[],
  shared: ReadonlyMap<string, SharedSchema>,
): string {
  const roles = [...unsorted].sort((a, b) => compareCodeUnits(a.roleId, b.roleId));
  const used = new Set<string>();
  for (const role of roles)
    for (const contract of role.contracts) {
      const constant = shared.get(contract.canonical);
      if (constant) used.add(constant.name);
    }
  const names = new Set<string>(used);
  const declarations = roles.map((role) => {
    const base = exportName(role.roleId);
    let name = base;
    for (let suffix = 2; names.has(name); suffix++) name = `${base}${suffix}`;
    names.add(name);
    return `export const ${name} = defineRole(${roleObject(role, shared)});`;
  });
  const imports = [`import { defineRole } from 'role-registry';`];
  if (used.size > 0)
    imports.push(`import { ${[...used].sort(compareCodeUnits).join(', ')} } from './${SHARED_SCHEMAS_FILE.replace(/\.ts$/, '.js')}';`);
  return `${header([`Roles of department ${JSON.stringify(departmentId)} from role pack ${JSON.stringify(pack.packId)}, written by \`role-registry import\`.`])}\n${imports.join('\n')}\n\n${declarations.join('\n\n')}\n`;
}

function roleObject(role: PackRole, shared: ReadonlyMap<string, SharedSchema>): string {
  const indent = '  ';
  const members: string[] = [`role_id: ${quoteString(role.roleId, "'")}`, `department_id: ${quoteString(role.departmentId, "'")}`];
  if (role.displayName !== undefined) members.push(`display_name: ${quoteString(role.displayName, "'")}`);
  if (role.aliases.length > 0) members.push(`aliases: ${printInline(role.aliases, "'")}`);
  if (role.deprecated === true) members.push('deprecated: true');
  else if (role.deprecated) {
    const parts: string[] = [];
    if (role.deprecated.reason !== undefined) parts.push(`reason: ${quoteString(role.deprecated.reason, "'")}`);
    if (role.deprecated.replacedBy !== undefined) parts.push(`replaced_by: ${quoteString(role.deprecated.replacedBy, "'")}`);
    members.push(parts.length === 0 ? 'deprecated: true' : `deprecated: { ${parts.join(', ')} }`);
  }
  for (const kind of ['X', 'C'] as const) {
    const contracts = role.contracts.filter((contract) => contract.kind === kind);
    if (contracts.length === 0) continue;
    const items = contracts.map((contract) => `${indent}${indent}${contractObject(contract, shared, `${indent}${indent}`)},`);
    members.push(`${CONTRACT_KIND_FIELD[kind]}: [\n${items.join('\n')}\n${indent}]`);
  }
  for (const [key, value] of role.metadata) members.push(`${propertyKey(key, "'")}: ${printLiteral(value, STYLE, indent)}`);
  return `{\n${members.map((member) => `${indent}${member},`).join('\n')}\n}`;
}

function contractObject(contract: PackContract, shared: ReadonlyMap<string, SharedSchema>, indent: string): string {
  const constant = shared.get(contract.canonical);
  const id = `contract_id: ${quoteString(contract.contractId, "'")}`;
  const inner = `${indent}  `;
  const schema = constant ? constant.name : printLiteral(contract.schema, STYLE, inner);
  const metadata = contract.metadata.map(([key, value]) => `${propertyKey(key, "'")}: ${printLiteral(value, STYLE, inner)}`);
  const members = [id, `schema_json: ${schema}`, ...metadata];
  const inline = `{ ${members.join(', ')} }`;
  if (!inline.includes('\n') && indent.length + inline.length <= STYLE.maxInlineLength) return inline;
  return `{\n${members.map((member) => `${inner}${member},`).join('\n')}\n${indent}}`;
}
