/**
 * The runner keeps every lifecycle's input in its database, so it never takes one that carries
 * Airflow configuration values (they may hold passwords and connection strings). Plans with such
 * values are refused before anything is written; the role's deletion gate needs only the
 * environments' networks, so their configuration is left out of its input.
 */
import type { ManagedEnvironment } from '../machines/account.types';
import type { LifecycleRequest } from './lifecycles';

/** A lifecycle input that would put Airflow configuration values at rest; a RangeError, so the CLI answers with the usage exit code. */
export class ConfigurationValuesRefusedError extends RangeError {
  override readonly name = 'ConfigurationValuesRefusedError';
}

const valuesOf = (request: LifecycleRequest): Record<string, string> | undefined => {
  if (request.kind === 'environment') {
    const { input } = request;
    if (input.operation === 'create') return input.spec.airflowConfigurationOptions;
    if (input.operation === 'update') return input.update.airflowConfigurationOptions;
    return undefined;
  }
  if (request.kind === 'gate') {
    const found = (request.input.environments ?? []).find((e) => Object.keys(e.spec.airflowConfigurationOptions ?? {}).length > 0);
    return found?.spec.airflowConfigurationOptions;
  }
  return undefined;
};

const nameOf = (request: LifecycleRequest): string =>
  request.kind === 'environment' ? `${request.input.operation === 'create' ? request.input.spec.name : request.input.operation === 'update' ? request.input.update.name : request.input.name}` : `the ${request.kind} of account ${request.account}`;

/** Throws a {@link ConfigurationValuesRefusedError} naming the first request whose input holds Airflow configuration values. */
export function refuseConfigurationValues(requests: readonly LifecycleRequest[]): void {
  for (const request of requests) {
    const values = valuesOf(request);
    if (values === undefined || Object.keys(values).length === 0) continue;
    throw new ConfigurationValuesRefusedError(
      `${nameOf(request)}: the runner stores lifecycle inputs in its database and never stores Airflow configuration values ` +
        `(${Object.keys(values).sort().join(', ')}); leave airflowConfigurationOptions out of the submitted plan and set them with \`apply\`, ` +
        'which keeps them in memory only, or point Airflow at a secrets backend',
    );
  }
}

/** The environments with their Airflow configuration left out: what the gate's survey needs, and nothing it must not store. */
export function withoutConfiguration(environments: readonly ManagedEnvironment[]): ManagedEnvironment[] {
  return environments.map((e) => {
    const { airflowConfigurationOptions: _left, ...spec } = e.spec;
    return { ...e, spec };
  });
}
