/**
 * Renders the registry model as Protocol Buffers, for the peer comparison with `buf breaking`:
 * each role file becomes a .proto file whose `Role` enum holds its roles (aliases as enum aliases,
 * deprecated roles with `[deprecated = true]`) and whose messages are the roles' contracts; shared
 * schema constants become messages in shared files imported across files. Removing a role removes
 * its enum value and its two contract messages, which buf's FILE rules report (ENUM_VALUE_NO_DELETE,
 * MESSAGE_NO_DELETE).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pad } from './registry-model.js';

const BUF_YAML = `version: v2
modules:
  - path: proto
breaking:
  use:
    - FILE
`;

/** How each common field is typed in proto. */
const FIELD_TYPES = {
  ID: 'string',
  NAME: 'string',
  DATE: 'string',
  TIMESTAMP: 'string',
  COUNT: 'uint64',
  RATIO: 'double',
  URL: 'string',
  FLAG: 'bool',
  MONEY: 'registry.schemas.common.Money',
  TAGS: 'repeated string',
};

export function writeProtoProject(dir, model) {
  const files = renderProtoProject(model);
  for (const [relative, text] of files) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return files;
}

/** @returns {Map<string, string>} project-relative path → text */
function renderProtoProject(model) {
  const files = new Map();
  files.set('buf.yaml', BUF_YAML);
  files.set(
    'proto/registry/schemas/common.proto',
    `syntax = "proto3";

package registry.schemas.common;

message Money {
  double amount = 1;
  string currency = 2;
}
`,
  );
  for (const module of model.schemaModules) files.set(schemaPath(module.index), renderSchemaModule(module));
  for (const file of model.files) files.set(rolePath(file), renderRoleFile(file));
  return files;
}

export function protoEnumValue(roleId) {
  return roleId.toUpperCase();
}

function schemaPath(index) {
  return `proto/registry/schemas/s${pad(index, 3)}.proto`;
}

function schemaPackage(index) {
  return `registry.schemas.s${pad(index, 3)}`;
}

function rolePath(file) {
  return `proto/registry/roles/${file.department}/${file.department}_${pad(file.index, 4)}.proto`;
}

function messageName(constantName) {
  // S003_DOC_4_V1 → Doc4V1
  const [, doc, version] = /** @type {RegExpExecArray} */ (/^S\d+_DOC_(\d+)_V(\d+)$/.exec(constantName));
  return `Doc${doc}V${version}`;
}

function moduleOf(constantName) {
  return Number(/** @type {RegExpExecArray} */ (/^S(\d+)_/.exec(constantName))[1]);
}

function fieldLines(properties, indent) {
  return properties.map((p, i) => `${indent}${FIELD_TYPES[p.field]} ${p.name} = ${i + 1};`);
}

function renderSchemaModule(module) {
  const imports = ['registry/schemas/common.proto', ...module.imports.map(schemaPath).map((p) => p.slice('proto/'.length))];
  const lines = ['syntax = "proto3";', '', `package ${schemaPackage(module.index)};`, '', ...imports.map((i) => `import "${i}";`), ''];
  for (const constant of module.constants) {
    lines.push(
      `// ${constant.title}; required: ${constant.required.join(', ')}`,
      `message ${messageName(constant.name)} {`,
      ...fieldLines(constant.properties, '  '),
    );
    if (constant.wraps)
      lines.push(
        `  repeated ${schemaPackage(constant.wraps.module)}.${messageName(constant.wraps.name)} items = ${constant.properties.length + 1};`,
      );
    lines.push('}', '');
  }
  return lines.join('\n');
}

function renderRoleFile(file) {
  const modules = new Set([...file.schemaModules]);
  const lines = [
    'syntax = "proto3";',
    '',
    `package registry.roles.${file.department}.f${pad(file.index, 4)};`,
    '',
    'import "registry/schemas/common.proto";',
    ...[...modules].sort((a, b) => a - b).map((m) => `import "${schemaPath(m).slice('proto/'.length)}";`),
    '',
  ];
  const hasAliases = file.roles.some((r) => r.aliases.length > 0);
  lines.push('enum Role {');
  if (hasAliases) lines.push('  option allow_alias = true;');
  lines.push('  ROLE_UNSPECIFIED = 0;');
  for (const role of file.roles) {
    const options = role.deprecated ? ' [deprecated = true]' : '';
    const comment = role.deprecated ? ` // ${role.deprecated.reason}` : '';
    lines.push(`  ${protoEnumValue(role.id)} = ${role.number}${options};${comment}`);
    for (const alias of role.aliases) lines.push(`  ${protoEnumValue(alias)} = ${role.number};`);
  }
  lines.push('}', '');
  for (const role of file.roles) {
    for (const contract of role.contracts) {
      const name = `${role.variable[0].toUpperCase()}${role.variable.slice(1)}${contract.kind === 'X' ? 'Extract' : 'Produce'}V${contract.version}`;
      lines.push(`// ROLE:${role.id}:${contract.kind}:${contract.version}`, `message ${name} {`);
      const schema = contract.schema;
      if (schema.kind === 'shared' || schema.kind === 'local') {
        lines.push(`  ${schemaPackage(moduleOf(schema.name))}.${messageName(schema.name)} body = 1;`);
      } else {
        lines.push(...fieldLines(schema.properties, '  '));
      }
      lines.push('}', '');
    }
  }
  return lines.join('\n');
}
