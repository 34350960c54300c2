/**
 * Airflow configuration values (`airflowConfigurationOptions`) hold connection strings and
 * passwords; AWS itself never echoes them. They stay out of everything the machines keep, log or
 * persist: {@link startMachine} moves each clear value into a {@link SecretVault} and hands the
 * machines an opaque handle instead, and the bound create and update actors swap the handles back
 * for the clear values just before the port call. A handle names where a value belongs (region,
 * environment, create or update, key), never the value, so no digest of a secret is stored either,
 * and the same input gives the same handles in every process: restoring a snapshot with the input
 * it was started with refills the vault.
 */
import { createHash } from 'node:crypto';
import { MWAA_PATTERNS } from '../domain/validationPrimitives';

/** What an opaque handle looks like: `secret:v1:` and 16 hex digits. */
export const SECRET_HANDLE = /^secret:v1:[0-9a-f]{16}$/;

/** MWAA's model caps one configuration value at this many characters. */
const VALUE_MAX = 65_536;

/** Where a configuration value belongs; its handle is derived from this alone. */
interface Slot {
  region: string;
  name: string;
  kind: 'spec' | 'update';
  key: string;
}

/** Clear configuration values of one process, by handle. Never serialized, never logged. */
export class SecretVault {
  readonly #values = new Map<string, string>();

  /** Keeps `value` for `slot` and returns its handle (a later value for the same slot replaces it). */
  put(slot: Slot, value: string): string {
    const digest = createHash('sha256').update(JSON.stringify([slot.region, slot.name, slot.kind, slot.key])).digest('hex');
    const handle = `secret:v1:${digest.slice(0, 16)}`;
    this.#values.set(handle, value);
    return handle;
  }

  /** The clear value behind `handle`, or `undefined` when this vault never received it. */
  get(handle: string): string | undefined {
    return this.#values.get(handle);
  }

  /** How many values the vault holds. */
  get size(): number {
    return this.#values.size;
  }

  /** Keeps the values out of `JSON.stringify`, `util.inspect` and string conversion. */
  toJSON(): string {
    return `SecretVault(${this.#values.size} values)`;
  }
}

/** A handle whose value this process does not have: the run stops before any AWS call. */
export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';
  /** Always `invalidInput`: the input lacks what the run needs. */
  readonly result = 'invalidInput' as const;
  constructor(
    /** The configuration key whose value is missing. */
    readonly key: string,
    /** The environment it belongs to (`region/name`), when known. */
    readonly environment: string | null,
  ) {
    super(
      `invalid input: the value of airflowConfigurationOptions "${key}"${environment ? ` of ${environment}` : ''} is not in this process's SecretVault; ` +
        'restore the run with the input it was started with (the CLI reads it from the plan file), or pass bindMachines a vault that holds it',
    );
  }
}

type Options = Record<string, unknown>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const validValue = (v: string): boolean => v.length >= 1 && v.length <= VALUE_MAX && MWAA_PATTERNS.configValue.re.test(v);
/** A value the input checks refuse for the same reason as `v`, without holding `v`. */
const standIn = (v: string): string => (v.length === 0 ? '' : v.length > VALUE_MAX ? ' '.repeat(VALUE_MAX + 1) : '\u0000');

function sealOptions(vault: SecretVault, options: Options, place: Omit<Slot, 'key'>): Options {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => {
      if (typeof value !== 'string' || SECRET_HANDLE.test(value)) return [key, value];
      return [key, validValue(value) ? vault.put({ ...place, key }, value) : standIn(value)];
    }),
  );
}

/** `{ region, spec | update }` with its configuration values sealed; anything else as it was. */
function sealPlace(vault: SecretVault, holder: unknown): unknown {
  if (!isRecord(holder) || typeof holder['region'] !== 'string') return holder;
  const out: Record<string, unknown> = { ...holder };
  for (const kind of ['spec', 'update'] as const) {
    const body = holder[kind];
    if (!isRecord(body) || typeof body['name'] !== 'string' || !isRecord(body['airflowConfigurationOptions'])) continue;
    out[kind] = { ...body, airflowConfigurationOptions: sealOptions(vault, body['airflowConfigurationOptions'], { region: holder['region'], name: body['name'], kind }) };
  }
  return out;
}

/**
 * A copy of a machine's input (the environment machine's `{ region, spec | update }` or the
 * account machine's `environments`) in which every clear configuration value is in `vault` and
 * replaced by its handle. A value the input checks would refuse is replaced by a stand-in they
 * refuse for the same reason. Malformed input is returned as it is, for the machine to refuse.
 */
export function sealInput<T>(vault: SecretVault, input: T): T {
  try {
    if (!isRecord(input)) return input;
    const sealed = sealPlace(vault, input) as Record<string, unknown>;
    if (Array.isArray(input['environments'])) sealed['environments'] = input['environments'].map((e: unknown) => sealPlace(vault, e));
    return sealed as T;
  } catch {
    return input;
  }
}

/**
 * The clear configuration values for a port call: every handle replaced by its value. Values
 * that are not handles pass unchanged (an actor created without {@link sealInput}).
 * Throws {@link MissingSecretError} for a handle the vault lacks.
 */
export function revealOptions(vault: SecretVault, options: Record<string, string> | undefined, environment: string): Record<string, string> | undefined {
  if (options === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => {
      if (!SECRET_HANDLE.test(value)) return [key, value];
      const clear = vault.get(value);
      if (clear === undefined) throw new MissingSecretError(key, environment);
      return [key, clear];
    }),
  );
}

/** `body` (a spec or an update) with its configuration values revealed; see {@link revealOptions}. */
export function revealBody<T extends { name: string; airflowConfigurationOptions?: Record<string, string> }>(vault: SecretVault, region: string, body: T): T {
  if (body.airflowConfigurationOptions === undefined) return body;
  return { ...body, airflowConfigurationOptions: revealOptions(vault, body.airflowConfigurationOptions, `${region}/${body.name}`) };
}

/**
 * The first handle anywhere in a persisted snapshot that `vault` cannot resolve, as the error a
 * restore must stop with, or `null` when every one resolves.
 */
export function missingSecret(vault: SecretVault, snapshot: unknown): MissingSecretError | null {
  const seen = new Set<unknown>();
  const visit = (node: unknown, region: string | null): MissingSecretError | null => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return null;
    seen.add(node);
    const here = isRecord(node) && typeof node['region'] === 'string' ? node['region'] : region;
    if (isRecord(node) && isRecord(node['airflowConfigurationOptions'])) {
      const name = typeof node['name'] === 'string' ? node['name'] : null;
      for (const [key, value] of Object.entries(node['airflowConfigurationOptions'])) {
        if (typeof value === 'string' && SECRET_HANDLE.test(value) && vault.get(value) === undefined) {
          return new MissingSecretError(key, name === null ? null : `${here ?? '?'}/${name}`);
        }
      }
    }
    for (const child of Object.values(node)) {
      const found = visit(child, here);
      if (found) return found;
    }
    return null;
  };
  return visit(snapshot, null);
}

const vaults = new WeakMap<object, SecretVault>();

/** Ties bound machine logic to its vault, so {@link startMachine} seals their inputs into it. */
export function attachVault(logic: object, vault: SecretVault): void {
  vaults.set(logic, vault);
}

/** The vault `bindMachines` tied to `logic`, if any. */
export function vaultOf(logic: object): SecretVault | undefined {
  return vaults.get(logic);
}
