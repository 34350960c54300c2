/**
 * What an MWAA environment is, in the ports' terms: its statuses, the settings a create or update
 * sends, and what GetEnvironment answers. Re-exported by `port.ts`, the one import path for them.
 */

/** The MWAA environment statuses, exactly as the service spells them. */
export const EnvironmentStatus = {
  CREATING: 'CREATING',
  CREATE_FAILED: 'CREATE_FAILED',
  AVAILABLE: 'AVAILABLE',
  PENDING: 'PENDING',
  UPDATING: 'UPDATING',
  CREATING_SNAPSHOT: 'CREATING_SNAPSHOT',
  ROLLING_BACK: 'ROLLING_BACK',
  UPDATE_FAILED: 'UPDATE_FAILED',
  UNAVAILABLE: 'UNAVAILABLE',
  MAINTENANCE: 'MAINTENANCE',
  DELETING: 'DELETING',
  DELETED: 'DELETED',
} as const;
/** The MWAA environment statuses, exactly as the service spells them. */
export type EnvironmentStatus = (typeof EnvironmentStatus)[keyof typeof EnvironmentStatus];

/** `LastUpdate.Status` of an environment. */
export const UpdateStatus = { SUCCESS: 'SUCCESS', PENDING: 'PENDING', FAILED: 'FAILED' } as const;
/** `LastUpdate.Status` of an environment. */
export type UpdateStatus = (typeof UpdateStatus)[keyof typeof UpdateStatus];

/** Who creates the VPC endpoints of an environment. */
export const EndpointManagement = { SERVICE: 'SERVICE', CUSTOMER: 'CUSTOMER' } as const;
/** Who creates the VPC endpoints of an environment. */
export type EndpointManagement = (typeof EndpointManagement)[keyof typeof EndpointManagement];

/** Web server reachability. `PUBLIC_AND_PRIVATE` exists only in newer MWAA API versions. */
export const WebserverAccessMode = {
  PRIVATE_ONLY: 'PRIVATE_ONLY',
  PUBLIC_ONLY: 'PUBLIC_ONLY',
  PUBLIC_AND_PRIVATE: 'PUBLIC_AND_PRIVATE',
} as const;
/** Web server reachability. */
export type WebserverAccessMode = (typeof WebserverAccessMode)[keyof typeof WebserverAccessMode];

/** Airflow log levels. */
export const LoggingLevel = { CRITICAL: 'CRITICAL', ERROR: 'ERROR', WARNING: 'WARNING', INFO: 'INFO', DEBUG: 'DEBUG' } as const;
/** Airflow log levels. */
export type LoggingLevel = (typeof LoggingLevel)[keyof typeof LoggingLevel];

/** How workers are replaced during an update. */
export const WorkerReplacementStrategy = { FORCED: 'FORCED', GRACEFUL: 'GRACEFUL' } as const;
/** How workers are replaced during an update. */
export type WorkerReplacementStrategy = (typeof WorkerReplacementStrategy)[keyof typeof WorkerReplacementStrategy];

/** The Airflow components that log to CloudWatch. */
export type LogModule = 'dagProcessingLogs' | 'schedulerLogs' | 'webserverLogs' | 'workerLogs' | 'taskLogs';

/** Logging of one Airflow component. */
export interface ModuleLogging {
  enabled: boolean;
  logLevel: LoggingLevel;
  /**
   * Output only: the CloudWatch Logs group of an enabled module, as GetEnvironment reports it
   * (`arn:aws:logs:<region>:<account>:log-group:airflow-<EnvName>-<Module>`). MWAA discards it on input.
   */
  cloudWatchLogGroupArn?: string;
}

/** Network placement of an environment: exactly 2 private subnets, 1 to 5 security groups. */
export interface NetworkConfiguration {
  subnetIds: string[];
  securityGroupIds: string[];
}

/** The settings CreateEnvironment and UpdateEnvironment both take, all optional. */
export interface EnvironmentSettings {
  pluginsS3Path?: string;
  pluginsS3ObjectVersion?: string;
  requirementsS3Path?: string;
  requirementsS3ObjectVersion?: string;
  startupScriptS3Path?: string;
  startupScriptS3ObjectVersion?: string;
  /** Airflow configuration overrides; GetEnvironment returns their values redacted as `***`. */
  airflowConfigurationOptions?: Record<string, string>;
  /** `mw1.micro` ... `mw1.2xlarge`. */
  environmentClass?: string;
  maxWorkers?: number;
  minWorkers?: number;
  minWebservers?: number;
  maxWebservers?: number;
  schedulers?: number;
  airflowVersion?: string;
  loggingConfiguration?: Partial<Record<LogModule, ModuleLogging>>;
  /** e.g. `TUE:03:30`. */
  weeklyMaintenanceWindowStart?: string;
  webserverAccessMode?: WebserverAccessMode;
}

/** Everything CreateEnvironment accepts. */
export interface EnvironmentSpec extends EnvironmentSettings {
  /** 1-80 chars, `^[a-zA-Z][0-9a-zA-Z-_]*$`. */
  name: string;
  executionRoleArn: string;
  sourceBucketArn: string;
  dagS3Path: string;
  networkConfiguration: NetworkConfiguration;
  kmsKey?: string;
  tags?: Record<string, string>;
  endpointManagement?: EndpointManagement;
}

/** What UpdateEnvironment accepts: the name plus any changed field. Subnets, KMS key and endpoint management are fixed. */
export interface EnvironmentUpdate extends EnvironmentSettings {
  name: string;
  executionRoleArn?: string;
  sourceBucketArn?: string;
  dagS3Path?: string;
  /** Only security groups can change. */
  networkConfiguration?: { securityGroupIds: string[] };
  workerReplacementStrategy?: WorkerReplacementStrategy;
}

/** The outcome of an environment's most recent create or update. */
export interface LastUpdate {
  status?: UpdateStatus;
  /** ms since the epoch. */
  createdAt?: number;
  error?: { errorCode?: string; errorMessage?: string };
  /** Who started it, e.g. a service maintenance. */
  source?: string;
  workerReplacementStrategy?: WorkerReplacementStrategy;
}

/** An environment as GetEnvironment describes it. */
export interface Environment extends Omit<EnvironmentSpec, 'airflowConfigurationOptions'> {
  arn: string;
  status: EnvironmentStatus;
  /** ms since the epoch. */
  createdAt: number;
  /** The service-linked role the environment runs under. */
  serviceRoleArn?: string;
  webserverUrl?: string;
  /** Option values are redacted as `***`. */
  airflowConfigurationOptions?: Record<string, string>;
  lastUpdate?: LastUpdate;
  databaseVpcEndpointService?: string;
  webserverVpcEndpointService?: string;
  celeryExecutorQueue?: string;
}

