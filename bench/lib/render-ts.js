/**
 * Renders the registry model as a TypeScript project, the way users write registries: role files
 * of `defineRole` calls, shared schema constants imported across files with NodeNext `.js`
 * specifiers, spreads and `as const`, a file-local constant table read by member access, template
 * contract ids built from an id constant, aliases and deprecations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMMON_FIELDS, pad } from './registry-model.js';

const CONFIG = { include: ['src/roles/**/*.ts'], lockfile: 'role-registry.lock.json' };

/** The project's tsconfig: `plugins` is read by tspc and silently ignored by plain tsc, so both build the same file. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: ['node'],
    skipLibCheck: true,
    rootDir: 'src',
    outDir: 'dist',
    plugins: [{ transform: 'role-registry/transformer' }],
  },
  include: ['src'],
};

/** Files of the application part: they import `role-registry/provenance` (what the transformer and the bundler plugin fill in). */
const APP_FILES = ['health', 'audit', 'jobs'];

/** Writes the whole project (sources, config, tsconfig, package.json; no lockfile) under `dir`. */
export function writeTsProject(dir, model) {
  const files = renderTsProject(model);
  for (const [relative, text] of files) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return files;
}

/** @returns {Map<string, string>} project-relative path → text */
function renderTsProject(model) {
  const files = new Map();
  files.set('package.json', `${JSON.stringify({ name: `bench-registry-${model.roles}`, private: true, type: 'module' }, null, 2)}\n`);
  files.set('tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  files.set('role-registry.config.json', `${JSON.stringify(CONFIG, null, 2)}\n`);
  files.set('src/roles/schemas/common.ts', renderCommon());
  for (const module of model.schemaModules) files.set(module.path, renderSchemaModule(module));
  for (const file of model.files) files.set(file.path, renderRoleFile(file));
  // The catalogue's barrel, as apps import it: a registry file too (matched by the include glob), with no declaration.
  files.set(
    'src/roles/index.ts',
    `${model.files.map((f) => `export * from './${f.path.slice('src/roles/'.length).replace(/\.ts$/, '.js')}';`).join('\n')}\n`,
  );
  const firstFile = model.files[0];
  const sample = firstFile.roles[0];
  for (const name of APP_FILES) {
    files.set(
      `src/app/${name}.ts`,
      `import { REGISTRY_PROVENANCE } from 'role-registry/provenance';
import { ${sample.variable} } from '../roles/${firstFile.path.slice('src/roles/'.length).replace(/\.ts$/, '.js')}';

/** What the ${name} endpoint reports: the registry this build was made against. */
export function ${name}Report(): { readonly registryHash: string; readonly roles: number; readonly sample: string } {
  return { registryHash: REGISTRY_PROVENANCE.registryHash, roles: REGISTRY_PROVENANCE.roles, sample: ${sample.variable}.role_id };
}
`,
    );
  }
  files.set(
    'src/app/main.ts',
    `import * as roles from '../roles/index.js';
${APP_FILES.map((name) => `import { ${name}Report } from './${name}.js';`).join('\n')}

// The whole catalogue is bundled: the app looks roles up by id at run time.
console.log(Object.keys(roles).length, JSON.stringify([${APP_FILES.map((name) => `${name}Report()`).join(', ')}]));
`,
  );
  // The same project without the transformer, for `tspc` runs that measure what ts-patch alone costs.
  files.set('tsconfig.no-transform.json', `${JSON.stringify({ extends: './tsconfig.json', compilerOptions: { plugins: [] } }, null, 2)}\n`);
  return files;
}

function renderCommon() {
  const lines = [
    '/** Field types every schema module shares. */',
    "export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';",
    '',
  ];
  for (const [name, value] of Object.entries(COMMON_FIELDS)) lines.push(`export const ${name} = ${tsValue(value, '')} as const;`, '');
  lines.push("export const BASE_OBJECT = { $schema: SCHEMA_DIALECT, type: 'object', additionalProperties: false } as const;", '');
  return lines.join('\n');
}

function renderSchemaModule(module) {
  const commonNames = new Set(['BASE_OBJECT']);
  const wrapped = new Set();
  for (const constant of module.constants) {
    for (const property of constant.properties) commonNames.add(property.field);
    if (constant.wraps) wrapped.add(constant.wraps.name);
  }
  const lines = [`import { ${[...commonNames].sort().join(', ')} } from './common.js';`];
  for (const imported of module.imports) {
    const names = [...wrapped].filter((name) => name.startsWith(`S${pad(imported, 3)}_`)).sort();
    if (names.length > 0) lines.push(`import { ${names.join(', ')} } from './s${pad(imported, 3)}.js';`);
  }
  lines.push('');
  for (const constant of module.constants) {
    const properties = constant.properties.map((p) => `${p.name}: ${p.field}`);
    if (constant.wraps) properties.push(`items: { type: 'array', items: ${constant.wraps.name} }`);
    lines.push(
      `export const ${constant.name} = {`,
      '  ...BASE_OBJECT,',
      `  title: ${quote(constant.title)},`,
      `  properties: { ${properties.join(', ')} },`,
      `  required: [${constant.required.map(quote).join(', ')}],`,
      '} as const;',
      '',
    );
  }
  return lines.join('\n');
}

function renderRoleFile(file) {
  const common = new Set();
  const byModule = new Map();
  const useShared = (module, name) => {
    if (!byModule.has(module)) byModule.set(module, new Set());
    byModule.get(module).add(name);
  };
  let usesLocals = false;
  for (const role of file.roles) {
    for (const { schema } of role.contracts) {
      if (schema.kind === 'shared') useShared(schema.module, schema.name);
      else if (schema.kind === 'local') usesLocals = true;
      else {
        for (const property of schema.properties) common.add(property.field);
        if (schema.kind === 'spread') common.add('BASE_OBJECT');
      }
    }
  }
  if (usesLocals) for (const local of file.locals) useShared(local.module, local.name);
  const lines = [
    `/** ${file.department}: roles ${file.roles[0]?.id ?? ''} and the ${Math.max(0, file.roles.length - 1)} after it. */`,
    "import { defineRole } from 'role-registry';",
  ];
  if (common.size > 0) lines.push(`import { ${[...common].sort().join(', ')} } from '../schemas/common.js';`);
  for (const [module, names] of [...byModule].sort((a, b) => a[0] - b[0])) {
    lines.push(`import { ${[...names].sort().join(', ')} } from '../schemas/s${pad(module, 3)}.js';`);
  }
  lines.push('', `const DEPARTMENT = ${quote(file.department)};`, '');
  if (usesLocals) {
    lines.push(
      '/** What this team works from and hands back, under short names. */',
      `const TEAM_CONTRACTS = { ${file.locals.map((l) => `${l.key}: ${l.name}`).join(', ')} } as const;`,
      '',
    );
  }
  for (const role of file.roles) lines.push(renderRole(role), '');
  return lines.join('\n');
}

function renderRole(role) {
  const idConstant = `${role.id.toUpperCase()}_ID`;
  const lines = [];
  if (role.idConstant) lines.push(`const ${idConstant} = ${quote(role.id)};`, '');
  lines.push(`export const ${role.variable} = defineRole({`);
  lines.push(`  role_id: ${role.idConstant ? idConstant : quote(role.id)},`);
  lines.push('  department_id: DEPARTMENT,', `  display_name: ${quote(role.displayName)},`);
  if (role.aliases.length > 0) lines.push(`  aliases: [${role.aliases.map(quote).join(', ')}],`);
  if (role.deprecated)
    lines.push(`  deprecated: { reason: ${quote(role.deprecated.reason)}, replaced_by: ${quote(role.deprecated.replacedBy)} },`);
  lines.push(`  tools: [${role.tools.map(quote).join(', ')}],`);
  for (const kind of ['X', 'C']) {
    const field = kind === 'X' ? 'extract_contracts' : 'produce_contracts';
    const contracts = role.contracts.filter((c) => c.kind === kind);
    if (contracts.length === 0) continue;
    const items = contracts.map((c) => {
      const id = role.idConstant ? `\`ROLE:\${${idConstant}}:${kind}:${c.version}\`` : quote(`ROLE:${role.id}:${kind}:${c.version}`);
      return `{ contract_id: ${id}, schema_json: ${renderSchema(c.schema, '      ')} }`;
    });
    lines.push(`  ${field}: [`, ...items.map((item) => `    ${item},`), '  ],');
  }
  lines.push('});');
  return lines.join('\n');
}

function renderSchema(schema, indent) {
  switch (schema.kind) {
    case 'shared':
      return schema.name;
    case 'local':
      return `TEAM_CONTRACTS.${schema.key}`;
    case 'inline':
      return `{\n${indent}  type: 'object',\n${indent}  properties: { ${schema.properties.map((p) => `${p.name}: ${p.field}`).join(', ')} },\n${indent}  required: [${schema.required.map(quote).join(', ')}],\n${indent}}`;
    case 'spread':
      return `{ ...BASE_OBJECT, title: ${quote(schema.title)}, properties: { ${schema.properties.map((p) => `${p.name}: ${p.field}`).join(', ')} }, required: [${schema.required.map(quote).join(', ')}] }`;
  }
  throw new Error(`unknown schema kind ${schema.kind}`);
}

function tsValue(value, indent) {
  if (Array.isArray(value)) return `[${value.map((v) => tsValue(v, indent)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, v]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${tsValue(v, indent)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return typeof value === 'string' ? quote(value) : String(value);
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
