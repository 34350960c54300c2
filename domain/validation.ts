/**
 * MWAA's server-side input validation, as pure functions. The simulator answers with these
 * messages, and the machines run the same checks before any AWS call, because the SDK sends
 * anything and a bad request is better caught without a round trip.
 *
 * Constraints follow AWS's published MWAA service model (botocore 1.43,
 * `data/mwaa/2020-07-01/service-2.json`; a trimmed copy is `domain/mwaaModel.json`, and
 * `test/unit/modelFidelity.test.ts` checks every constraint of it against these functions). Model
 * constraints produce the Coral-style text AWS sends (`1 validation error detected: Value 'x' at
 * 'name' failed to satisfy constraint: ...`); rules that live outside the model (documented
 * values and per-class capacity in `capacity.ts`, min <= max, members UpdateEnvironment cannot
 * change) use MWAA's own `Invalid request provided: ...` prefix, whose exact wording for these
 * rules is UNVERIFIED. What AWS decides per account or over time (the Airflow versions it offers,
 * the adjustable worker quota) is not an error here: {@link environmentWarnings} names it.
 */
import { LATEST_AIRFLOW_VERSION, airflowVersionWarning } from './airflowVersions';
import { DEFAULT_ENVIRONMENT_CLASS, ENVIRONMENT_CLASSES, checkCapacity, workerQuotaWarning, type CapacityContext } from './capacity';
import type { EnvironmentSpec, EnvironmentUpdate, LogModule, ModuleLogging } from '../adapters/port';
import {
  MWAA_PATTERNS,
  checkEnum,
  checkInt,
  checkList,
  checkMap,
  checkOptionalString,
  checkString,
  coralMessage,
  first,
  invalidRequest,
  type Problem,
  type StringRule,
} from './validationPrimitives';

export { coralMessage, MWAA_PATTERNS } from './validationPrimitives';
export {
  AIRFLOW_VERSIONS,
  LATEST_AIRFLOW_VERSION,
  RETIRED_AIRFLOW_VERSIONS,
  airflowVersionWarning,
  compareAirflowVersions,
  newestAirflowVersion,
} from './airflowVersions';
export { DEFAULT_WORKER_QUOTA, ENVIRONMENT_CLASSES, checkCapacity, workerQuotaWarning } from './capacity';

const LOG_LEVELS = ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'] as const;
const LOG_MODULES: readonly LogModule[] = ['dagProcessingLogs', 'schedulerLogs', 'webserverLogs', 'workerLogs', 'taskLogs'];
const ACCESS_MODES = ['PRIVATE_ONLY', 'PUBLIC_ONLY', 'PUBLIC_AND_PRIVATE'] as const;
const ENDPOINT_MANAGEMENT = ['CUSTOMER', 'SERVICE'] as const;
const WORKER_REPLACEMENT = ['FORCED', 'GRACEFUL'] as const;

const PATH_RULE: StringRule = { max: 1024, pattern: MWAA_PATTERNS.relativePath };
const OBJECT_VERSION_RULE: StringRule = { max: 1024 };
const ARN_MAX = 1224;
const SUBNET_RULE: StringRule = { max: 1024, pattern: MWAA_PATTERNS.subnetId };
const SECURITY_GROUP_RULE: StringRule = { max: 1024, pattern: MWAA_PATTERNS.securityGroupId };

/**
 * Plugins, requirements and the startup script, each with its S3 object version. The model makes
 * all six optional and independent: a path without a version is accepted (MWAA then uses the
 * object's latest version).
 */
const S3_OBJECTS = [
  ['pluginsS3Path', 'pluginsS3ObjectVersion'],
  ['requirementsS3Path', 'requirementsS3ObjectVersion'],
  ['startupScriptS3Path', 'startupScriptS3ObjectVersion'],
] as const;

/** Members of CreateEnvironment that UpdateEnvironment cannot change (fixed at creation). */
const FIXED_AT_CREATION = ['kmsKey', 'endpointManagement'] as const;

type Shared = Omit<EnvironmentUpdate, 'networkConfiguration' | 'workerReplacementStrategy'> & Partial<Pick<EnvironmentSpec, 'kmsKey'>>;

function checkLogging(logging: Partial<Record<LogModule, ModuleLogging>> | undefined): Problem {
  if (logging === undefined) return null;
  for (const [module, config] of Object.entries(logging) as Array<[string, ModuleLogging | undefined]>) {
    const path = `loggingConfiguration.${module}`;
    if (!LOG_MODULES.includes(module as LogModule)) return coralMessage('loggingConfiguration', module, `Member must satisfy enum value set: [${LOG_MODULES.join(', ')}]`);
    if (config === undefined) continue;
    // ModuleLoggingConfigurationInput requires both Enabled and LogLevel.
    if (typeof config.enabled !== 'boolean') return coralMessage(`${path}.enabled`, config.enabled, 'Member must not be null');
    if (config.logLevel === undefined || config.logLevel === null) return coralMessage(`${path}.logLevel`, null, 'Member must not be null');
    const level = checkEnum(`${path}.logLevel`, config.logLevel, LOG_LEVELS);
    if (level) return level;
  }
  return null;
}

function checkRange(lowName: string, low: number | undefined, highName: string, high: number | undefined): Problem {
  if (low === undefined || high === undefined || low <= high) return null;
  return invalidRequest(`${lowName} (${low}) must be less than or equal to ${highName} (${high}).`);
}

/** Checks every optional field that create and update share, in model order. */
function checkShared(input: Shared, capacity: CapacityContext): Problem {
  return first(
    () => checkOptionalString('executionRoleArn', input.executionRoleArn, { max: ARN_MAX, pattern: MWAA_PATTERNS.executionRoleArn }),
    () => checkOptionalString('sourceBucketArn', input.sourceBucketArn, { max: ARN_MAX, pattern: MWAA_PATTERNS.sourceBucketArn }),
    () => checkOptionalString('dagS3Path', input.dagS3Path, PATH_RULE),
    ...S3_OBJECTS.map(([pathField, versionField]) => () =>
      checkOptionalString(pathField, input[pathField], PATH_RULE) ?? checkOptionalString(versionField, input[versionField], OBJECT_VERSION_RULE),
    ),
    () =>
      input.airflowConfigurationOptions === undefined
        ? null
        : checkMap(
            'airflowConfigurationOptions',
            input.airflowConfigurationOptions,
            { min: 0, max: Number.MAX_SAFE_INTEGER },
            { max: 64, pattern: MWAA_PATTERNS.configKey },
            { max: 65536, pattern: MWAA_PATTERNS.configValue, sensitive: true },
          ),
    () => checkOptionalString('environmentClass', input.environmentClass, { max: 1024 }),
    () =>
      input.environmentClass === undefined || ENVIRONMENT_CLASSES.includes(input.environmentClass)
        ? null
        : invalidRequest(`Environment class ${input.environmentClass} is not supported. Supported classes: ${ENVIRONMENT_CLASSES.join(', ')}.`),
    () => checkInt('maxWorkers', input.maxWorkers, 1),
    () => checkInt('minWorkers', input.minWorkers, 1),
    () => checkRange('MinWorkers', input.minWorkers, 'MaxWorkers', input.maxWorkers),
    () => checkInt('minWebservers', input.minWebservers, 1),
    () => checkInt('maxWebservers', input.maxWebservers, 1),
    () => checkRange('MinWebservers', input.minWebservers, 'MaxWebservers', input.maxWebservers),
    () => checkInt('schedulers', input.schedulers, undefined, 5),
    () => checkOptionalString('kmsKey', input.kmsKey, { max: ARN_MAX, pattern: MWAA_PATTERNS.kmsKey }),
    () => checkOptionalString('airflowVersion', input.airflowVersion, { max: 32, pattern: MWAA_PATTERNS.airflowVersion }),
    () => checkCapacity(input, capacity),
    () => checkLogging(input.loggingConfiguration),
    () => checkOptionalString('weeklyMaintenanceWindowStart', input.weeklyMaintenanceWindowStart, { max: 9, pattern: MWAA_PATTERNS.maintenanceWindow }),
    () => checkEnum('webserverAccessMode', input.webserverAccessMode, ACCESS_MODES),
  );
}

/** A required member: Coral's `Member must not be null`. */
const required = (path: string, value: unknown): Problem =>
  value === undefined || value === null ? coralMessage(path, value, 'Member must not be null') : null;

// --- public API -----------------------------------------------------------------------------

/** The problem with an environment name as AWS words it, or `null` when the name is valid. */
export function validateEnvironmentName(name: string): string | null {
  if (typeof name !== 'string') return coralMessage('name', name, 'Member must not be null');
  return checkString('name', name, { max: 80, pattern: MWAA_PATTERNS.name });
}

/** The first problem with a CreateEnvironment request as AWS's ValidationException words it, or `null`. */
export function validateEnvironmentSpec(spec: EnvironmentSpec): string | null {
  const network: Partial<EnvironmentSpec['networkConfiguration']> = spec.networkConfiguration ?? {};
  return first(
    () => validateEnvironmentName(spec.name),
    () => required('executionRoleArn', spec.executionRoleArn),
    () => required('sourceBucketArn', spec.sourceBucketArn),
    () => required('dagS3Path', spec.dagS3Path),
    () => required('networkConfiguration', spec.networkConfiguration),
    () =>
      checkShared(spec, {
        environmentClass: spec.environmentClass ?? DEFAULT_ENVIRONMENT_CLASS,
        airflowVersion: spec.airflowVersion ?? LATEST_AIRFLOW_VERSION,
      }),
    // Both lists are optional in the model, but an environment cannot run without its subnets and groups.
    () => (network.subnetIds === undefined ? invalidRequest('NetworkConfiguration.SubnetIds is required: an environment needs 2 private subnets.') : null),
    () => checkList('networkConfiguration.subnetIds', network.subnetIds ?? [], 2, 2, SUBNET_RULE),
    () =>
      network.securityGroupIds === undefined
        ? invalidRequest('NetworkConfiguration.SecurityGroupIds is required: an environment needs 1 to 5 security groups.')
        : null,
    () => checkList('networkConfiguration.securityGroupIds', network.securityGroupIds ?? [], 1, 5, SECURITY_GROUP_RULE),
    () =>
      spec.tags === undefined
        ? null
        : checkMap('tags', spec.tags, { min: 1, max: 50 }, { max: 128, pattern: MWAA_PATTERNS.tag }, { max: 256, pattern: MWAA_PATTERNS.tag }),
    () => checkEnum('endpointManagement', spec.endpointManagement, ENDPOINT_MANAGEMENT),
  );
}

/**
 * The first problem with an UpdateEnvironment request as AWS's ValidationException words it, or
 * `null`. Members AWS cannot change after creation (KMS key, endpoint management, subnets) are
 * refused when an untyped caller sends them: the SDK would drop them silently.
 */
export function validateEnvironmentUpdate(update: EnvironmentUpdate): string | null {
  const untyped = update as unknown as Record<string, unknown>;
  const network = update.networkConfiguration as { securityGroupIds?: string[]; subnetIds?: unknown } | undefined;
  return first(
    () => validateEnvironmentName(update.name),
    ...[...FIXED_AT_CREATION, 'subnetIds' as const].map((field) => () => {
      const sent = field === 'subnetIds' ? network?.subnetIds : untyped[field];
      return sent === undefined ? null : invalidRequest(`${field} cannot be updated: it is fixed when the environment is created.`);
    }),
    () => checkShared(update, { environmentClass: update.environmentClass, airflowVersion: update.airflowVersion }),
    () => (network === undefined ? null : required('networkConfiguration.securityGroupIds', network.securityGroupIds)),
    () => (network?.securityGroupIds === undefined ? null : checkList('networkConfiguration.securityGroupIds', network.securityGroupIds, 1, 5, SECURITY_GROUP_RULE)),
    () => checkEnum('workerReplacementStrategy', update.workerReplacementStrategy, WORKER_REPLACEMENT),
  );
}

/**
 * What a valid create or update may still meet at AWS, as warnings (empty when nothing): an Airflow
 * version MWAA is not known to offer, or `maxWorkers` above the default worker quota (25), which
 * AWS refuses unless the account's quota was raised.
 */
export function environmentWarnings(input: Pick<EnvironmentUpdate, 'airflowVersion' | 'maxWorkers'>): string[] {
  const warnings = [
    input.airflowVersion === undefined ? null : airflowVersionWarning(input.airflowVersion),
    workerQuotaWarning(input.maxWorkers),
  ];
  return warnings.filter((w): w is string => w !== null);
}
