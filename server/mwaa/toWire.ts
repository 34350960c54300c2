/**
 * The domain environment → GetEnvironment's `Environment` as the current MWAA API sends it:
 * PascalCase members, dates in epoch seconds, absent fields left out.
 */
import type { Environment, LastUpdate, LogModule } from '../../adapters/port';
import { LOG_MODULE_WIRE } from './fromWire';
import { defined, type JsonObject } from './members';

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

function loggingToWire(logging: Environment['loggingConfiguration']): JsonObject | undefined {
  if (logging === undefined) return undefined;
  const out: JsonObject = {};
  for (const [module, member] of Object.entries(LOG_MODULE_WIRE) as Array<[LogModule, string]>) {
    const entry = logging[module];
    if (entry !== undefined) out[member] = defined({ Enabled: entry.enabled, LogLevel: entry.logLevel, CloudWatchLogGroupArn: entry.cloudWatchLogGroupArn });
  }
  return out;
}

function lastUpdateToWire(lastUpdate: LastUpdate | undefined): JsonObject | undefined {
  if (lastUpdate === undefined) return undefined;
  return defined({
    Status: lastUpdate.status,
    CreatedAt: seconds(lastUpdate.createdAt),
    Error: lastUpdate.error === undefined ? undefined : defined({ ErrorCode: lastUpdate.error.errorCode, ErrorMessage: lastUpdate.error.errorMessage }),
    Source: lastUpdate.source,
    WorkerReplacementStrategy: lastUpdate.workerReplacementStrategy,
  });
}

/** A domain environment → the `Environment` member of a GetEnvironment answer. */
export function environmentToWire(env: Environment): JsonObject {
  return defined({
    Name: env.name,
    Arn: env.arn,
    Status: env.status,
    CreatedAt: seconds(env.createdAt),
    ExecutionRoleArn: env.executionRoleArn,
    ServiceRoleArn: env.serviceRoleArn,
    WebserverUrl: env.webserverUrl,
    SourceBucketArn: env.sourceBucketArn,
    DagS3Path: env.dagS3Path,
    PluginsS3Path: env.pluginsS3Path,
    PluginsS3ObjectVersion: env.pluginsS3ObjectVersion,
    RequirementsS3Path: env.requirementsS3Path,
    RequirementsS3ObjectVersion: env.requirementsS3ObjectVersion,
    StartupScriptS3Path: env.startupScriptS3Path,
    StartupScriptS3ObjectVersion: env.startupScriptS3ObjectVersion,
    AirflowConfigurationOptions: env.airflowConfigurationOptions,
    EnvironmentClass: env.environmentClass,
    MaxWorkers: env.maxWorkers,
    MinWorkers: env.minWorkers,
    MinWebservers: env.minWebservers,
    MaxWebservers: env.maxWebservers,
    Schedulers: env.schedulers,
    KmsKey: env.kmsKey,
    AirflowVersion: env.airflowVersion,
    NetworkConfiguration: { SubnetIds: env.networkConfiguration.subnetIds, SecurityGroupIds: env.networkConfiguration.securityGroupIds },
    LoggingConfiguration: loggingToWire(env.loggingConfiguration),
    WeeklyMaintenanceWindowStart: env.weeklyMaintenanceWindowStart,
    Tags: env.tags,
    WebserverAccessMode: env.webserverAccessMode,
    EndpointManagement: env.endpointManagement,
    LastUpdate: lastUpdateToWire(env.lastUpdate),
    DatabaseVpcEndpointService: env.databaseVpcEndpointService,
    WebserverVpcEndpointService: env.webserverVpcEndpointService,
    CeleryExecutorQueue: env.celeryExecutorQueue,
  });
}
