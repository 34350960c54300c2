/**
 * MWAA's server-side input validation, as pure functions. The simulator answers with these
 * messages, and the machines run the same checks before any AWS call, because the SDK sends
 * anything and a bad request is better caught without a round trip.
 *
 * Constraints follow the MWAA API model, with its latest additions (micro class, Airflow 3). Model
 * constraints produce the Coral-style text AWS sends (`1 validation error detected: Value 'x' at
 * 'name' failed to satisfy constraint: ...`); rules that live outside the model (documented
 * values, min <= max, object versions) use MWAA's own `Invalid request provided: ...` prefix,
 * whose exact wording for these rules is UNVERIFIED.
 */
import type { EnvironmentSpec, EnvironmentUpdate, LogModule, ModuleLogging } from './port';

/** A model pattern: the text AWS prints in the message, and the same rule as a full-match RegExp. */
interface Pattern {
  text: string;
  re: RegExp;
}

const pattern = (text: string, re: RegExp): Pattern => ({ text, re });
const PARTITION = 'arn:aws(-[a-z]+)?';

/** The model patterns of CreateEnvironment, as AWS prints them. */
export const MWAA_PATTERNS = {
  name: pattern('^[a-zA-Z][0-9a-zA-Z-_]*$', /^[a-zA-Z][0-9a-zA-Z_-]*$/),
  executionRoleArn: pattern(`${PARTITION}:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`, /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@_/-]+$/),
  sourceBucketArn: pattern(`${PARTITION}:s3:::[a-z0-9.\\-]+`, /^arn:aws(-[a-z]+)?:s3:::[a-z0-9.-]+$/),
  subnetId: pattern('subnet-[a-zA-Z0-9\\-._]+', /^subnet-[a-zA-Z0-9._-]+$/),
  securityGroupId: pattern('sg-[a-zA-Z0-9\\-._]+', /^sg-[a-zA-Z0-9._-]+$/),
  configKey: pattern('^[a-z]+([a-z0-9._]*[a-z0-9_]+)?$', /^[a-z]+([a-z0-9._]*[a-z0-9_]+)?$/),
  configValue: pattern('^[ -~]+$', /^[ -~]+$/),
  kmsKey: pattern(
    `^(((${PARTITION}:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?key\\/)?[a-f\\d]{8}-[a-f\\d]{4}-[a-f\\d]{4}-[a-f\\d]{4}-[a-f\\d]{12}|(${PARTITION}:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?alias/.+)$`,
    /^(((arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\d:\d+:)?key\/)?[a-f\d]{8}-[a-f\d]{4}-[a-f\d]{4}-[a-f\d]{4}-[a-f\d]{12}|(arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\d:\d+:)?alias\/.+)$/,
  ),
  airflowVersion: pattern('^[0-9a-z.]+$', /^[0-9a-z.]+$/),
  maintenanceWindow: pattern(
    '.*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*',
    /^.*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30).*$/,
  ),
  tag: pattern('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$', /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u),
} as const;

/** Environment classes MWAA documents (`mw1.micro` is the newest). */
export const ENVIRONMENT_CLASSES: readonly string[] = ['mw1.micro', 'mw1.small', 'mw1.medium', 'mw1.large', 'mw1.xlarge', 'mw1.2xlarge'];

/** Airflow versions MWAA has documented: the current list plus the older ones still in the SDK and the API model. */
export const AIRFLOW_VERSIONS: readonly string[] = [
  '1.10.12',
  '2.0.2',
  '2.2.2',
  '2.4.3',
  '2.5.1',
  '2.6.3',
  '2.7.2',
  '2.8.1',
  '2.9.2',
  '2.10.1',
  '2.10.3',
  '2.11.0',
  '3.0.6',
];

const LOG_LEVELS = ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'] as const;
const LOG_MODULES: readonly LogModule[] = ['dagProcessingLogs', 'schedulerLogs', 'webserverLogs', 'workerLogs', 'taskLogs'];
const ACCESS_MODES = ['PRIVATE_ONLY', 'PUBLIC_ONLY', 'PUBLIC_AND_PRIVATE'] as const;
const ENDPOINT_MANAGEMENT = ['CUSTOMER', 'SERVICE'] as const;
const WORKER_REPLACEMENT = ['FORCED', 'GRACEFUL'] as const;

type Problem = string | null;

// --- message builders -----------------------------------------------------------------------

/** Java-style rendering of a value, as Coral prints lists (`[a, b]`) and maps (`{k=v}`). */
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * One Coral validation message. Sensitive members (Airflow configuration values) are printed
 * without their value, as AWS does for `@sensitive` shapes.
 */
export function coralMessage(path: string, value: unknown, constraint: string, sensitive = false): string {
  // Coral prints a missing member as a bare `null`, everything else quoted.
  const what = sensitive ? 'Value' : value === undefined || value === null ? 'Value null' : `Value '${render(value)}'`;
  return `1 validation error detected: ${what} at '${path}' failed to satisfy constraint: ${constraint}`;
}

const invalidRequest = (detail: string): string => `Invalid request provided: ${detail}`;

// --- primitive checks -----------------------------------------------------------------------

interface StringRule {
  min?: number;
  max: number;
  pattern?: Pattern;
  sensitive?: boolean;
}

function checkString(path: string, value: string, rule: StringRule): Problem {
  const min = rule.min ?? 1;
  const sensitive = rule.sensitive ?? false;
  if (value.length < min) return coralMessage(path, value, `Member must have length greater than or equal to ${min}`, sensitive);
  if (value.length > rule.max) return coralMessage(path, value, `Member must have length less than or equal to ${rule.max}`, sensitive);
  if (rule.pattern && !rule.pattern.re.test(value)) {
    return coralMessage(path, value, `Member must satisfy regular expression pattern: ${rule.pattern.text}`, sensitive);
  }
  return null;
}

function checkOptionalString(path: string, value: string | undefined, rule: StringRule): Problem {
  return value === undefined ? null : checkString(path, value, rule);
}

function checkInt(path: string, value: number | undefined, min: number, max?: number): Problem {
  if (value === undefined) return null;
  if (!Number.isInteger(value)) return coralMessage(path, value, 'Member must be an integer');
  if (value < min) return coralMessage(path, value, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max) return coralMessage(path, value, `Member must have value less than or equal to ${max}`);
  return null;
}

function checkEnum(path: string, value: string | undefined, values: readonly string[]): Problem {
  if (value === undefined || values.includes(value)) return null;
  return coralMessage(path, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
}

function checkList(path: string, list: readonly string[], min: number, max: number, member: StringRule): Problem {
  if (list.length < min) return coralMessage(path, list, `Member must have length greater than or equal to ${min}`);
  if (list.length > max) return coralMessage(path, list, `Member must have length less than or equal to ${max}`);
  for (const [i, item] of list.entries()) {
    const problem = checkString(`${path}.${i + 1}.member`, item, member);
    if (problem) return problem;
  }
  return null;
}

/** Map entries: keys and values each checked, with Coral's `Map keys must satisfy constraint: [...]` wrapper. */
function checkMap(path: string, map: Record<string, string>, size: { min: number; max: number }, key: StringRule, value: StringRule): Problem {
  const entries = Object.entries(map);
  if (entries.length < size.min) return coralMessage(path, map, `Member must have length greater than or equal to ${size.min}`, value.sensitive);
  if (entries.length > size.max) return coralMessage(path, map, `Member must have length less than or equal to ${size.max}`, value.sensitive);
  for (const [k, v] of entries) {
    const keyProblem = checkString(path, k, key);
    if (keyProblem) return coralMessage(path, map, `Map keys must satisfy constraint: [${constraintOf(keyProblem)}]`, value.sensitive);
    const valueProblem = checkString(path, v, value);
    if (valueProblem) return coralMessage(path, map, `Map value must satisfy constraint: [${constraintOf(valueProblem)}]`, value.sensitive);
  }
  return null;
}

const constraintOf = (message: string): string => message.replace(/^.*failed to satisfy constraint: /, '');

const first = (...checks: Array<() => Problem>): Problem => {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
};

// --- field groups shared by create and update ------------------------------------------------

const PATH_RULE: StringRule = { max: 1024 };
const ARN_MAX = 1224;

/** Paths to S3 objects whose version must accompany them (documented for plugins, requirements and the startup script). */
const VERSIONED_PATHS = [
  ['pluginsS3Path', 'pluginsS3ObjectVersion'],
  ['requirementsS3Path', 'requirementsS3ObjectVersion'],
  ['startupScriptS3Path', 'startupScriptS3ObjectVersion'],
] as const;

type Shared = Omit<EnvironmentUpdate, 'networkConfiguration' | 'workerReplacementStrategy'> & Partial<Pick<EnvironmentSpec, 'kmsKey'>>;

function checkLogging(logging: Partial<Record<LogModule, ModuleLogging>> | undefined): Problem {
  if (logging === undefined) return null;
  for (const [module, config] of Object.entries(logging) as Array<[string, ModuleLogging | undefined]>) {
    const path = `loggingConfiguration.${module}`;
    if (!LOG_MODULES.includes(module as LogModule)) return coralMessage('loggingConfiguration', module, `Member must satisfy enum value set: [${LOG_MODULES.join(', ')}]`);
    if (config === undefined) continue;
    if (typeof config.enabled !== 'boolean') return coralMessage(`${path}.enabled`, config.enabled, 'Member must not be null');
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
function checkShared(input: Shared): Problem {
  return first(
    () => checkOptionalString('executionRoleArn', input.executionRoleArn, { max: ARN_MAX, pattern: MWAA_PATTERNS.executionRoleArn }),
    () => checkOptionalString('sourceBucketArn', input.sourceBucketArn, { max: ARN_MAX, pattern: MWAA_PATTERNS.sourceBucketArn }),
    () => checkOptionalString('dagS3Path', input.dagS3Path, PATH_RULE),
    () => {
      for (const [pathField, versionField] of VERSIONED_PATHS) {
        const problem =
          checkOptionalString(pathField, input[pathField], PATH_RULE) ?? checkOptionalString(versionField, input[versionField], PATH_RULE);
        if (problem) return problem;
        if (input[pathField] !== undefined && input[versionField] === undefined) {
          return invalidRequest(`${versionField} is required when ${pathField} is specified.`);
        }
      }
      return null;
    },
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
    () => checkInt('minWebservers', input.minWebservers, 1, 5),
    () => checkInt('maxWebservers', input.maxWebservers, 1, 5),
    () => checkRange('MinWebservers', input.minWebservers, 'MaxWebservers', input.maxWebservers),
    () => checkInt('schedulers', input.schedulers, 1, 5),
    () => checkOptionalString('kmsKey', input.kmsKey, { max: ARN_MAX, pattern: MWAA_PATTERNS.kmsKey }),
    () => checkOptionalString('airflowVersion', input.airflowVersion, { max: 32, pattern: MWAA_PATTERNS.airflowVersion }),
    () =>
      input.airflowVersion === undefined || AIRFLOW_VERSIONS.includes(input.airflowVersion)
        ? null
        : invalidRequest(`Airflow version ${input.airflowVersion} is not supported.`),
    () => checkLogging(input.loggingConfiguration),
    () => checkOptionalString('weeklyMaintenanceWindowStart', input.weeklyMaintenanceWindowStart, { max: 9, pattern: MWAA_PATTERNS.maintenanceWindow }),
    () => checkEnum('webserverAccessMode', input.webserverAccessMode, ACCESS_MODES),
  );
}

// --- public API -----------------------------------------------------------------------------

/** The problem with an environment name as AWS words it, or `null` when the name is valid. */
export function validateEnvironmentName(name: string): string | null {
  if (typeof name !== 'string') return coralMessage('name', name, 'Member must not be null');
  return checkString('name', name, { max: 80, pattern: MWAA_PATTERNS.name });
}

/** The first problem with a CreateEnvironment request as AWS's ValidationException words it, or `null`. */
export function validateEnvironmentSpec(spec: EnvironmentSpec): string | null {
  const required = (path: string, value: unknown): Problem =>
    value === undefined || value === null ? coralMessage(path, value, 'Member must not be null') : null;
  return first(
    () => validateEnvironmentName(spec.name),
    () => required('executionRoleArn', spec.executionRoleArn),
    () => required('sourceBucketArn', spec.sourceBucketArn),
    () => required('dagS3Path', spec.dagS3Path),
    () => required('networkConfiguration', spec.networkConfiguration),
    () => checkShared(spec),
    () => checkList('networkConfiguration.subnetIds', spec.networkConfiguration.subnetIds ?? [], 2, 2, { max: 1024, pattern: MWAA_PATTERNS.subnetId }),
    () =>
      checkList('networkConfiguration.securityGroupIds', spec.networkConfiguration.securityGroupIds ?? [], 1, 5, {
        max: 1024,
        pattern: MWAA_PATTERNS.securityGroupId,
      }),
    () =>
      spec.tags === undefined
        ? null
        : checkMap('tags', spec.tags, { min: 1, max: 50 }, { max: 128, pattern: MWAA_PATTERNS.tag }, { max: 256, pattern: MWAA_PATTERNS.tag }),
    () => checkEnum('endpointManagement', spec.endpointManagement, ENDPOINT_MANAGEMENT),
  );
}

/** The first problem with an UpdateEnvironment request as AWS's ValidationException words it, or `null`. */
export function validateEnvironmentUpdate(update: EnvironmentUpdate): string | null {
  return first(
    () => validateEnvironmentName(update.name),
    () => checkShared(update),
    () =>
      update.networkConfiguration === undefined
        ? null
        : checkList('networkConfiguration.securityGroupIds', update.networkConfiguration.securityGroupIds ?? [], 1, 5, {
            max: 1024,
            pattern: MWAA_PATTERNS.securityGroupId,
          }),
    () => checkEnum('workerReplacementStrategy', update.workerReplacementStrategy, WORKER_REPLACEMENT),
  );
}
