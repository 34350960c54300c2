/**
 * The building blocks of MWAA's input validation: the model patterns, the Coral-style message
 * AWS sends for a model constraint, and one check per model trait (length, pattern, range, enum,
 * list and map size). `validation.ts` composes them into the CreateEnvironment and
 * UpdateEnvironment checks.
 */

/** A model pattern: the text AWS prints in the message, and the same rule as a full-match RegExp. */
export interface Pattern {
  /** The pattern as the message prints it. */
  text: string;
  /** The same rule, anchored: Coral matches the whole value. */
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
  /** RelativePath (DAG folder, plugins, requirements, startup script): any single line. */
  relativePath: pattern('.*', /^.*$/),
  maintenanceWindow: pattern(
    '.*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*',
    /^.*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30).*$/,
  ),
  tag: pattern('^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$', /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u),
} as const;

/** A validation outcome: the message of the first problem, or `null`. */
export type Problem = string | null;

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

/** MWAA's own prefix for rules that live outside the model. The wording after it is UNVERIFIED. */
export const invalidRequest = (detail: string): string => `Invalid request provided: ${detail}`;

/** The model traits of a string member. */
export interface StringRule {
  /** Shortest length; default 1. */
  min?: number;
  /** Longest length. */
  max: number;
  /** Full-match pattern. */
  pattern?: Pattern;
  /** The shape is `@sensitive`: its value never appears in a message. */
  sensitive?: boolean;
}

/** Length, then pattern. */
export function checkString(path: string, value: string, rule: StringRule): Problem {
  const min = rule.min ?? 1;
  const sensitive = rule.sensitive ?? false;
  if (typeof value !== 'string') return coralMessage(path, value, 'Member must be a string', sensitive);
  if (value.length < min) return coralMessage(path, value, `Member must have length greater than or equal to ${min}`, sensitive);
  if (value.length > rule.max) return coralMessage(path, value, `Member must have length less than or equal to ${rule.max}`, sensitive);
  if (rule.pattern && !rule.pattern.re.test(value)) {
    return coralMessage(path, value, `Member must satisfy regular expression pattern: ${rule.pattern.text}`, sensitive);
  }
  return null;
}

/** {@link checkString} for an optional member. */
export function checkOptionalString(path: string, value: string | undefined, rule: StringRule): Problem {
  return value === undefined ? null : checkString(path, value, rule);
}

/** An optional integer with the model's `min` and `max` (either may be absent). */
export function checkInt(path: string, value: number | undefined, min?: number, max?: number): Problem {
  if (value === undefined) return null;
  if (!Number.isInteger(value)) return coralMessage(path, value, 'Member must be an integer');
  if (min !== undefined && value < min) return coralMessage(path, value, `Member must have value greater than or equal to ${min}`);
  if (max !== undefined && value > max) return coralMessage(path, value, `Member must have value less than or equal to ${max}`);
  return null;
}

/** An optional member of a closed value set. */
export function checkEnum(path: string, value: string | undefined, values: readonly string[]): Problem {
  if (value === undefined || values.includes(value)) return null;
  return coralMessage(path, value, `Member must satisfy enum value set: [${values.join(', ')}]`);
}

/** A list's size, then each member, numbered from 1 as Coral does. */
export function checkList(path: string, list: readonly string[], min: number, max: number, member: StringRule): Problem {
  if (list.length < min) return coralMessage(path, list, `Member must have length greater than or equal to ${min}`);
  if (list.length > max) return coralMessage(path, list, `Member must have length less than or equal to ${max}`);
  for (const [i, item] of list.entries()) {
    const problem = checkString(`${path}.${i + 1}.member`, item, member);
    if (problem) return problem;
  }
  return null;
}

const constraintOf = (message: string): string => message.replace(/^.*failed to satisfy constraint: /, '');

/** Map entries: keys and values each checked, with Coral's `Map keys must satisfy constraint: [...]` wrapper. */
export function checkMap(path: string, map: Record<string, string>, size: { min: number; max: number }, key: StringRule, value: StringRule): Problem {
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

/** The first problem of the checks, run in order, or `null`. */
export const first = (...checks: Array<() => Problem>): Problem => {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
};
