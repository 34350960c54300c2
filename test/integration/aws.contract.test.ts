/**
 * The port contract, run against the AWS SDK adapter talking to moto_server. moto covers the
 * network port. The MWAA and IAM parts are reported as unsupported, with the reasons below;
 * motoServer().iam.test.ts covers the IAM calls moto does support and asserts each difference.
 */
import { createAwsPorts, type AwsAdapter } from '../../adapters/aws';
import type { EnvironmentSpec } from '../../adapters/port';
import { describePortContract, type ContractContext } from '../contract/portContract';
import { fixtureEc2Client, seedContractNetwork } from '../aws/support/ec2Fixtures';
import { useMotoServer } from './support/motoServer';

const REGIONS: [string, string] = ['us-east-1', 'eu-west-1'];
/** moto answers at once; this bounds a wait however large a budget the contract asks for. */
const MAX_REAL_WAIT_MS = 10_000;
const POLL_MS = 100;

const motoServer = useMotoServer();


async function waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + Math.min(timeoutMs, MAX_REAL_WAIT_MS);
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${Math.min(timeoutMs, MAX_REAL_WAIT_MS)} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const validSpec = (name: string): EnvironmentSpec => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-exec',
  sourceBucketArn: 'arn:aws:s3:::mwaa-dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0a'] },
});

async function setup(): Promise<ContractContext> {
  await motoServer().reset();
  const aws: AwsAdapter = createAwsPorts({ endpoints: { mwaa: motoServer().endpoint, iam: motoServer().endpoint, ec2: motoServer().endpoint }, maxAttempts: 1 });
  const fixtureClients: Array<ReturnType<typeof fixtureEc2Client>> = [];
  return {
    ports: aws,
    regions: REGIONS,
    waitFor,
    validSpec,
    async seedNetwork(region) {
      const ec2 = fixtureEc2Client(motoServer().endpoint, region);
      fixtureClients.push(ec2);
      return seedContractNetwork(ec2, region);
    },
    async teardown() {
      aws.destroy();
      for (const client of fixtureClients) client.destroy();
      await motoServer().reset();
    },
  };
}

describePortContract({
  name: 'AWS SDK adapter on moto_server',
  setup,
  supports: { mwaa: false, iam: false, network: true },
  notes: [
    'MWAA: moto_server has no MWAA (Amazon Managed Workflows for Apache Airflow) backend',
    'IAM: moto names the airflow.amazonaws.com role AWSServiceRoleForairflow instead of AWSServiceRoleForAmazonMWAA, ' +
      'returns bare-UUID deletion task ids, deletes synchronously and reports SUCCEEDED for any task id; ' +
      'motoServer().iam.test.ts runs the IAM calls with the moto name and asserts each difference',
  ],
});

describe('the moto target of the port contract', () => {
  it('has no MWAA: moto answers the MWAA API with an HTML 500 page, which the adapter reports as Unavailable', async () => {
    const aws = createAwsPorts({ endpoints: { mwaa: motoServer().endpoint }, maxAttempts: 1 });
    const error = await aws.mwaa.listEnvironments('us-east-1').catch((e: unknown) => e);
    aws.destroy();
    expect(error).toMatchObject({ code: 'Unavailable', service: 'mwaa', operation: 'listEnvironments', awsName: 'SyntaxError' });
    expect((error as { cause?: { $response?: { statusCode?: number } } }).cause?.$response?.statusCode).toBe(500);
  });
});
