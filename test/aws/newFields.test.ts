/**
 * The client-mwaa 3.523.0 gap, tested on the wire: a real MWAAClient with a fake HTTP handler, so
 * the serializer, our build/deserialize middlewares and signing all run.
 */
import { createHash } from 'node:crypto';
import { CreateEnvironmentCommand, type CreateEnvironmentCommandInput } from '@aws-sdk/client-mwaa';
import { addFieldsToJsonBody, newEnvironmentFieldsFromRaw, pickNewRequestFields, UnsentFieldsError } from '../../adapters/aws/newFields';
import { createAwsPorts } from '../../adapters/aws';
import { createInputFromSpec } from '../../adapters/aws/mwaaMapping';
import type { EnvironmentSpec } from '../../adapters/port';
import { isAwsError } from '../../adapters/errors';
import { jsonBody, mwaaClientOverFakeHttp } from './support/fakeHttp';

const SPEC: EnvironmentSpec = {
  name: 'wire-env',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  sourceBucketArn: 'arn:aws:s3:::bucket',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-1'] },
  minWebservers: 2,
  maxWebservers: 4,
  webserverAccessMode: 'PUBLIC_AND_PRIVATE',
};

const ARN = 'arn:aws:airflow:eu-west-1:123456789012:environment/wire-env';

function portsOver(client: ReturnType<typeof mwaaClientOverFakeHttp>['client']) {
  return createAwsPorts({ clients: { mwaa: () => client } });
}

describe('client-mwaa 3.523.0 without the adapter middleware', () => {
  it('drops MinWebservers and MaxWebservers from the CreateEnvironment body (the gap this adapter closes)', async () => {
    const { client, requests } = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }], {
      withNewFieldsMiddleware: false,
    });
    const input = { Name: 'wire-env', ExecutionRoleArn: 'r', SourceBucketArn: 's', DagS3Path: 'd', NetworkConfiguration: {}, MinWebservers: 2 };
    await client.send(new CreateEnvironmentCommand(input as CreateEnvironmentCommandInput));
    expect(jsonBody(requests[0])).not.toHaveProperty('MinWebservers');
  });
});

describe('the new-fields middleware on the wire', () => {
  it('sends MinWebservers, MaxWebservers and PUBLIC_AND_PRIVATE in the PUT /environments/{Name} body', async () => {
    const { client, requests } = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }]);
    await expect(portsOver(client).mwaa.createEnvironment('eu-west-1', SPEC)).resolves.toEqual({ arn: ARN });
    const request = requests[0]!;
    expect(request.method).toBe('PUT');
    expect(request.path).toBe('/environments/wire-env');
    expect(jsonBody(request)).toMatchObject({
      ExecutionRoleArn: SPEC.executionRoleArn,
      NetworkConfiguration: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-1'] },
      MinWebservers: 2,
      MaxWebservers: 4,
      WebserverAccessMode: 'PUBLIC_AND_PRIVATE',
    });
  });

  it('sends WorkerReplacementStrategy and the webserver counts in the PATCH body of an update', async () => {
    const { client, requests } = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }]);
    await portsOver(client).mwaa.updateEnvironment('eu-west-1', {
      name: 'wire-env',
      minWebservers: 3,
      maxWebservers: 5,
      workerReplacementStrategy: 'GRACEFUL',
      maxWorkers: 7,
    });
    expect(requests[0]!.method).toBe('PATCH');
    expect(jsonBody(requests[0])).toEqual({ MinWebservers: 3, MaxWebservers: 5, WorkerReplacementStrategy: 'GRACEFUL', MaxWorkers: 7 });
  });

  it('keeps content-length and the signed payload hash in step with the patched body', async () => {
    const { client, requests } = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }]);
    await portsOver(client).mwaa.createEnvironment('eu-west-1', SPEC);
    const request = requests[0]!;
    expect(request.headers['content-length']).toBe(String(Buffer.byteLength(request.body)));
    expect(request.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(request.body).digest('hex'));
  });

  it('sends the fields again on an SDK retry after a 500', async () => {
    const { client, requests } = mwaaClientOverFakeHttp([
      { statusCode: 500, headers: { 'x-amzn-errortype': 'InternalServerException' }, body: JSON.stringify({ message: 'boom' }) },
      { statusCode: 200, body: JSON.stringify({ Arn: ARN }) },
    ]);
    await portsOver(client).mwaa.createEnvironment('eu-west-1', SPEC);
    expect(requests).toHaveLength(2);
    for (const r of requests) expect(jsonBody(r)).toMatchObject({ MinWebservers: 2, MaxWebservers: 4 });
  });

  it('leaves a body without newer fields exactly as the SDK serialized it', async () => {
    const plain = { ...SPEC, minWebservers: undefined, maxWebservers: undefined, webserverAccessMode: 'PRIVATE_ONLY' as const };
    const withMw = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }]);
    const raw = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Arn: ARN }) }], { withNewFieldsMiddleware: false });
    await portsOver(withMw.client).mwaa.createEnvironment('eu-west-1', plain);
    await raw.client.send(new CreateEnvironmentCommand(createInputFromSpec(plain) as CreateEnvironmentCommandInput));
    expect(withMw.requests[0]!.body).toBe(raw.requests[0]!.body);
  });

  it('reads MinWebservers, MaxWebservers and LastUpdate.WorkerReplacementStrategy back from GetEnvironment', async () => {
    const raw = {
      Environment: {
        Name: 'wire-env',
        Arn: ARN,
        Status: 'UPDATING',
        CreatedAt: 1_700_000_000.5,
        MinWebservers: 2,
        MaxWebservers: 4,
        WebserverAccessMode: 'PUBLIC_AND_PRIVATE',
        LastUpdate: { Status: 'PENDING', CreatedAt: 1_700_000_100, WorkerReplacementStrategy: 'FORCED' },
        NetworkConfiguration: { SubnetIds: ['subnet-a', 'subnet-b'], SecurityGroupIds: ['sg-1'] },
      },
    };
    const { client, requests } = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify(raw) }]);
    const env = await portsOver(client).mwaa.getEnvironment('eu-west-1', 'wire-env');
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/environments/wire-env' });
    expect(env).toMatchObject({
      minWebservers: 2,
      maxWebservers: 4,
      webserverAccessMode: 'PUBLIC_AND_PRIVATE',
      createdAt: 1_700_000_000_500,
      lastUpdate: { status: 'PENDING', createdAt: 1_700_000_100_000, workerReplacementStrategy: 'FORCED' },
    });
  });

  it('goes to the api. host prefix by default, and to the bare endpoint with disableHostPrefix and an override', async () => {
    const byDefault = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Environments: [] }) }]);
    await portsOver(byDefault.client).mwaa.listEnvironments('eu-west-1');
    expect(byDefault.requests[0]!.hostname).toBe('api.airflow.eu-west-1.amazonaws.com');

    const overridden = mwaaClientOverFakeHttp([{ statusCode: 200, body: JSON.stringify({ Environments: [] }) }], {
      endpoint: 'http://127.0.0.1:9999',
    });
    await portsOver(overridden.client).mwaa.listEnvironments('eu-west-1');
    expect(overridden.requests[0]!.hostname).toBe('127.0.0.1');
  });

  it('maps an HTML 502 page the SDK cannot parse to Unavailable, by its HTTP status', async () => {
    const { client } = mwaaClientOverFakeHttp([
      { statusCode: 502, headers: { 'content-type': 'text/html' }, body: '<!doctype html><h1>502 Bad Gateway</h1>' },
    ]);
    const sdk = createAwsPorts({ clients: { mwaa: () => client } });
    await expect(sdk.mwaa.getEnvironment('eu-west-1', 'x')).rejects.toMatchObject({ code: 'Unavailable', retryable: true });
  });

  it('maps an error response on the wire to a coded AwsError', async () => {
    const { client } = mwaaClientOverFakeHttp([
      { statusCode: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: JSON.stringify({ message: 'nope' }) },
    ]);
    const error: unknown = await portsOver(client).mwaa.deleteEnvironment('eu-west-1', 'gone').catch((e: unknown) => e);
    expect(isAwsError(error, 'NotFound')).toBe(true);
    expect(error).toMatchObject({ awsName: 'ResourceNotFoundException', service: 'mwaa', operation: 'deleteEnvironment' });
  });
});

describe('new-fields helpers', () => {
  it('picks only the newer request members that are set', () => {
    expect(pickNewRequestFields({ Name: 'x', MinWebservers: 2, MaxWebservers: undefined, WorkerReplacementStrategy: 'FORCED' })).toEqual({
      MinWebservers: 2,
      WorkerReplacementStrategy: 'FORCED',
    });
  });

  it('refuses, rather than drops, fields it cannot add to a non-JSON body', () => {
    expect(() => addFieldsToJsonBody('not json', { MinWebservers: 2 })).toThrow(UnsentFieldsError);
    expect(() => addFieldsToJsonBody('[1]', { MinWebservers: 2 })).toThrow(/MinWebservers/);
    expect(JSON.parse(addFieldsToJsonBody(undefined, { MinWebservers: 2 }))).toEqual({ MinWebservers: 2 });
  });

  it('reads nothing from a raw body without an Environment', () => {
    expect(newEnvironmentFieldsFromRaw({})).toEqual({});
    expect(newEnvironmentFieldsFromRaw({ Environment: { MinWebservers: 'two' } })).toEqual({});
  });
});
