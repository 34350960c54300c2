/**
 * MWAA request bodies (PascalCase JSON) → the domain's create spec and update. Written apart from
 * the SDK adapter's own mapping on purpose: a mapping mistake in the adapter must not be mirrored
 * by the endpoint that checks it. Beyond JSON types and required members nothing is validated
 * here; the simulated MWAA validates values as AWS does.
 */
import type {
  EndpointManagement,
  EnvironmentSpec,
  EnvironmentUpdate,
  LoggingLevel,
  LogModule,
  ModuleLogging,
  WebserverAccessMode,
  WorkerReplacementStrategy,
} from '../../adapters/port';
import { defined, missing, optBool, optInt, optObject, optString, optStringList, optStringMap, type JsonObject } from './members';

/** Wire member of each domain log module. */
export const LOG_MODULE_WIRE: Readonly<Record<LogModule, string>> = {
  dagProcessingLogs: 'DagProcessingLogs',
  schedulerLogs: 'SchedulerLogs',
  webserverLogs: 'WebserverLogs',
  workerLogs: 'WorkerLogs',
  taskLogs: 'TaskLogs',
};

function loggingFromWire(body: JsonObject): Partial<Record<LogModule, ModuleLogging>> | undefined {
  const wire = optObject(body, 'LoggingConfiguration');
  if (wire === undefined) return undefined;
  const out: Partial<Record<LogModule, ModuleLogging>> = {};
  for (const [module, member] of Object.entries(LOG_MODULE_WIRE) as Array<[LogModule, string]>) {
    const entry = optObject(wire, member);
    if (entry === undefined) continue;
    const enabled = optBool(entry, 'Enabled');
    const logLevel = optString(entry, 'LogLevel');
    if (enabled === undefined) throw missing(`loggingConfiguration.${module}.enabled`);
    if (logLevel === undefined) throw missing(`loggingConfiguration.${module}.logLevel`);
    // Enums are open on the wire; the simulated MWAA checks the value.
    out[module] = { enabled, logLevel: logLevel as LoggingLevel };
  }
  return out;
}

/** The members CreateEnvironment and UpdateEnvironment share, in domain form. */
function sharedFromWire(body: JsonObject): Omit<EnvironmentUpdate, 'name' | 'networkConfiguration' | 'workerReplacementStrategy'> {
  return defined({
    executionRoleArn: optString(body, 'ExecutionRoleArn'),
    sourceBucketArn: optString(body, 'SourceBucketArn'),
    dagS3Path: optString(body, 'DagS3Path'),
    pluginsS3Path: optString(body, 'PluginsS3Path'),
    pluginsS3ObjectVersion: optString(body, 'PluginsS3ObjectVersion'),
    requirementsS3Path: optString(body, 'RequirementsS3Path'),
    requirementsS3ObjectVersion: optString(body, 'RequirementsS3ObjectVersion'),
    startupScriptS3Path: optString(body, 'StartupScriptS3Path'),
    startupScriptS3ObjectVersion: optString(body, 'StartupScriptS3ObjectVersion'),
    airflowConfigurationOptions: optStringMap(body, 'AirflowConfigurationOptions'),
    environmentClass: optString(body, 'EnvironmentClass'),
    maxWorkers: optInt(body, 'MaxWorkers'),
    minWorkers: optInt(body, 'MinWorkers'),
    minWebservers: optInt(body, 'MinWebservers'),
    maxWebservers: optInt(body, 'MaxWebservers'),
    schedulers: optInt(body, 'Schedulers'),
    airflowVersion: optString(body, 'AirflowVersion'),
    loggingConfiguration: loggingFromWire(body),
    weeklyMaintenanceWindowStart: optString(body, 'WeeklyMaintenanceWindowStart'),
    webserverAccessMode: optString(body, 'WebserverAccessMode') as WebserverAccessMode | undefined,
  });
}

/** A CreateEnvironment body (the name comes from the path) → the domain spec. */
export function specFromWire(name: string, body: JsonObject): EnvironmentSpec {
  const required = <T>(path: string, value: T | undefined): T => {
    if (value === undefined) throw missing(path);
    return value;
  };
  const shared = sharedFromWire(body);
  // Checked in the simulated MWAA's order, so the first missing member is the one both would name.
  const executionRoleArn = required('executionRoleArn', shared.executionRoleArn);
  const sourceBucketArn = required('sourceBucketArn', shared.sourceBucketArn);
  const dagS3Path = required('dagS3Path', shared.dagS3Path);
  const network = required('networkConfiguration', optObject(body, 'NetworkConfiguration'));
  return defined({
    ...shared,
    name,
    executionRoleArn,
    sourceBucketArn,
    dagS3Path,
    networkConfiguration: {
      subnetIds: optStringList(network, 'SubnetIds') ?? [],
      securityGroupIds: optStringList(network, 'SecurityGroupIds') ?? [],
    },
    kmsKey: optString(body, 'KmsKey'),
    tags: optStringMap(body, 'Tags'),
    endpointManagement: optString(body, 'EndpointManagement') as EndpointManagement | undefined,
  });
}

/** An UpdateEnvironment body (the name comes from the path) → the domain update. */
export function updateFromWire(name: string, body: JsonObject): EnvironmentUpdate {
  const network = optObject(body, 'NetworkConfiguration');
  return defined({
    ...sharedFromWire(body),
    name,
    networkConfiguration: network === undefined ? undefined : { securityGroupIds: optStringList(network, 'SecurityGroupIds') ?? [] },
    workerReplacementStrategy: optString(body, 'WorkerReplacementStrategy') as WorkerReplacementStrategy | undefined,
  });
}
