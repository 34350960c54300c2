/**
 * Client construction: per-region caching, endpoint overrides (and MWAA's host prefix), IAM's
 * global signing region, credentials and retry settings, injected clients and destroy().
 */
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { IAMClient } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { createAwsClients, iamSigningRegion } from '../../adapters/aws/clients';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };

function asMwaa(client: unknown): MWAAClient {
  if (!(client instanceof MWAAClient)) throw new Error('expected an MWAAClient');
  return client;
}

describe('createAwsClients', () => {
  it('creates one MWAA and one EC2 client per region, on first use, and reuses it', async () => {
    const clients = createAwsClients({ credentials });
    const west = clients.mwaa('eu-west-1');
    expect(clients.mwaa('eu-west-1')).toBe(west);
    expect(clients.mwaa('us-east-1')).not.toBe(west);
    await expect(asMwaa(west).config.region()).resolves.toBe('eu-west-1');
    const ec2 = clients.ec2('eu-west-1');
    expect(clients.ec2('eu-west-1')).toBe(ec2);
    expect(ec2).toBeInstanceOf(EC2Client);
    await expect((ec2 as EC2Client).config.region()).resolves.toBe('eu-west-1');
    clients.destroy();
  });

  it('sets disableHostPrefix on MWAA only when an endpoint override is given', async () => {
    const plain = asMwaa(createAwsClients({ credentials }).mwaa('eu-west-1'));
    expect(plain.config.disableHostPrefix).toBe(false);
    const overridden = asMwaa(createAwsClients({ credentials, endpoints: { mwaa: 'http://127.0.0.1:5000' } }).mwaa('eu-west-1'));
    expect(overridden.config.disableHostPrefix).toBe(true);
    const endpoint = await overridden.config.endpoint!();
    expect(endpoint).toMatchObject({ hostname: '127.0.0.1', port: 5000, protocol: 'http:' });
  });

  it('signs IAM for us-east-1 whatever the default region, except in China and GovCloud', async () => {
    const iam = createAwsClients({ credentials, region: 'eu-west-1' }).iam() as IAMClient;
    await expect(iam.config.region()).resolves.toBe('us-east-1');
    expect(iamSigningRegion(undefined)).toBe('us-east-1');
    expect(iamSigningRegion('cn-north-1')).toBe('cn-north-1');
    expect(iamSigningRegion('cn-northwest-1')).toBe('cn-north-1');
    expect(iamSigningRegion('us-gov-west-1')).toBe('us-gov-west-1');
    expect(iamSigningRegion('us-gov-east-1')).toBe('us-gov-west-1');
    expect(iamSigningRegion('eu-west-1')).toBe('us-east-1');
  });

  it('points IAM and EC2 at their endpoint overrides', async () => {
    const clients = createAwsClients({ credentials, endpoints: { iam: 'http://127.0.0.1:5001', ec2: 'http://127.0.0.1:5002' } });
    const iamEndpoint = await (clients.iam() as IAMClient).config.endpoint!();
    const ec2Endpoint = await (clients.ec2('eu-west-1') as EC2Client).config.endpoint!();
    expect(iamEndpoint).toMatchObject({ hostname: '127.0.0.1', port: 5001 });
    expect(ec2Endpoint).toMatchObject({ hostname: '127.0.0.1', port: 5002 });
  });

  it('passes credentials and maxAttempts to every client', async () => {
    const clients = createAwsClients({ credentials, maxAttempts: 5 });
    const mwaa = asMwaa(clients.mwaa('eu-west-1'));
    const iam = clients.iam() as IAMClient;
    await expect(mwaa.config.maxAttempts()).resolves.toBe(5);
    await expect(iam.config.maxAttempts()).resolves.toBe(5);
    await expect(mwaa.config.credentials()).resolves.toMatchObject(credentials);
    await expect(iam.config.credentials()).resolves.toMatchObject(credentials);
  });

  it('uses injected clients as given and adds the new-fields middleware to the MWAA one', () => {
    const mwaa = new MWAAClient({ region: 'eu-west-1', credentials });
    const iam = new IAMClient({ region: 'us-east-1', credentials });
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials });
    const factory = jest.fn(() => mwaa);
    const clients = createAwsClients({ clients: { mwaa: factory, iam, ec2: () => ec2 } });
    expect(clients.mwaa('eu-west-1')).toBe(mwaa);
    clients.mwaa('eu-west-1');
    expect(factory).toHaveBeenCalledTimes(1);
    expect(clients.iam()).toBe(iam);
    expect(clients.ec2('eu-west-1')).toBe(ec2);
    expect(mwaa.middlewareStack.identify().join('\n')).toMatch(/mwaaLifecycleSendNewFields - build/);
    expect(mwaa.middlewareStack.identify().join('\n')).toMatch(/mwaaLifecycleRestoreNewFields - initialize/);
  });

  it('adds the middleware once even when the same client serves several regions', () => {
    const mwaa = new MWAAClient({ region: 'eu-west-1', credentials });
    const clients = createAwsClients({ clients: { mwaa: () => mwaa } });
    clients.mwaa('eu-west-1');
    clients.mwaa('us-east-1');
    expect(mwaa.middlewareStack.identify().filter((m) => m.startsWith('mwaaLifecycle'))).toHaveLength(3);
  });

  it('destroys the clients it created and leaves injected ones alone', () => {
    const injected = new IAMClient({ region: 'us-east-1', credentials });
    const injectedDestroy = jest.spyOn(injected, 'destroy');
    const clients = createAwsClients({ credentials, clients: { iam: injected } });
    const created = asMwaa(clients.mwaa('eu-west-1'));
    const createdDestroy = jest.spyOn(created, 'destroy');
    clients.iam();
    clients.destroy();
    expect(createdDestroy).toHaveBeenCalledTimes(1);
    expect(injectedDestroy).not.toHaveBeenCalled();
    expect(clients.mwaa('eu-west-1')).not.toBe(created);
    clients.destroy();
  });
});
