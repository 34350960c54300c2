/**
 * Pure decisions of the environment machine: what a GetEnvironment answer means in each phase,
 * and whether an existing environment matches the requested spec (so a restart adopts it).
 */
import type { Environment, EnvironmentSpec, EnvironmentStatus, EnvironmentUpdate } from '../adapters/port';

/** The phases in which the environment machine polls GetEnvironment. */
export type EnvironmentPhase = 'create' | 'pending' | 'awaitIdle' | 'update' | 'delete';

/** What one observation means for the phase being waited on. */
export type Verdict =
  | 'wait'
  | 'available'
  | 'pending'
  | 'createFailed'
  | 'readyToUpdate'
  | 'cannotUpdate'
  | 'updated'
  | 'rolledBack'
  | 'updateFailed'
  | 'readyToDelete'
  | 'gone'
  | 'missing';

/** Statuses in which MWAA refuses a new operation until the current one ends. */
export const BUSY_STATUSES: ReadonlySet<EnvironmentStatus> = new Set<EnvironmentStatus>([
  'CREATING',
  'UPDATING',
  'CREATING_SNAPSHOT',
  'ROLLING_BACK',
  'DELETING',
  'MAINTENANCE',
]);

/**
 * Classifies one GetEnvironment answer (`null` = not found) for `phase`.
 * Unknown future statuses are treated as "keep waiting": the phase timeout bounds them.
 */
export function classify(phase: EnvironmentPhase, env: Environment | null): Verdict {
  const status = env?.status ?? null;
  switch (phase) {
    case 'create':
    case 'pending':
      if (status === null || status === 'DELETING' || status === 'DELETED') return 'missing';
      if (status === 'AVAILABLE') return 'available';
      if (status === 'CREATE_FAILED') return 'createFailed';
      // PENDING waits for customer-made VPC endpoints; it is its own state, not a failure.
      if (status === 'PENDING') return phase === 'create' ? 'pending' : 'wait';
      return 'wait';
    case 'awaitIdle':
      if (status === null || status === 'DELETING' || status === 'DELETED') return 'missing';
      // UPDATE_FAILED means "rolled back and usable", so a new update may start from it.
      if (status === 'AVAILABLE' || status === 'UPDATE_FAILED') return 'readyToUpdate';
      if (status === 'CREATE_FAILED' || status === 'UNAVAILABLE') return 'cannotUpdate';
      return 'wait';
    case 'update':
      if (status === null || status === 'DELETING' || status === 'DELETED') return 'missing';
      if (status === 'UPDATE_FAILED') return 'rolledBack';
      if (status === 'UNAVAILABLE') return 'updateFailed';
      if (status === 'AVAILABLE') {
        // A failed update can come back AVAILABLE with LastUpdate.Status FAILED: that is a rollback.
        if (env?.lastUpdate?.status === 'FAILED') return 'rolledBack';
        if (env?.lastUpdate?.status === 'PENDING') return 'wait';
        return 'updated';
      }
      return 'wait';
    case 'delete':
      if (status === null || status === 'DELETED') return 'gone';
      if (status === 'DELETING' || (status !== null && BUSY_STATUSES.has(status))) return 'wait';
      return 'readyToDelete';
  }
}

const SCALAR_FIELDS = [
  'executionRoleArn',
  'sourceBucketArn',
  'dagS3Path',
  'pluginsS3Path',
  'pluginsS3ObjectVersion',
  'requirementsS3Path',
  'requirementsS3ObjectVersion',
  'startupScriptS3Path',
  'startupScriptS3ObjectVersion',
  'environmentClass',
  'maxWorkers',
  'minWorkers',
  'minWebservers',
  'maxWebservers',
  'schedulers',
  'kmsKey',
  'airflowVersion',
  'weeklyMaintenanceWindowStart',
  'webserverAccessMode',
  'endpointManagement',
] as const satisfies ReadonlyArray<keyof EnvironmentSpec & keyof Environment>;

/** Spec fields UpdateEnvironment cannot change: a difference in one of them needs a new environment. */
export const FIXED_AT_CREATION_FIELDS: readonly string[] = ['kmsKey', 'endpointManagement', 'networkConfiguration.subnetIds'];

/**
 * The UpdateEnvironment request that brings an existing environment to `spec`, given the fields
 * where they differ ({@link specMismatches}); `null` when a field fixed at creation differs.
 */
export function reconcileUpdate(spec: EnvironmentSpec, mismatches: readonly string[]): EnvironmentUpdate | null {
  if (mismatches.some((field) => FIXED_AT_CREATION_FIELDS.includes(field))) return null;
  const update: EnvironmentUpdate = { name: spec.name };
  const fields = update as unknown as Record<string, unknown>;
  for (const field of mismatches) {
    if (field === 'networkConfiguration.securityGroupIds') update.networkConfiguration = { securityGroupIds: spec.networkConfiguration.securityGroupIds };
    else if (field in spec) fields[field] = (spec as unknown as Record<string, unknown>)[field];
  }
  return update;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Fields where an existing environment differs from the requested spec; empty means "same
 * environment, adopt it". Fields the spec leaves out are service defaults and are not compared.
 * Configuration option values come back redacted (`***`), so only their keys are compared.
 */
export function specMismatches(spec: EnvironmentSpec, env: Environment): string[] {
  const out: string[] = [];
  for (const field of SCALAR_FIELDS) {
    const wanted = spec[field];
    if (wanted !== undefined && env[field] !== undefined && wanted !== env[field]) out.push(field);
  }
  const net = env.networkConfiguration;
  if (net && !sameSet(spec.networkConfiguration.subnetIds, net.subnetIds)) out.push('networkConfiguration.subnetIds');
  if (net && !sameSet(spec.networkConfiguration.securityGroupIds, net.securityGroupIds)) {
    out.push('networkConfiguration.securityGroupIds');
  }
  if (spec.airflowConfigurationOptions && env.airflowConfigurationOptions) {
    if (!sameSet(Object.keys(spec.airflowConfigurationOptions), Object.keys(env.airflowConfigurationOptions))) {
      out.push('airflowConfigurationOptions');
    }
  }
  return out;
}
