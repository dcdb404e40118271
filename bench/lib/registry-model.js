/**
 * The synthetic registry as data: departments, role files of ~50 roles, shared schema modules, and
 * for every role its id, aliases, deprecation and two contracts. Both renderers (TypeScript and
 * .proto) draw from this one model, so the two registries of the peer comparison describe the same
 * roles. Deterministic: the same size and seed always give the same model.
 */
import { seededRandom } from './random.js';

export const DEFAULT_SEED = 20_250_917;
const ROLES_PER_FILE = 50;
/** Constants per shared schema module. */
const SCHEMAS_PER_MODULE = 25;

const DEPARTMENTS = [
  'art',
  'camera',
  'casting',
  'color',
  'direction',
  'distribution',
  'editorial',
  'executive',
  'finance',
  'legal',
  'lighting',
  'locations',
  'marketing',
  'music',
  'post',
  'sound',
  'story',
  'stunts',
  'vfx',
  'wardrobe',
];
const NOUNS = [
  'analyst',
  'assistant',
  'auditor',
  'builder',
  'checker',
  'composer',
  'coordinator',
  'curator',
  'designer',
  'director',
  'editor',
  'engineer',
  'grader',
  'inspector',
  'keeper',
  'lead',
  'librarian',
  'manager',
  'mixer',
  'operator',
  'planner',
  'producer',
  'publisher',
  'reviewer',
  'runner',
  'scheduler',
  'scout',
  'supervisor',
  'technician',
  'writer',
];
const TOOLS = ['cad', 'mood_board', 'light_meter', 'daw', 'nle', 'tracker', 'spreadsheet', 'wiki', 'render_farm', 'slate'];

/** Field constants of the common schema module: name → JSON value (rendered as TS and as proto fields). */
export const COMMON_FIELDS = {
  ID: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
  NAME: { type: 'string', minLength: 1, maxLength: 200 },
  DATE: { type: 'string', format: 'date' },
  TIMESTAMP: { type: 'string', format: 'date-time' },
  COUNT: { type: 'integer', minimum: 0 },
  RATIO: { type: 'number', minimum: 0, maximum: 1 },
  URL: { type: 'string', format: 'uri' },
  FLAG: { type: 'boolean' },
  MONEY: {
    type: 'object',
    properties: { amount: { type: 'number' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
    required: ['amount', 'currency'],
  },
  TAGS: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
};
const FIELD_NAMES = Object.keys(COMMON_FIELDS);
const PROPERTY_NAMES = [
  'id',
  'title',
  'owner',
  'due',
  'updated_at',
  'count',
  'share',
  'link',
  'approved',
  'budget',
  'tags',
  'notes',
  'scene',
  'shot',
  'take',
  'reel',
  'cue',
  'version',
  'status',
  'summary',
];

/**
 * @typedef {{ name: string, field: string }} Property  a property of an object schema, typed by a common field
 * @typedef {{ kind: 'shared', module: number, name: string }
 *   | { kind: 'inline', properties: Property[], required: string[] }
 *   | { kind: 'spread', title: string, properties: Property[], required: string[] }
 *   | { kind: 'local', key: string, module: number, name: string }} SchemaSpec
 * @typedef {{ kind: 'X' | 'C', version: number, schema: SchemaSpec }} ContractSpec
 * @typedef {{ id: string, number: number, variable: string, displayName: string, aliases: string[], idConstant: boolean,
 *   deprecated?: { reason: string, replacedBy: string }, tools: string[], contracts: ContractSpec[] }} RoleSpec
 * @typedef {{ path: string, department: string, index: number, schemaModules: number[], roles: RoleSpec[],
 *   locals: { key: string, module: number, name: string }[] }} RoleFileSpec
 * @typedef {{ index: number, path: string, imports: number[], constants: SchemaConstant[] }} SchemaModuleSpec
 * @typedef {{ name: string, title: string, properties: Property[], required: string[], wraps?: { module: number, name: string } }} SchemaConstant
 */

/**
 * @param {{ roles: number, seed?: number, rolesPerFile?: number }} options
 * @returns {{ roles: number, seed: number, schemaModules: SchemaModuleSpec[], files: RoleFileSpec[] }}
 */
export function registryModel(options) {
  const count = options.roles;
  const seed = options.seed ?? DEFAULT_SEED;
  const perFile = options.rolesPerFile ?? ROLES_PER_FILE;
  const random = seededRandom(seed ^ count);

  const moduleCount = Math.max(2, Math.ceil(count / 500));
  const schemaModules = [];
  for (let m = 0; m < moduleCount; m++) {
    const constants = [];
    // Some constants wrap a constant of the previous module: imports between schema files, followed statically.
    const imports = m > 0 ? [m - 1] : [];
    for (let c = 0; c < SCHEMAS_PER_MODULE; c++) {
      const properties = pickProperties(random, 2 + random.int(4));
      const constant = {
        name: `S${pad(m, 3)}_DOC_${c}_V1`,
        title: `Document ${m}.${c}`,
        properties,
        required: properties.slice(0, 1 + random.int(properties.length)).map((p) => p.name),
      };
      if (m > 0 && c % 5 === 4) constant.wraps = { module: m - 1, name: `S${pad(m - 1, 3)}_DOC_${random.int(SCHEMAS_PER_MODULE)}_V1` };
      constants.push(constant);
    }
    schemaModules.push({ index: m, path: `src/roles/schemas/s${pad(m, 3)}.ts`, imports, constants });
  }

  const files = [];
  const fileCount = Math.ceil(count / perFile);
  let roleIndex = 0;
  for (let f = 0; f < fileCount; f++) {
    const department = DEPARTMENTS[f % DEPARTMENTS.length];
    const size = Math.min(perFile, count - roleIndex);
    const used = random
      .sample(
        schemaModules.map((m) => m.index),
        Math.min(2, schemaModules.length),
      )
      .sort((a, b) => a - b);
    const locals = ['plan', 'report', 'brief'].map((key) => {
      const module = random.pick(used);
      return { key, module, name: `S${pad(module, 3)}_DOC_${random.int(SCHEMAS_PER_MODULE)}_V1` };
    });
    /** @type {RoleSpec[]} */
    const roles = [];
    for (let r = 0; r < size; r++, roleIndex++) {
      const noun = NOUNS[roleIndex % NOUNS.length];
      const id = `${department}_${noun}_${roleIndex}`;
      const role = {
        id,
        // Its enum number in the .proto rendering: fixed at generation, so a removal leaves the others' numbers alone.
        number: r + 1,
        variable: camel(id),
        displayName: `${capital(department)} ${capital(noun)} ${roleIndex}`,
        aliases: random.chance(0.06) ? [`${noun}_${roleIndex}_legacy`] : [],
        idConstant: random.chance(0.1),
        tools: random.sample(TOOLS, 1 + random.int(3)),
        contracts: /** @type {const} */ (['X', 'C']).map((kind) => ({
          kind,
          version: random.chance(0.05) ? 2 : 1,
          schema: pickSchema(random, used, locals),
        })),
      };
      roles.push(role);
    }
    // Deprecations point at a live role of the same file.
    for (const role of roles) {
      if (roles.length > 1 && random.chance(0.03)) {
        const successor = roles.find((other) => other !== role && !other.deprecated);
        if (successor) role.deprecated = { reason: `merged into ${successor.id}`, replacedBy: successor.id };
      }
    }
    files.push({ path: `src/roles/${department}/${department}-${pad(f, 4)}.ts`, department, index: f, schemaModules: used, roles, locals });
  }
  return { roles: count, seed, schemaModules, files };
}

/**
 * The mutations of a timed run: one role removed from the source (ROLE_REMOVED) and one contract
 * whose surface changed under the same contract_id (CONTRACT_DRIFT). Picked deterministically among
 * roles nothing else refers to, so each mutation makes exactly its own finding.
 * @returns {{ removed: { file: number, role: string }, drifted: { file: number, role: string, contractId: string } }}
 */
export function mutationTargets(model) {
  const referenced = new Set(model.files.flatMap((f) => f.roles.flatMap((r) => (r.deprecated ? [r.id, r.deprecated.replacedBy] : []))));
  const plain = (file) => file.roles.filter((r) => !referenced.has(r.id) && r.aliases.length === 0 && !r.idConstant);
  const middle = Math.floor(model.files.length / 2);
  const removedFile = model.files[middle];
  const removedRole = plain(removedFile)[0];
  if (!removedRole) throw new Error('the model has no role fit for removal (too small?)');
  const driftedFileIndex = model.files.length > 1 ? middle - 1 : middle;
  const driftedFile = model.files[driftedFileIndex];
  const driftedRole = plain(driftedFile).find((r) => r.id !== removedRole.id && r.contracts.some((c) => c.schema.kind === 'inline'));
  if (!driftedRole) throw new Error('the model has no role fit for a drift (too small?)');
  const contract = driftedRole.contracts.find((c) => c.schema.kind === 'inline');
  return {
    removed: { file: middle, role: removedRole.id },
    drifted: { file: driftedFileIndex, role: driftedRole.id, contractId: `ROLE:${driftedRole.id}:${contract.kind}:${contract.version}` },
  };
}

/**
 * The model after mutations: `remove` drops a role, `drift` adds a required property to one
 * contract's inline schema (same contract_id, new surface).
 * @param {any} model
 * @param {{ remove?: string, drift?: any }} mutations
 */
export function mutateModel(model, { remove, drift }) {
  return {
    ...model,
    files: model.files.map((file) => ({
      ...file,
      roles: file.roles
        .filter((role) => role.id !== remove)
        .map((role) => {
          if (role.id !== drift?.role) return role;
          return {
            ...role,
            contracts: role.contracts.map((c) =>
              `ROLE:${role.id}:${c.kind}:${c.version}` === drift.contractId
                ? {
                    ...c,
                    schema: {
                      ...c.schema,
                      properties: [...c.schema.properties, { name: 'drifted', field: 'FLAG' }],
                      required: [...c.schema.required, 'drifted'],
                    },
                  }
                : c,
            ),
          };
        }),
    })),
  };
}

function pickSchema(random, modules, locals) {
  const roll = random.next();
  if (roll < 0.4) {
    const module = random.pick(modules);
    return { kind: 'shared', module, name: `S${pad(module, 3)}_DOC_${random.int(SCHEMAS_PER_MODULE)}_V1` };
  }
  if (roll < 0.7) {
    const properties = pickProperties(random, 2 + random.int(4));
    return { kind: 'inline', properties, required: properties.slice(0, 1 + random.int(2)).map((p) => p.name) };
  }
  if (roll < 0.9) {
    const properties = pickProperties(random, 1 + random.int(3));
    return { kind: 'spread', title: `Record ${random.int(1000)}`, properties, required: properties.map((p) => p.name) };
  }
  const local = random.pick(locals);
  return { kind: 'local', ...local };
}

function pickProperties(random, n) {
  return random.sample(PROPERTY_NAMES, n).map((name) => ({ name, field: random.pick(FIELD_NAMES) }));
}

export function pad(n, width) {
  return String(n).padStart(width, '0');
}

function camel(id) {
  return id.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function capital(word) {
  return word[0].toUpperCase() + word.slice(1);
}
