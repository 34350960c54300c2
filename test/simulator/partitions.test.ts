/**
 * Partitions and the resources a request names: a simulated account in China or GovCloud answers
 * with that partition's ARNs and regions, refuses resources from another partition, and, when the
 * world lists them, refuses execution roles and buckets that do not exist.
 */
import { partitionMismatch, partitionOfArn, partitionOfRegion, iamHomeRegion } from '../../domain/partitions';
import { MINUTE, rejection, simulator, spec } from './support';

const CHINA = 'cn-north-1';
const chinaSpec = (name: string) =>
  spec(name, {
    executionRoleArn: 'arn:aws-cn:iam::123456789012:role/mwaa-execution',
    sourceBucketArn: 'arn:aws-cn:s3:::dags-bucket',
  });

describe('partitions', () => {
  it('names the partition of a region and IAM home region of each partition', () => {
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(partitionOfRegion('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('us-isob-east-1')).toBe('aws-iso-b');
    expect(iamHomeRegion('cn-northwest-1')).toBe('cn-north-1');
    expect(iamHomeRegion('us-gov-east-1')).toBe('us-gov-west-1');
    expect(iamHomeRegion('ap-south-1')).toBe('us-east-1');
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:role/x')).toBe('aws-us-gov');
    expect(partitionOfArn('not-an-arn')).toBeNull();
  });

  it('finds an ARN of another partition than the region', () => {
    expect(partitionMismatch('cn-north-1', { executionRoleArn: 'arn:aws:iam::123456789012:role/x' })).toMatch(/executionRoleArn is in partition aws, but cn-north-1 is in aws-cn/);
    expect(partitionMismatch('cn-north-1', { executionRoleArn: 'arn:aws-cn:iam::123456789012:role/x', kmsKey: undefined })).toBeNull();
  });

  it('creates an environment in China with aws-cn ARNs for the environment, its role and its logs', async () => {
    const sim = simulator({ partition: 'aws-cn' });
    const { mwaa } = sim.ports();
    const { arn } = await mwaa.createEnvironment(CHINA, chinaSpec('china'));
    expect(arn).toBe('arn:aws-cn:airflow:cn-north-1:123456789012:environment/china');
    await sim.clock.advance(60 * MINUTE);
    const env = await mwaa.getEnvironment(CHINA, 'china');
    expect(env?.status).toBe('AVAILABLE');
    expect(env?.serviceRoleArn).toBe('arn:aws-cn:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA');
    expect(env?.webserverUrl).toMatch(/\.cn-north-1\.airflow\.amazonaws\.com\.cn$/);
    expect(sim.inventory().serviceLinkedRole?.arn).toMatch(/^arn:aws-cn:iam::/);
  });

  it('lists only the partition\'s regions and refuses a commercial region with the credentials error', async () => {
    const sim = simulator({ partition: 'aws-cn' });
    const listed = await sim.ports().network.listRegions();
    expect(listed.map((r) => r.region)).toEqual(['cn-north-1', 'cn-northwest-1']);
    const error = await rejection(sim.ports().mwaa.listEnvironments('eu-west-1'));
    expect(error).toMatchObject({ code: 'AccessDenied', awsName: 'UnrecognizedClientException' });
  });

  it('refuses an execution role or bucket from another partition', async () => {
    const sim = simulator({ partition: 'aws-cn' });
    const role = await rejection(sim.ports().mwaa.createEnvironment(CHINA, spec('mixed', { sourceBucketArn: 'arn:aws-cn:s3:::dags-bucket' })));
    expect(role).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException' });
    expect(role.message).toMatch(/ExecutionRoleArn arn:aws:iam::123456789012:role\/mwaa-execution is not in partition aws-cn/);
    const bucket = await rejection(sim.ports().mwaa.createEnvironment(CHINA, { ...chinaSpec('mixed2'), sourceBucketArn: 'arn:aws:s3:::dags-bucket' }));
    expect(bucket.message).toMatch(/SourceBucketArn arn:aws:s3:::dags-bucket is not in partition aws-cn/);
    expect(sim.inventory().environments).toEqual([]);
  });

  it('refuses a partition it does not know', () => {
    expect(() => simulator({ partition: 'aws-mars' as never })).toThrow(/not an AWS partition/);
  });
});

describe('existing resources', () => {
  const role = 'arn:aws:iam::123456789012:role/mwaa-execution';
  const bucket = 'arn:aws:s3:::dags-bucket';

  it('accepts every well-formed role and bucket of the partition when the world lists none', async () => {
    const sim = simulator();
    await expect(sim.ports().mwaa.createEnvironment('eu-west-1', spec('any', { executionRoleArn: 'arn:aws:iam::123456789012:role/whatever' }))).resolves.toHaveProperty('arn');
  });

  it('refuses an execution role that does not exist, on create and on update', async () => {
    const sim = simulator({ existingResources: { executionRoleArns: [role], sourceBucketArns: [bucket] } });
    const { mwaa } = sim.ports();
    const missing = await rejection(mwaa.createEnvironment('eu-west-1', spec('ghost', { executionRoleArn: 'arn:aws:iam::123456789012:role/ghost' })));
    expect(missing).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException' });
    expect(missing.message).toBe('Invalid request provided: Provided role arn:aws:iam::123456789012:role/ghost does not exist.');
    await mwaa.createEnvironment('eu-west-1', spec('real'));
    await sim.clock.advance(60 * MINUTE);
    const update = await rejection(mwaa.updateEnvironment('eu-west-1', { name: 'real', executionRoleArn: 'arn:aws:iam::123456789012:role/ghost' }));
    expect(update.message).toMatch(/Provided role .*ghost does not exist/);
  });

  it('refuses a bucket that does not exist', async () => {
    const sim = simulator({ existingResources: { sourceBucketArns: [bucket] } });
    const missing = await rejection(sim.ports().mwaa.createEnvironment('eu-west-1', spec('nobucket', { sourceBucketArn: 'arn:aws:s3:::nowhere' })));
    expect(missing.message).toBe('Invalid request provided: Provided bucket arn:aws:s3:::nowhere does not exist.');
    expect(sim.inventory().environments).toEqual([]);
  });

  it('refuses a list that is not ARNs', () => {
    expect(() => simulator({ existingResources: { executionRoleArns: ['mwaa-execution'] } })).toThrow(/existingResources.executionRoleArns must be a list of ARNs/);
  });
});
