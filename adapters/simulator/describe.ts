/**
 * The members GetEnvironment carries although the request did not set them: MWAA's defaults for
 * logging and the maintenance window, and the CloudWatch log group of every enabled log module.
 */
import { partitionOfRegion } from '../../domain/partitions';
import type { LogModule, ModuleLogging } from '../port';
import type { EnvironmentRecord } from './world';

/**
 * The logging MWAA gives an environment whose request leaves a module out: task logs on at INFO,
 * every other module off at INFO. UNVERIFIED against a real GetEnvironment: these are the
 * defaults Terraform's `aws_mwaa_environment` documents, which follow what the API reports.
 */
export const DEFAULT_LOGGING: Readonly<Record<LogModule, Readonly<ModuleLogging>>> = Object.freeze({
  dagProcessingLogs: Object.freeze({ enabled: false, logLevel: 'INFO' }),
  schedulerLogs: Object.freeze({ enabled: false, logLevel: 'INFO' }),
  webserverLogs: Object.freeze({ enabled: false, logLevel: 'INFO' }),
  workerLogs: Object.freeze({ enabled: false, logLevel: 'INFO' }),
  taskLogs: Object.freeze({ enabled: true, logLevel: 'INFO' }),
});

/**
 * The WeeklyMaintenanceWindowStart GetEnvironment reports when the request named none.
 * UNVERIFIED value: MWAA assigns one, but which (fixed or drawn per environment) is unknown.
 */
export const DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START = 'SUN:03:00';

/** The suffix of each module's log group name, `airflow-<EnvName>-<suffix>`. */
export const LOG_GROUP_SUFFIX: Readonly<Record<LogModule, string>> = Object.freeze({
  dagProcessingLogs: 'DAGProcessing',
  schedulerLogs: 'Scheduler',
  webserverLogs: 'WebServer',
  workerLogs: 'Worker',
  taskLogs: 'Task',
});

const LOG_MODULES = Object.keys(LOG_GROUP_SUFFIX) as LogModule[];

/** The ARN of a module's CloudWatch Logs group. */
export function logGroupArn(region: string, accountId: string, environmentName: string, module: LogModule): string {
  return `arn:${partitionOfRegion(region)}:logs:${region}:${accountId}:log-group:airflow-${environmentName}-${LOG_GROUP_SUFFIX[module]}`;
}

/**
 * The logging of a new environment: every module, the requested ones as asked (without the
 * output-only log group ARN, which MWAA discards on input), the others as {@link DEFAULT_LOGGING}.
 */
export function loggingWithDefaults(requested: Partial<Record<LogModule, ModuleLogging>> | undefined): Record<LogModule, ModuleLogging> {
  const out = {} as Record<LogModule, ModuleLogging>;
  for (const module of LOG_MODULES) {
    const asked = requested?.[module];
    out[module] = asked ? { enabled: asked.enabled, logLevel: asked.logLevel } : { ...DEFAULT_LOGGING[module] };
  }
  return out;
}

/**
 * GetEnvironment's LoggingConfiguration: each module as configured, with the log group ARN on the
 * enabled ones only (CloudFormation: "the log group for each ... log type that you have enabled").
 */
export function describedLogging(env: EnvironmentRecord): Partial<Record<LogModule, ModuleLogging>> | undefined {
  const logging = env.spec.loggingConfiguration;
  if (logging === undefined) return undefined;
  const out: Partial<Record<LogModule, ModuleLogging>> = {};
  for (const module of LOG_MODULES) {
    const entry = logging[module];
    if (entry === undefined) continue;
    out[module] = { enabled: entry.enabled, logLevel: entry.logLevel };
    if (entry.enabled) out[module].cloudWatchLogGroupArn = logGroupArn(env.region, env.accountId, env.name, module);
  }
  return out;
}
