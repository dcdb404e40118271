import type { SchemaValue } from '../core/findings.js';
import { SharedBindings, toJson, type ModuleGraph } from '../extract/evaluate.js';
import { factsOfText, type FileFacts } from '../extract/file-facts.js';
import { ModuleResolver } from '../extract/module-resolver.js';
import { readFileRoles } from '../extract/roles.js';
import { decodeSource } from '../extract/source-text.js';
import type { FileSystemView } from '../support/file-system-view.js';
import { portableRelative } from '../support/portable-path.js';
import type { RegistryConfig } from './config.js';

/** A contract's schema as JSON, with the surface hash the extraction computed for it. */
export interface ContractSchema {
  readonly schema: SchemaValue;
  readonly surfaceHash: string;
}

/**
 * The schemas of the contracts that `roleFiles` declare, read by the same static extraction as
 * `check`, over `files` (the disk, or a commit's tree): the surfaces themselves, which the lockfile
 * keeps only as hashes. Only those files and what they import are read; nothing is cached, as this
 * runs only to explain a drift. A file that is missing or does not parse declares nothing here.
 */
export function contractSchemasIn(
  files: FileSystemView,
  config: RegistryConfig,
  roleFiles: readonly string[],
): Map<string, ContractSchema> {
  const resolver = new ModuleResolver(config.root, config.tsconfig, config.tsconfigNamedAt, files);
  const facts = new Map<string, FileFacts | undefined>();
  const graph: ModuleGraph = {
    factsOf: (file) => {
      if (!facts.has(file)) {
        const bytes = files.readFile(file);
        const read = bytes === undefined ? undefined : factsOfText(file, decodeSource(bytes).text);
        facts.set(file, read && read.parseProblems.length === 0 ? read : undefined);
      }
      return facts.get(file);
    },
    resolveImport: (specifier, fromFile) => resolver.resolve(specifier, fromFile),
    displayName: (file) => portableRelative(config.root, file),
  };
  const shared = new SharedBindings();
  const out = new Map<string, ContractSchema>();
  for (const file of new Set(roleFiles)) {
    const fileFacts = graph.factsOf(file);
    if (!fileFacts) continue;
    const schemas = new Map<string, SchemaValue>();
    const { roles } = readFileRoles(fileFacts, graph, config.idPattern, shared, (contractId, value) => {
      const json = toJson(value);
      if (json.ok && !schemas.has(contractId)) schemas.set(contractId, json.json);
    });
    for (const role of roles)
      for (const contract of role.contracts) {
        const schema = schemas.get(contract.contractId);
        if (schema !== undefined && !out.has(contract.contractId))
          out.set(contract.contractId, { schema, surfaceHash: contract.surfaceHash });
      }
  }
  return out;
}
