/**
 * Documented capacity rules that the API model does not carry: the environment classes, the
 * scheduler, web server and worker counts each class accepts, and the per-environment worker
 * quota. Messages use MWAA's `Invalid request provided:` prefix; their wording is UNVERIFIED.
 *
 * Sources: the documentation of `Schedulers`, `MinWebservers` and `MaxWebservers` in AWS's service
 * model (botocore 1.43, `data/mwaa/2020-07-01/service-2.json`): classes above mw1.micro take 2 to 5
 * web servers and schedulers, mw1.micro one, Airflow 1 one scheduler; the MWAA user guide's
 * environment-class page (mw1.micro does not scale: one web server and one container that is both
 * worker and scheduler); and the quota page (25 workers per environment by default, adjustable).
 */
import { isAirflow1 } from './airflowVersions';
import { first, invalidRequest, type Problem } from './validationPrimitives';

/** Environment classes MWAA documents (`mw1.micro` is the newest, in the latest API models). */
export const ENVIRONMENT_CLASSES: readonly string[] = ['mw1.micro', 'mw1.small', 'mw1.medium', 'mw1.large', 'mw1.xlarge', 'mw1.2xlarge'];

/** The class CreateEnvironment uses when none is given. */
export const DEFAULT_ENVIRONMENT_CLASS = 'mw1.small';

/** The smallest class: exactly 1 scheduler, 1 web server and 1 worker (no auto-scaling). */
export const MICRO_CLASS = 'mw1.micro';

/** The default per-environment worker quota (adjustable through Service Quotas). */
export const DEFAULT_WORKER_QUOTA = 25;

/** The capacity members of a create or update. */
export interface Capacity {
  schedulers?: number | undefined;
  minWebservers?: number | undefined;
  maxWebservers?: number | undefined;
  minWorkers?: number | undefined;
  maxWorkers?: number | undefined;
}

/** What the request tells about the environment: its class and version, when known. */
export interface CapacityContext {
  /** The class in force; `undefined` when an update does not say (the environment's is unknown here). */
  environmentClass: string | undefined;
  /** The Airflow version in force; `undefined` when an update does not say. */
  airflowVersion: string | undefined;
}

const FIELDS = [
  ['schedulers', 'Schedulers'],
  ['minWebservers', 'MinWebservers'],
  ['maxWebservers', 'MaxWebservers'],
  ['minWorkers', 'MinWorkers'],
  ['maxWorkers', 'MaxWorkers'],
] as const;

function between(field: string, value: number | undefined, low: number, high: number, why: string): Problem {
  if (value === undefined || !Number.isInteger(value) || (value >= low && value <= high)) return null;
  const range = low === high ? `${low}` : `between ${low} and ${high}`;
  return invalidRequest(`${field} (${value}) must be ${range} ${why}.`);
}

/**
 * The first documented capacity rule the request breaks, or `null`. Model bounds (integers,
 * `min`, `max`) are checked elsewhere; this adds the per-class and per-version ranges. A rule
 * whose class or version the request leaves unknown uses the loosest range that could apply.
 */
export function checkCapacity(input: Capacity, context: CapacityContext): Problem {
  const cls = context.environmentClass;
  if (cls === MICRO_CLASS) {
    return first(...FIELDS.map(([key, field]) => () => between(field, input[key], 1, 1, `for environment class ${MICRO_CLASS}`)));
  }
  const knownLarger = cls !== undefined;
  const v1 = context.airflowVersion !== undefined && isAirflow1(context.airflowVersion);
  const schedulerLow = knownLarger && context.airflowVersion !== undefined && !v1 ? 2 : 1;
  const schedulerHigh = v1 ? 1 : 5;
  const why = (what: string): string => (knownLarger ? `for environment class ${cls}${what}` : `for any environment class${what}`);
  const webLow = knownLarger ? 2 : 1;
  return first(
    () => between('Schedulers', input.schedulers, schedulerLow, schedulerHigh, why(v1 ? ` on Airflow ${context.airflowVersion}` : '')),
    () => between('MinWebservers', input.minWebservers, webLow, 5, why('')),
    () => between('MaxWebservers', input.maxWebservers, webLow, 5, why('')),
  );
}

/**
 * A warning when `maxWorkers` is above the per-environment worker quota (default 25), or `null`.
 * Not an error: the quota is adjustable, so only AWS knows the account's value.
 */
export function workerQuotaWarning(maxWorkers: number | undefined, quota: number = DEFAULT_WORKER_QUOTA): string | null {
  if (maxWorkers === undefined || maxWorkers <= quota) return null;
  return `MaxWorkers ${maxWorkers} is above the default quota of ${quota} workers per environment; AWS refuses it unless the account's quota was raised.`;
}
