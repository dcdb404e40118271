import { writeFiles } from '../../support/cli.js';

/**
 * A registry large enough that `lock` takes measurable time to analyse and to write: `files` files
 * of `perFile` roles, each with aliases and two contracts (the lockfile grows by ~600 bytes a role).
 */
export function largeRegistryFiles(prefix: string, files: number, perFile: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let f = 0; f < files; f++) {
    const lines = ["import { defineRole } from 'role-registry';", ''];
    for (let r = 0; r < perFile; r++) {
      const id = `${prefix}_${f}_${r}`;
      const aliases = [1, 2, 3, 4].map((n) => `'${id}_alias_${n}'`).join(', ');
      lines.push(
        `export const r${f}_${r} = defineRole({`,
        `  role_id: '${id}',`,
        `  aliases: [${aliases}],`,
        `  extract_contracts: [{ contract_id: 'ROLE:${id}:X:1', schema_json: { type: 'object', required: ['f${f}', 'r${r}'] } }],`,
        `  produce_contracts: [{ contract_id: 'ROLE:${id}:C:1', schema_json: { type: 'string', title: '${id}' } }],`,
        '});',
      );
    }
    out[`src/roles/${prefix}_${f}.ts`] = `${lines.join('\n')}\n`;
  }
  return out;
}

export function writeLargeRegistry(root: string, files: number, perFile: number): void {
  writeFiles(root, {
    'role-registry.config.json': '{ "include": ["src/roles/**/*.ts"] }\n',
    ...largeRegistryFiles('role', files, perFile),
  });
}
