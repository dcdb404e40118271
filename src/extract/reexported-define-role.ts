import type { ModuleGraph } from './evaluate.js';
import { DEFINE_ROLE_EXPORT, DEFINE_ROLE_MODULE } from './role-references.js';

const MAX_HOPS = 64;

/**
 * Whether `path` (an export name and the members read from it) imported from `specifier` in
 * `fromFile` is role-registry's `defineRole`, following re-exports, `export *`, namespace exports
 * and exported `const` aliases through the module graph, as TypeScript resolves them.
 */
export function reachesDefineRole(
  graph: ModuleGraph,
  fromFile: string,
  specifier: string,
  path: readonly string[],
  hops = 0,
  visiting = new Set<string>(),
): boolean {
  if (specifier === DEFINE_ROLE_MODULE) return path.length === 1 && path[0] === DEFINE_ROLE_EXPORT;
  if (path.length === 0 || hops > MAX_HOPS) return false;
  const target = graph.resolveImport(specifier, fromFile);
  if ('problem' in target) return false;
  const key = `${target.file}\0${path.join('\0')}`;
  if (visiting.has(key)) return false;
  visiting.add(key);
  const facts = graph.factsOf(target.file);
  if (!facts) return false;
  const [name = '', ...rest] = path;
  const binding = facts.exports.get(name);
  const follow = (nextSpecifier: string, imported: string): boolean =>
    reachesDefineRole(graph, target.file, nextSpecifier, imported === '*' ? rest : [imported, ...rest], hops + 1, visiting);
  if (binding) {
    if (binding.kind === 'reexport') return follow(binding.specifier, binding.imported);
    const local = binding.kind === 'local' ? binding.local : binding.expr.kind === 'ref' ? binding.expr.name : undefined;
    if (local === undefined) return false;
    if (rest.length === 0 && facts.defineRoleLocals.includes(local)) return true;
    const imported = facts.imports.get(local);
    return imported !== undefined && follow(imported.specifier, imported.imported);
  }
  if (name === 'default') return false;
  return facts.starExports.some((star) => reachesDefineRole(graph, target.file, star.specifier, path, hops + 1, visiting));
}
