/**
 * Validation agrees with AWS's published MWAA model (botocore 1.43) and the documented rules around
 * it: each test names a behaviour the model or the documentation fixes.
 */
import type { EnvironmentSpec, EnvironmentUpdate } from '../../adapters/port';
import {
  AIRFLOW_VERSIONS,
  LATEST_AIRFLOW_VERSION,
  RETIRED_AIRFLOW_VERSIONS,
  airflowVersionWarning,
  environmentWarnings,
  validateEnvironmentSpec,
  validateEnvironmentUpdate,
  workerQuotaWarning,
} from '../../domain/validation';

const spec = (overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec => ({
  name: 'env',
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-exec',
  sourceBucketArn: 'arn:aws:s3:::dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-01'] },
  ...overrides,
});
const update = (overrides: Partial<EnvironmentUpdate> = {}): EnvironmentUpdate => ({ name: 'env', ...overrides });
/** An update as an untyped caller (JavaScript, a JSON file) might send it. */
const untypedUpdate = (extra: Record<string, unknown>): EnvironmentUpdate => {
  const sent: unknown = { name: 'env', ...extra };
  return sent as EnvironmentUpdate;
};

describe('S3 object versions are optional, as in the model', () => {
  const paths = { pluginsS3Path: 'plugins.zip', requirementsS3Path: 'requirements.txt', startupScriptS3Path: 'startup.sh' };

  it.each(Object.entries(paths))('accepts %s without its object version on create', (field, value) => {
    expect(validateEnvironmentSpec(spec({ [field]: value }))).toBeNull();
  });

  it.each(Object.entries(paths))('accepts %s without its object version on update', (field, value) => {
    expect(validateEnvironmentUpdate(update({ [field]: value }))).toBeNull();
  });

  it('accepts an object version without its path', () => {
    expect(validateEnvironmentSpec(spec({ requirementsS3ObjectVersion: 'v1' }))).toBeNull();
  });
});

describe('Airflow versions', () => {
  it('offers exactly the versions AWS documents today, newest 3.0.6', () => {
    expect(AIRFLOW_VERSIONS).toEqual(['2.7.2', '2.8.1', '2.9.2', '2.10.1', '2.10.3', '2.11.0', '3.0.6']);
    expect(LATEST_AIRFLOW_VERSION).toBe('3.0.6');
  });

  it('keeps the retired versions in a list of their own', () => {
    expect(RETIRED_AIRFLOW_VERSIONS).toEqual(['1.10.12', '2.0.2', '2.2.2', '2.4.3', '2.5.1', '2.6.3']);
    expect(RETIRED_AIRFLOW_VERSIONS.filter((v) => AIRFLOW_VERSIONS.includes(v))).toEqual([]);
  });

  it.each(['2.3.0', '9.9.9', '3.1.0', 'a', '1'.repeat(32)])('accepts the well-formed version %s it does not know', (airflowVersion) => {
    expect(validateEnvironmentSpec(spec({ airflowVersion }))).toBeNull();
    expect(validateEnvironmentUpdate(update({ airflowVersion }))).toBeNull();
  });

  it('warns that a well-formed unknown version is not one MWAA is known to offer', () => {
    expect(airflowVersionWarning('9.9.9')).toMatch(/^Airflow version 9\.9\.9 is not a version MWAA is known to offer/);
  });

  it('warns that a retired version is no longer offered', () => {
    expect(airflowVersionWarning('2.6.3')).toMatch(/^Airflow version 2\.6\.3 is retired/);
  });

  it.each(AIRFLOW_VERSIONS)('has no warning for the offered version %s', (version) => {
    expect(airflowVersionWarning(version)).toBeNull();
  });

  it.each(['', '2_8', '3.0.6-rc1', 'V2', '1'.repeat(33)])('still refuses the malformed version "%s"', (airflowVersion) => {
    expect(validateEnvironmentSpec(spec({ airflowVersion }))).toMatch(/at 'airflowVersion' failed to satisfy constraint/);
  });
});

describe('capacity per environment class', () => {
  it.each(['schedulers', 'minWebservers', 'maxWebservers', 'minWorkers', 'maxWorkers'] as const)(
    'refuses mw1.micro with %s other than 1',
    (field) => {
      expect(validateEnvironmentSpec(spec({ environmentClass: 'mw1.micro', [field]: 2 }))).toMatch(
        /^Invalid request provided: \w+ \(2\) must be 1 for environment class mw1\.micro\.$/,
      );
    },
  );

  it('accepts mw1.micro with 1 scheduler, 1 web server and 1 worker', () => {
    expect(
      validateEnvironmentSpec(spec({ environmentClass: 'mw1.micro', schedulers: 1, minWebservers: 1, maxWebservers: 1, minWorkers: 1, maxWorkers: 1 })),
    ).toBeNull();
  });

  it.each(['mw1.small', 'mw1.medium', 'mw1.large', 'mw1.xlarge', 'mw1.2xlarge'])('accepts 2 to 5 web servers and schedulers on %s', (environmentClass) => {
    expect(validateEnvironmentSpec(spec({ environmentClass, minWebservers: 2, maxWebservers: 5, schedulers: 2 }))).toBeNull();
    expect(validateEnvironmentSpec(spec({ environmentClass, schedulers: 5 }))).toBeNull();
  });

  it.each([
    ['minWebservers', 1, 'MinWebservers (1) must be between 2 and 5 for environment class mw1.large.'],
    ['maxWebservers', 6, 'MaxWebservers (6) must be between 2 and 5 for environment class mw1.large.'],
    ['schedulers', 1, 'Schedulers (1) must be between 2 and 5 for environment class mw1.large.'],
  ] as const)('refuses %s %d on a class above micro', (field, value, message) => {
    expect(validateEnvironmentSpec(spec({ environmentClass: 'mw1.large', [field]: value }))).toBe(`Invalid request provided: ${message}`);
  });

  it('applies the default class mw1.small when a create names none', () => {
    expect(validateEnvironmentSpec(spec({ minWebservers: 1 }))).toBe(
      'Invalid request provided: MinWebservers (1) must be between 2 and 5 for environment class mw1.small.',
    );
  });

  it('accepts exactly 1 scheduler on Airflow 1.x and refuses 2', () => {
    expect(validateEnvironmentSpec(spec({ airflowVersion: '1.10.12', schedulers: 1 }))).toBeNull();
    expect(validateEnvironmentSpec(spec({ airflowVersion: '1.10.12', schedulers: 2 }))).toBe(
      'Invalid request provided: Schedulers (2) must be 1 for environment class mw1.small on Airflow 1.10.12.',
    );
  });

  it('leaves an update that does not name the class to the loosest rule (the simulator checks the result)', () => {
    expect(validateEnvironmentUpdate(update({ minWebservers: 1, schedulers: 1 }))).toBeNull();
    expect(validateEnvironmentUpdate(update({ maxWebservers: 6 }))).toBe(
      'Invalid request provided: MaxWebservers (6) must be between 1 and 5 for any environment class.',
    );
  });
});

describe('the worker quota is a warning for validation', () => {
  it('accepts maxWorkers above the default quota of 25', () => {
    expect(validateEnvironmentSpec(spec({ maxWorkers: 26 }))).toBeNull();
    expect(validateEnvironmentUpdate(update({ maxWorkers: 100 }))).toBeNull();
  });

  it('warns about maxWorkers above 25 and not at 25', () => {
    expect(workerQuotaWarning(25)).toBeNull();
    expect(workerQuotaWarning(26)).toMatch(/^MaxWorkers 26 is above the default quota of 25 workers per environment/);
  });

  it('collects the warnings of a request', () => {
    expect(environmentWarnings({ airflowVersion: '3.0.6', maxWorkers: 25 })).toEqual([]);
    expect(environmentWarnings({ airflowVersion: '2.6.3', maxWorkers: 30 })).toHaveLength(2);
  });
});

describe('logging modules need both members', () => {
  it('refuses a logging module with enabled but no logLevel', () => {
    const loggingConfiguration = { taskLogs: { enabled: true } } as unknown as EnvironmentSpec['loggingConfiguration'];
    expect(validateEnvironmentSpec(spec({ loggingConfiguration }))).toBe(
      "1 validation error detected: Value null at 'loggingConfiguration.taskLogs.logLevel' failed to satisfy constraint: Member must not be null",
    );
    expect(validateEnvironmentUpdate(update({ loggingConfiguration }))).toContain("at 'loggingConfiguration.taskLogs.logLevel'");
  });
});

describe('members fixed at creation', () => {
  it.each([
    ['kmsKey', { kmsKey: 'alias/mwaa' }],
    ['endpointManagement', { endpointManagement: 'SERVICE' }],
    ['subnetIds', { networkConfiguration: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] } }],
  ])('refuses an update that sends %s', (field, extra) => {
    expect(validateEnvironmentUpdate(untypedUpdate(extra))).toBe(
      `Invalid request provided: ${field} cannot be updated: it is fixed when the environment is created.`,
    );
  });

  it('still accepts an update of the security groups alone', () => {
    expect(validateEnvironmentUpdate(update({ networkConfiguration: { securityGroupIds: ['sg-1'] } }))).toBeNull();
  });

  it('refuses a network configuration update without its required security groups', () => {
    expect(validateEnvironmentUpdate(untypedUpdate({ networkConfiguration: {} }))).toBe(
      "1 validation error detected: Value null at 'networkConfiguration.securityGroupIds' failed to satisfy constraint: Member must not be null",
    );
  });
});
