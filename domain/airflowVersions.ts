/**
 * The Airflow versions MWAA offers, the ones it has retired, and the warning for a well-formed
 * version outside both. Validation accepts any version the model's pattern allows (`^[0-9a-z.]+$`,
 * 1-32 characters): whether MWAA offers a version is the service's decision, made per region and
 * over time, so the simulator refuses versions its world does not offer and validation only warns.
 */

/**
 * The Airflow versions MWAA offers today, oldest first: the values listed in the `AirflowVersion`
 * documentation of CreateEnvironment and UpdateEnvironment in AWS's service model (botocore 1.43,
 * `data/mwaa/2020-07-01/service-2.json`) and in the MWAA API reference.
 */
export const AIRFLOW_VERSIONS: readonly string[] = ['2.7.2', '2.8.1', '2.9.2', '2.10.1', '2.10.3', '2.11.0', '3.0.6'];

/**
 * Versions MWAA offered once and no longer lists (they are still in SDK 3.523's documentation and
 * older API models). Environments on them may still exist.
 */
export const RETIRED_AIRFLOW_VERSIONS: readonly string[] = ['1.10.12', '2.0.2', '2.2.2', '2.4.3', '2.5.1', '2.6.3'];

/** Orders dotted versions numerically (`2.10.1` after `2.9.2`); non-numeric parts compare as text. */
export function compareAirflowVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const diff = Number.isInteger(nx) && Number.isInteger(ny) ? nx - ny : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

/** The newest of `versions`: the version CreateEnvironment defaults to when none is given. */
export function newestAirflowVersion(versions: readonly string[]): string {
  const [head, ...rest] = versions;
  if (head === undefined) throw new RangeError('no Airflow version offered');
  return rest.reduce((newest, v) => (compareAirflowVersions(v, newest) > 0 ? v : newest), head);
}

/** The version MWAA uses when a create names none: the newest it offers. */
export const LATEST_AIRFLOW_VERSION: string = newestAirflowVersion(AIRFLOW_VERSIONS);

/** True for Airflow 1.x, whose environments accept exactly 1 scheduler. */
export const isAirflow1 = (version: string): boolean => version.split('.')[0] === '1';

/**
 * A warning for a well-formed Airflow version MWAA is not known to offer (retired or unknown), or
 * `null` for an offered version. Not an error: AWS decides, and its list changes.
 */
export function airflowVersionWarning(version: string): string | null {
  if (AIRFLOW_VERSIONS.includes(version)) return null;
  if (RETIRED_AIRFLOW_VERSIONS.includes(version)) {
    return `Airflow version ${version} is retired: MWAA no longer offers it (offered: ${AIRFLOW_VERSIONS.join(', ')}).`;
  }
  return `Airflow version ${version} is not a version MWAA is known to offer (offered: ${AIRFLOW_VERSIONS.join(', ')}).`;
}
