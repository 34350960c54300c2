import type { Environment, EnvironmentSpec } from '../../adapters/port';
import { classify, specMismatches } from '../../machines/environment.logic';

const spec: EnvironmentSpec = {
  name: 'analytics',
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-exec',
  sourceBucketArn: 'arn:aws:s3:::dags-bucket',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
  environmentClass: 'mw1.small',
  airflowConfigurationOptions: { 'core.parallelism': '32' },
};

const env = (over: Partial<Environment> = {}): Environment => ({
  ...spec,
  arn: 'arn:aws:airflow:eu-west-1:123456789012:environment/analytics',
  status: 'AVAILABLE',
  createdAt: 0,
  airflowConfigurationOptions: { 'core.parallelism': '***' },
  ...over,
});

describe('classify', () => {
  it.each([
    ['create', 'CREATING', 'wait'],
    ['create', 'AVAILABLE', 'available'],
    ['create', 'CREATE_FAILED', 'createFailed'],
    ['create', 'PENDING', 'pending'],
    ['pending', 'PENDING', 'wait'],
    ['awaitIdle', 'UPDATING', 'wait'],
    ['awaitIdle', 'UPDATE_FAILED', 'readyToUpdate'],
    ['awaitIdle', 'CREATE_FAILED', 'cannotUpdate'],
    ['update', 'CREATING_SNAPSHOT', 'wait'],
    ['update', 'ROLLING_BACK', 'wait'],
    ['update', 'UPDATE_FAILED', 'rolledBack'],
    ['update', 'UNAVAILABLE', 'updateFailed'],
    ['delete', 'CREATING', 'wait'],
    ['delete', 'DELETING', 'wait'],
    ['delete', 'DELETED', 'gone'],
    ['delete', 'CREATE_FAILED', 'readyToDelete'],
    ['delete', 'AVAILABLE', 'readyToDelete'],
  ] as const)('in phase %s reads %s as %s', (phase, status, verdict) => {
    expect(classify(phase, env({ status }))).toBe(verdict);
  });

  it('reads AVAILABLE with LastUpdate.Status FAILED after an update as a rollback', () => {
    expect(classify('update', env({ lastUpdate: { status: 'FAILED' } }))).toBe('rolledBack');
    expect(classify('update', env({ lastUpdate: { status: 'SUCCESS' } }))).toBe('updated');
  });

  it('reads not-found as gone when deleting and as missing otherwise', () => {
    expect(classify('delete', null)).toBe('gone');
    expect(classify('create', null)).toBe('missing');
  });
});

describe('specMismatches', () => {
  it('adopts an environment with the same spec despite redacted option values', () => {
    expect(specMismatches(spec, env())).toEqual([]);
  });

  it('names the fields that differ', () => {
    expect(specMismatches(spec, env({ environmentClass: 'mw1.large', networkConfiguration: { subnetIds: ['subnet-x', 'subnet-b'], securityGroupIds: ['sg-1'] } }))).toEqual([
      'environmentClass',
      'networkConfiguration.subnetIds',
    ]);
  });
});
