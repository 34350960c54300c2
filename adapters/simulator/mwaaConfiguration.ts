/**
 * The configuration the simulated MWAA keeps for an environment: a new one's request plus MWAA's
 * documented defaults, and the result of applying an update to it.
 */
import type { EnvironmentSpec, EnvironmentUpdate, ModuleLogging } from '../port';
import { DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START, loggingWithDefaults } from './describe';

/** The configuration MWAA reports for a new environment: the request plus the documented defaults. */
export function withDefaults(spec: EnvironmentSpec, airflowVersion: string): EnvironmentSpec {
  const micro = spec.environmentClass === 'mw1.micro';
  const full: EnvironmentSpec = structuredClone({
    environmentClass: 'mw1.small',
    airflowVersion,
    minWorkers: 1,
    maxWorkers: micro ? 1 : 10,
    schedulers: micro ? 1 : 2,
    minWebservers: micro ? 1 : 2,
    maxWebservers: micro ? 1 : 2,
    webserverAccessMode: 'PRIVATE_ONLY',
    endpointManagement: 'SERVICE',
    weeklyMaintenanceWindowStart: DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START,
    ...spec,
  });
  // GetEnvironment reports every log module (and `Tags: {}`, added when describing: requests may not send it).
  full.loggingConfiguration = loggingWithDefaults(spec.loggingConfiguration);
  return full;
}

/** The configuration an update asks for: changed fields replace, logging merges per module, subnets stay. */
export function merge(current: EnvironmentSpec, update: EnvironmentUpdate): EnvironmentSpec {
  const { name: _name, networkConfiguration, workerReplacementStrategy: _strategy, loggingConfiguration, ...changes } = update;
  const next: EnvironmentSpec = structuredClone(current);
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = structuredClone(value);
  }
  if (networkConfiguration) next.networkConfiguration = { ...next.networkConfiguration, securityGroupIds: [...networkConfiguration.securityGroupIds] };
  if (loggingConfiguration) {
    const logging: Record<string, ModuleLogging | undefined> = { ...next.loggingConfiguration };
    for (const [module, config] of Object.entries(loggingConfiguration)) if (config) logging[module] = { ...config };
    next.loggingConfiguration = logging;
  }
  return next;
}
