/**
 * Pure mapping between the domain types (camelCase, ms-epoch dates) and the MWAA SDK shapes
 * (PascalCase, Date), including the members client-mwaa 3.523.0 does not know.
 */
import type { LoggingConfigurationInput, LoggingConfiguration as SdkLoggingConfiguration } from '@aws-sdk/client-mwaa';
import type {
  Environment,
  EnvironmentSpec,
  EnvironmentStatus,
  EnvironmentUpdate,
  LastUpdate,
  LogModule,
  ModuleLogging,
  WebserverAccessMode,
  WorkerReplacementStrategy,
} from '../port';
import { compact } from './compact';
import type { LatestCreateEnvironmentInput, LatestEnvironment, LatestUpdateEnvironmentInput } from './newFields';

/** Domain log module → SDK member name. */
export const LOG_MODULE_MEMBERS = {
  dagProcessingLogs: 'DagProcessingLogs',
  schedulerLogs: 'SchedulerLogs',
  webserverLogs: 'WebserverLogs',
  workerLogs: 'WorkerLogs',
  taskLogs: 'TaskLogs',
} as const satisfies Record<LogModule, keyof LoggingConfigurationInput>;

const LOG_MODULES = Object.keys(LOG_MODULE_MEMBERS) as LogModule[];

const toMs = (d: Date | undefined): number | undefined => (d instanceof Date ? d.getTime() : undefined);

function loggingToSdk(logging: Partial<Record<LogModule, ModuleLogging>> | undefined): LoggingConfigurationInput | undefined {
  if (logging === undefined) return undefined;
  const out: LoggingConfigurationInput = {};
  for (const module of LOG_MODULES) {
    const entry = logging[module];
    if (entry !== undefined) out[LOG_MODULE_MEMBERS[module]] = { Enabled: entry.enabled, LogLevel: entry.logLevel };
  }
  return out;
}

function loggingFromSdk(logging: SdkLoggingConfiguration | undefined): Partial<Record<LogModule, ModuleLogging>> | undefined {
  if (logging === undefined) return undefined;
  const out: Partial<Record<LogModule, ModuleLogging>> = {};
  for (const module of LOG_MODULES) {
    const entry = logging[LOG_MODULE_MEMBERS[module]];
    if (entry?.Enabled !== undefined && entry.LogLevel !== undefined) {
      out[module] = compact({ enabled: entry.Enabled, logLevel: entry.LogLevel, cloudWatchLogGroupArn: entry.CloudWatchLogGroupArn });
    }
  }
  return out;
}

/** The fields EnvironmentSpec and EnvironmentUpdate share, in SDK form. */
function commonToSdk(x: EnvironmentSpec | EnvironmentUpdate): LatestUpdateEnvironmentInput {
  return compact({
    Name: x.name,
    ExecutionRoleArn: x.executionRoleArn,
    SourceBucketArn: x.sourceBucketArn,
    DagS3Path: x.dagS3Path,
    PluginsS3Path: x.pluginsS3Path,
    PluginsS3ObjectVersion: x.pluginsS3ObjectVersion,
    RequirementsS3Path: x.requirementsS3Path,
    RequirementsS3ObjectVersion: x.requirementsS3ObjectVersion,
    StartupScriptS3Path: x.startupScriptS3Path,
    StartupScriptS3ObjectVersion: x.startupScriptS3ObjectVersion,
    AirflowConfigurationOptions: x.airflowConfigurationOptions,
    EnvironmentClass: x.environmentClass,
    MaxWorkers: x.maxWorkers,
    MinWorkers: x.minWorkers,
    MinWebservers: x.minWebservers,
    MaxWebservers: x.maxWebservers,
    Schedulers: x.schedulers,
    AirflowVersion: x.airflowVersion,
    LoggingConfiguration: loggingToSdk(x.loggingConfiguration),
    WeeklyMaintenanceWindowStart: x.weeklyMaintenanceWindowStart,
    WebserverAccessMode: x.webserverAccessMode,
  });
}

/** EnvironmentSpec → CreateEnvironment input. */
export function createInputFromSpec(spec: EnvironmentSpec): LatestCreateEnvironmentInput {
  return compact({
    ...commonToSdk(spec),
    ExecutionRoleArn: spec.executionRoleArn,
    SourceBucketArn: spec.sourceBucketArn,
    DagS3Path: spec.dagS3Path,
    NetworkConfiguration: {
      SubnetIds: spec.networkConfiguration.subnetIds,
      SecurityGroupIds: spec.networkConfiguration.securityGroupIds,
    },
    KmsKey: spec.kmsKey,
    Tags: spec.tags,
    EndpointManagement: spec.endpointManagement,
  });
}

/** EnvironmentUpdate → UpdateEnvironment input. */
export function updateInputFromUpdate(update: EnvironmentUpdate): LatestUpdateEnvironmentInput {
  return compact({
    ...commonToSdk(update),
    NetworkConfiguration:
      update.networkConfiguration === undefined ? undefined : { SecurityGroupIds: update.networkConfiguration.securityGroupIds },
    WorkerReplacementStrategy: update.workerReplacementStrategy,
  });
}

function lastUpdateFromSdk(lastUpdate: LatestEnvironment['LastUpdate']): LastUpdate | undefined {
  if (lastUpdate === undefined) return undefined;
  return compact({
    status: lastUpdate.Status,
    createdAt: toMs(lastUpdate.CreatedAt),
    error:
      lastUpdate.Error === undefined
        ? undefined
        : compact({ errorCode: lastUpdate.Error.ErrorCode, errorMessage: lastUpdate.Error.ErrorMessage }),
    source: lastUpdate.Source,
    workerReplacementStrategy: lastUpdate.WorkerReplacementStrategy as WorkerReplacementStrategy | undefined,
  });
}

/**
 * GetEnvironment's `Environment` → domain. Statuses and other enums are passed through as AWS
 * spells them (Smithy enums are open); required members AWS omitted become `''`/`[]`/`0`, with
 * `name` falling back to the name that was asked for.
 */
export function environmentFromSdk(env: LatestEnvironment, requestedName: string): Environment {
  return compact({
    name: env.Name ?? requestedName,
    arn: env.Arn ?? '',
    status: (env.Status ?? '') as EnvironmentStatus,
    createdAt: toMs(env.CreatedAt) ?? 0,
    executionRoleArn: env.ExecutionRoleArn ?? '',
    sourceBucketArn: env.SourceBucketArn ?? '',
    dagS3Path: env.DagS3Path ?? '',
    networkConfiguration: {
      subnetIds: env.NetworkConfiguration?.SubnetIds ?? [],
      securityGroupIds: env.NetworkConfiguration?.SecurityGroupIds ?? [],
    },
    serviceRoleArn: env.ServiceRoleArn,
    webserverUrl: env.WebserverUrl,
    kmsKey: env.KmsKey,
    airflowVersion: env.AirflowVersion,
    pluginsS3Path: env.PluginsS3Path,
    pluginsS3ObjectVersion: env.PluginsS3ObjectVersion,
    requirementsS3Path: env.RequirementsS3Path,
    requirementsS3ObjectVersion: env.RequirementsS3ObjectVersion,
    startupScriptS3Path: env.StartupScriptS3Path,
    startupScriptS3ObjectVersion: env.StartupScriptS3ObjectVersion,
    airflowConfigurationOptions: env.AirflowConfigurationOptions,
    environmentClass: env.EnvironmentClass,
    maxWorkers: env.MaxWorkers,
    minWorkers: env.MinWorkers,
    minWebservers: env.MinWebservers,
    maxWebservers: env.MaxWebservers,
    schedulers: env.Schedulers,
    loggingConfiguration: loggingFromSdk(env.LoggingConfiguration),
    weeklyMaintenanceWindowStart: env.WeeklyMaintenanceWindowStart,
    tags: env.Tags,
    webserverAccessMode: env.WebserverAccessMode as WebserverAccessMode | undefined,
    endpointManagement: env.EndpointManagement,
    lastUpdate: lastUpdateFromSdk(env.LastUpdate),
    databaseVpcEndpointService: env.DatabaseVpcEndpointService,
    webserverVpcEndpointService: env.WebserverVpcEndpointService,
    celeryExecutorQueue: env.CeleryExecutorQueue,
  });
}
