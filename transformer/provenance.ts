/**
 * `role-registry/provenance` as shipped: the module every build path replaces. Reached un-replaced
 * (plain `tsc`, a bundler without the plugin), it must never yield a placeholder: any read of
 * `REGISTRY_PROVENANCE` throws an error that names the missing build step and links the docs.
 * Loads no engine code and no Node module, so it behaves the same in a browser bundle.
 */
import { MISSING_BUILD_STEP_MESSAGE, PROVENANCE_DOCS_URL } from '../src/provenance/docs.js';
import type { RegistryProvenance } from '../src/provenance/value.js';
import { recordFrom, type OutputRecord } from '../src/provenance/output-record.js';

export type { ActiveContract, RegistryProvenance } from '../src/provenance/value.js';
export { OUTPUT_RECORD_FORMAT, recordFrom, UnknownContractError, type OutputRecord } from '../src/provenance/output-record.js';

/** Thrown when `REGISTRY_PROVENANCE` is read in a build that did not fill it in. */
export class ProvenanceNotBuiltError extends Error {
  readonly code = 'ROLE_REGISTRY_PROVENANCE_NOT_BUILT';
  readonly docs = PROVENANCE_DOCS_URL;

  constructor() {
    super(MISSING_BUILD_STEP_MESSAGE);
    this.name = 'ProvenanceNotBuiltError';
  }
}

const refuse = (): never => {
  throw new ProvenanceNotBuiltError();
};

/** Every way of looking into the object throws: property reads, `in`, key listing, JSON, spreading. */
const notBuilt: ProxyHandler<object> = {
  get: refuse,
  has: refuse,
  ownKeys: refuse,
  getOwnPropertyDescriptor: refuse,
  getPrototypeOf: refuse,
  set: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
  setPrototypeOf: refuse,
  isExtensible: refuse,
  preventExtensions: refuse,
};

/**
 * Node's `util.inspect` (console.log) looks at a proxy's target without running traps; the
 * target's custom inspector makes that throw the same error instead of printing an empty object.
 */
const target: object = Object.assign(Object.create(null) as object, { [Symbol.for('nodejs.util.inspect.custom')]: refuse });

export const REGISTRY_PROVENANCE: RegistryProvenance = new Proxy(target, notBuilt) as RegistryProvenance;

/**
 * The record a role job attaches to one output made under `contractId` (docs/provenance.md). Every
 * build path replaces it with one bound to the value it filled in; reached here, un-built, it
 * throws the same `ProvenanceNotBuiltError` as reading `REGISTRY_PROVENANCE`.
 */
export function recordFor(contractId: string): OutputRecord {
  return recordFrom(REGISTRY_PROVENANCE, contractId);
}
