import type { EnvironmentSpec, EnvironmentUpdate } from '../../adapters/port';
import {
  AIRFLOW_VERSIONS,
  ENVIRONMENT_CLASSES,
  validateEnvironmentName,
  validateEnvironmentSpec,
  validateEnvironmentUpdate,
} from '../../domain/validation';

const PREFIX = '1 validation error detected: ';

function spec(overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return {
    name: 'MyEnv_1-a',
    executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa-exec',
    sourceBucketArn: 'arn:aws:s3:::my-dags.bucket',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-01'] },
    ...overrides,
  };
}
const net = (subnetIds: string[], securityGroupIds: string[]): Partial<EnvironmentSpec> => ({ networkConfiguration: { subnetIds, securityGroupIds } });
const logLevel = 'Member must satisfy enum value set: [CRITICAL, ERROR, WARNING, INFO, DEBUG]';

describe('validateEnvironmentSpec', () => {
  it('accepts a minimal spec and a spec that uses every field', () => {
    expect(validateEnvironmentSpec(spec())).toBeNull();
    expect(
      validateEnvironmentSpec(
        spec({
          pluginsS3Path: 'plugins.zip',
          pluginsS3ObjectVersion: 'v1',
          requirementsS3Path: 'requirements.txt',
          requirementsS3ObjectVersion: 'v2',
          startupScriptS3Path: 'startup.sh',
          startupScriptS3ObjectVersion: 'v3',
          airflowConfigurationOptions: { 'core.default_timezone': 'utc', 'webserver.expose_config': 'True' },
          environmentClass: 'mw1.medium',
          minWorkers: 2,
          maxWorkers: 25,
          minWebservers: 2,
          maxWebservers: 5,
          schedulers: 3,
          kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          airflowVersion: '2.10.3',
          loggingConfiguration: { taskLogs: { enabled: true, logLevel: 'INFO' }, webserverLogs: { enabled: false, logLevel: 'ERROR' } },
          weeklyMaintenanceWindowStart: 'TUE:03:30',
          tags: { team: 'data', 'cost-center': '42' },
          webserverAccessMode: 'PUBLIC_ONLY',
          endpointManagement: 'CUSTOMER',
          ...net(['subnet-0a1', 'subnet-0b2'], ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5']),
        }),
      ),
    ).toBeNull();
  });

  it.each(['1234abcd-12ab-34cd-56ef-1234567890ab', 'key/1234abcd-12ab-34cd-56ef-1234567890ab', 'alias/mwaa', 'arn:aws:kms:us-east-1:123456789012:alias/mwaa'])(
    'accepts the KMS key form %s',
    (kmsKey) => expect(validateEnvironmentSpec(spec({ kmsKey }))).toBeNull(),
  );
  it.each(ENVIRONMENT_CLASSES)('accepts the documented class %s', (environmentClass) =>
    expect(validateEnvironmentSpec(spec({ environmentClass }))).toBeNull(),
  );
  it.each(AIRFLOW_VERSIONS)('accepts the offered Airflow version %s', (airflowVersion) =>
    expect(validateEnvironmentSpec(spec({ airflowVersion }))).toBeNull(),
  );

  const long = (n: number, c = 'a'): string => c.repeat(n);
  const rows: Array<[rule: string, overrides: Partial<EnvironmentSpec>, message: string]> = [
    ['name starts with a letter', { name: '1env' }, `${PREFIX}Value '1env' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$`],
    ['name has no spaces', { name: 'my env' }, `${PREFIX}Value 'my env' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$`],
    ['name is at least 1 character', { name: '' }, `${PREFIX}Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1`],
    ['name is at most 80 characters', { name: long(81) }, `${PREFIX}Value '${long(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`],
    ['execution role is an IAM role ARN', { executionRoleArn: 'arn:aws:iam::123:role/x' }, `${PREFIX}Value 'arn:aws:iam::123:role/x' at 'executionRoleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`],
    ['source bucket is an S3 bucket ARN', { sourceBucketArn: 'arn:aws:s3:::Upper' }, `${PREFIX}Value 'arn:aws:s3:::Upper' at 'sourceBucketArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws(-[a-z]+)?:s3:::[a-z0-9.\\-]+`],
    ['dag path is not empty', { dagS3Path: '' }, `${PREFIX}Value '' at 'dagS3Path' failed to satisfy constraint: Member must have length greater than or equal to 1`],
    ['dag path is at most 1024 characters', { dagS3Path: long(1025) }, `${PREFIX}Value '${long(1025)}' at 'dagS3Path' failed to satisfy constraint: Member must have length less than or equal to 1024`],
    ['exactly 2 subnets, not 1', net(['subnet-1'], ['sg-1']), `${PREFIX}Value '[subnet-1]' at 'networkConfiguration.subnetIds' failed to satisfy constraint: Member must have length greater than or equal to 2`],
    ['exactly 2 subnets, not 3', net(['subnet-1', 'subnet-2', 'subnet-3'], ['sg-1']), `${PREFIX}Value '[subnet-1, subnet-2, subnet-3]' at 'networkConfiguration.subnetIds' failed to satisfy constraint: Member must have length less than or equal to 2`],
    ['subnet ids look like subnet-...', net(['subnet-1', 'vpc-2'], ['sg-1']), `${PREFIX}Value 'vpc-2' at 'networkConfiguration.subnetIds.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: subnet-[a-zA-Z0-9\\-._]+`],
    ['at least 1 security group', net(['subnet-1', 'subnet-2'], []), `${PREFIX}Value '[]' at 'networkConfiguration.securityGroupIds' failed to satisfy constraint: Member must have length greater than or equal to 1`],
    ['at most 5 security groups', net(['subnet-1', 'subnet-2'], ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6']), `${PREFIX}Value '[sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]' at 'networkConfiguration.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5`],
    ['security group ids look like sg-...', net(['subnet-1', 'subnet-2'], ['group-1']), `${PREFIX}Value 'group-1' at 'networkConfiguration.securityGroupIds.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: sg-[a-zA-Z0-9\\-._]+`],
    ['paths are single lines', { pluginsS3Path: 'plugins\n.zip' }, `${PREFIX}Value 'plugins\n.zip' at 'pluginsS3Path' failed to satisfy constraint: Member must satisfy regular expression pattern: .*`],
    ['object versions are not empty', { pluginsS3Path: 'p.zip', pluginsS3ObjectVersion: '' }, `${PREFIX}Value '' at 'pluginsS3ObjectVersion' failed to satisfy constraint: Member must have length greater than or equal to 1`],
    ['configuration keys follow the pattern (the sensitive map is never echoed)', { airflowConfigurationOptions: { 'Core.X': 'v' } }, `${PREFIX}Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^[a-z]+([a-z0-9._]*[a-z0-9_]+)?$]`],
    ['configuration keys are at most 64 characters', { airflowConfigurationOptions: { [long(65)]: 'v' } }, `${PREFIX}Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 64]`],
    ['configuration values are printable ASCII, and never echoed', { airflowConfigurationOptions: { 'core.secret': 'p\u00e4ss' } }, `${PREFIX}Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map value must satisfy constraint: [Member must satisfy regular expression pattern: ^[ -~]+$]`],
    ['configuration values are not empty', { airflowConfigurationOptions: { 'core.x': '' } }, `${PREFIX}Value at 'airflowConfigurationOptions' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length greater than or equal to 1]`],
    ['environment class is documented', { environmentClass: 'mw1.huge' }, 'Invalid request provided: Environment class mw1.huge is not supported. Supported classes: mw1.micro, mw1.small, mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge.'],
    ['max workers is at least 1', { maxWorkers: 0 }, `${PREFIX}Value '0' at 'maxWorkers' failed to satisfy constraint: Member must have value greater than or equal to 1`],
    ['min workers is at least 1', { minWorkers: 0 }, `${PREFIX}Value '0' at 'minWorkers' failed to satisfy constraint: Member must have value greater than or equal to 1`],
    ['workers are whole numbers', { maxWorkers: 2.5 }, `${PREFIX}Value '2.5' at 'maxWorkers' failed to satisfy constraint: Member must be an integer`],
    ['min workers <= max workers', { minWorkers: 5, maxWorkers: 3 }, 'Invalid request provided: MinWorkers (5) must be less than or equal to MaxWorkers (3).'],
    ['min web servers is at least 1', { minWebservers: 0 }, `${PREFIX}Value '0' at 'minWebservers' failed to satisfy constraint: Member must have value greater than or equal to 1`],
    ['max web servers is at most 5 (documented, not in the model)', { maxWebservers: 6 }, 'Invalid request provided: MaxWebservers (6) must be between 2 and 5 for environment class mw1.small.'],
    ['min web servers <= max web servers', { minWebservers: 3, maxWebservers: 2 }, 'Invalid request provided: MinWebservers (3) must be less than or equal to MaxWebservers (2).'],
    ['schedulers are at most 5', { schedulers: 6 }, `${PREFIX}Value '6' at 'schedulers' failed to satisfy constraint: Member must have value less than or equal to 5`],
    ['schedulers are 2 to 5 above mw1.micro on Airflow 2+ (documented, not in the model)', { schedulers: 0 }, 'Invalid request provided: Schedulers (0) must be between 2 and 5 for environment class mw1.small.'],
    ['KMS key is a key id, key ARN or alias', { kmsKey: 'my-key' }, expect.stringMatching(/^1 validation error detected: Value 'my-key' at 'kmsKey' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\(\(\(arn:aws/)],
    ['Airflow version follows the pattern', { airflowVersion: '2_8' }, `${PREFIX}Value '2_8' at 'airflowVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-z.]+$`],
    ['Airflow version is at most 32 characters', { airflowVersion: long(33, '1') }, `${PREFIX}Value '${long(33, '1')}' at 'airflowVersion' failed to satisfy constraint: Member must have length less than or equal to 32`],
    ['log levels are the documented ones', { loggingConfiguration: { taskLogs: { enabled: true, logLevel: 'TRACE' as 'INFO' } } }, `${PREFIX}Value 'TRACE' at 'loggingConfiguration.taskLogs.logLevel' failed to satisfy constraint: ${logLevel}`],
    ['logging says whether it is enabled', { loggingConfiguration: { workerLogs: { logLevel: 'INFO' } as never } }, `${PREFIX}Value null at 'loggingConfiguration.workerLogs.enabled' failed to satisfy constraint: Member must not be null`],
    ['maintenance window is DAY:HH:00 or DAY:HH:30', { weeklyMaintenanceWindowStart: 'TUE:03:15' }, `${PREFIX}Value 'TUE:03:15' at 'weeklyMaintenanceWindowStart' failed to satisfy constraint: Member must satisfy regular expression pattern: .*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*`],
    ['maintenance window hour is below 24', { weeklyMaintenanceWindowStart: 'SUN:24:00' }, `${PREFIX}Value 'SUN:24:00' at 'weeklyMaintenanceWindowStart' failed to satisfy constraint: Member must satisfy regular expression pattern: .*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*`],
    ['maintenance window is at most 9 characters', { weeklyMaintenanceWindowStart: 'TUE:03:30 ' }, `${PREFIX}Value 'TUE:03:30 ' at 'weeklyMaintenanceWindowStart' failed to satisfy constraint: Member must have length less than or equal to 9`],
    ['tags are at least 1 when given', { tags: {} }, `${PREFIX}Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1`],
    ['tags are at most 50', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, expect.stringMatching(/at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/)],
    ['tag keys are at most 128 characters', { tags: { [long(129)]: 'v' } }, `${PREFIX}Value '{${long(129)}=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128]`],
    ['tag values are at most 256 characters', { tags: { k: long(257) } }, `${PREFIX}Value '{k=${long(257)}}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256]`],
    ['tag keys use the allowed characters', { tags: { 'a*b': 'v' } }, `${PREFIX}Value '{a*b=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$]`],
    ['access mode is an enum', { webserverAccessMode: 'PUBLIC' as 'PUBLIC_ONLY' }, `${PREFIX}Value 'PUBLIC' at 'webserverAccessMode' failed to satisfy constraint: Member must satisfy enum value set: [PRIVATE_ONLY, PUBLIC_ONLY, PUBLIC_AND_PRIVATE]`],
    ['endpoint management is an enum', { endpointManagement: 'AWS' as 'SERVICE' }, `${PREFIX}Value 'AWS' at 'endpointManagement' failed to satisfy constraint: Member must satisfy enum value set: [CUSTOMER, SERVICE]`],
    ['the execution role is required', { executionRoleArn: undefined }, `${PREFIX}Value null at 'executionRoleArn' failed to satisfy constraint: Member must not be null`],
  ];

  it.each(rows)('enforces "%s" with AWS\'s message', (_rule, overrides, message) => {
    expect(validateEnvironmentSpec(spec(overrides))).toEqual(message);
  });

  it('reports the first problem in model order', () => {
    expect(validateEnvironmentSpec(spec({ name: '1bad', maxWorkers: 0 }))).toContain("at 'name'");
  });
});

describe('validateEnvironmentName', () => {
  it('accepts letters, digits, hyphens and underscores after a leading letter', () => {
    expect(validateEnvironmentName('a')).toBeNull();
    expect(validateEnvironmentName('Env-1_x')).toBeNull();
    expect(validateEnvironmentName('a'.repeat(80))).toBeNull();
  });

  it('rejects a name with a slash with the documented pattern', () => {
    expect(validateEnvironmentName('a/b')).toBe(
      `${PREFIX}Value 'a/b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$`,
    );
  });
});

describe('validateEnvironmentUpdate', () => {
  const update = (overrides: Partial<EnvironmentUpdate>): EnvironmentUpdate => ({ name: 'env', ...overrides });

  it('accepts a name-only update and a typical change', () => {
    expect(validateEnvironmentUpdate(update({}))).toBeNull();
    expect(validateEnvironmentUpdate(update({ maxWorkers: 10, airflowVersion: '2.11.0', workerReplacementStrategy: 'GRACEFUL' }))).toBeNull();
  });

  const rows: Array<[rule: string, overrides: Partial<EnvironmentUpdate>, fragment: string]> = [
    ['the name still follows the pattern', { name: '-x' }, "at 'name'"],
    ['1 to 5 security groups, not 0', { networkConfiguration: { securityGroupIds: [] } }, "at 'networkConfiguration.securityGroupIds' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['1 to 5 security groups, not 6', { networkConfiguration: { securityGroupIds: ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'] } }, 'Member must have length less than or equal to 5'],
    ['security group ids look like sg-...', { networkConfiguration: { securityGroupIds: ['x'] } }, "at 'networkConfiguration.securityGroupIds.1.member'"],
    ['min workers <= max workers', { minWorkers: 4, maxWorkers: 2 }, 'MinWorkers (4) must be less than or equal to MaxWorkers (2)'],
    ['the class is documented', { environmentClass: 'big' }, 'Environment class big is not supported'],
    ['the version follows the model pattern', { airflowVersion: '9.9.9-beta' }, "at 'airflowVersion' failed to satisfy constraint: Member must satisfy regular expression pattern"],
    ['the execution role is an ARN', { executionRoleArn: 'role' }, "at 'executionRoleArn'"],
    ['the worker replacement strategy is an enum', { workerReplacementStrategy: 'NOW' as 'FORCED' }, 'Member must satisfy enum value set: [FORCED, GRACEFUL]'],
    ['schedulers are at most 5', { schedulers: 9 }, "at 'schedulers'"],
  ];

  it.each(rows)('enforces "%s"', (_rule, overrides, fragment) => {
    expect(validateEnvironmentUpdate(update(overrides))).toContain(fragment);
  });
});
