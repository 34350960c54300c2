/**
 * The `regions` uncertainty: which regions EC2 lists for the account, where MWAA answers, and what
 * a call meets in a region MWAA does not serve (yet) or the account has not enabled.
 */
import { COMMERCIAL_REGIONS, REALISTIC_UNCERTAINTY, type RegionFacts, type WireError } from '../../adapters/simulator';
import { MINUTE, REGION, rejection, simulator, spec } from './support';

/** The realistic region facts with these changes. */
const regions = (facts: Partial<RegionFacts>): { regions: RegionFacts } => ({ regions: { ...REALISTIC_UNCERTAINTY.regions, ...facts } });

/** A region MWAA serves only 30 minutes after the simulator starts. */
const LATER = 'ap-northeast-3';
const launchedLater = regions({
  mwaaRegions: REALISTIC_UNCERTAINTY.regions.mwaaRegions.filter((r) => r !== LATER),
  launchedLater: [{ region: LATER, afterMs: 30 * MINUTE }],
});

describe('uncertainty: regions', () => {
  it('lists every commercial region with its opt-in status, enabled opt-in regions as opted-in', async () => {
    const sim = simulator({ uncertainty: regions({ enabledOptInRegions: ['af-south-1'] }) });
    const listed = await sim.ports().network.listRegions();
    expect(listed.map((r) => r.region)).toEqual([...COMMERCIAL_REGIONS]);
    const byName = new Map(listed.map((r) => [r.region, r]));
    expect(byName.get('us-east-1')).toEqual({ region: 'us-east-1', optInStatus: 'opt-in-not-required', enabled: true });
    expect(byName.get('af-south-1')).toEqual({ region: 'af-south-1', optInStatus: 'opted-in', enabled: true });
    expect(byName.get('me-south-1')).toEqual({ region: 'me-south-1', optInStatus: 'not-opted-in', enabled: false });
    expect(sim.calls().at(-1)).toMatchObject({ operation: 'ec2.listRegions', outcome: 'ok' });
  });

  it('answers NoEndpoint in a region MWAA reaches only later, then serves it', async () => {
    const sim = simulator({ uncertainty: launchedLater });
    const { mwaa, network } = sim.ports();
    const error = await rejection(mwaa.listEnvironments(LATER));
    expect(error).toMatchObject({ code: 'NoEndpoint', retryable: false, service: 'mwaa', operation: 'listEnvironments' });
    expect(error.message).toBe(`getaddrinfo ENOTFOUND api.airflow.${LATER}.amazonaws.com`);
    expect((await rejection(mwaa.createEnvironment(LATER, spec('early')))).code).toBe('NoEndpoint');
    // EC2 is there all along.
    await expect(network.listManagedVpcEndpoints(LATER)).resolves.toEqual([]);

    await sim.clock.advance(30 * MINUTE);
    await expect(mwaa.listEnvironments(LATER)).resolves.toEqual([]);
    await expect(mwaa.createEnvironment(LATER, spec('on-time'))).resolves.toHaveProperty('arn');
  });

  it('answers NoEndpoint for MWAA outside its regions and for EC2 outside the partition, before latency and faults', async () => {
    const sim = simulator();
    sim.setLatency('*', { minMs: 5000, maxMs: 5000 });
    sim.addFault({ operation: '*', kind: 'throttle', rate: 1 });
    const before = sim.clock.now();
    // mx-central-1 is an opt-in region without MWAA: DNS fails before the credentials matter.
    const mwaa = await rejection(sim.ports().mwaa.getEnvironment('mx-central-1', 'x'));
    const ec2 = await rejection(sim.ports().network.listNetworkInterfaces('xx-fake-9', {}));
    expect(mwaa).toMatchObject({ code: 'NoEndpoint', awsName: undefined });
    expect(ec2).toMatchObject({ code: 'NoEndpoint', message: 'getaddrinfo ENOTFOUND ec2.xx-fake-9.amazonaws.com' });
    expect(ec2.cause).toMatchObject({ code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'ec2.xx-fake-9.amazonaws.com' });
    expect(sim.clock.now()).toBe(before);
    expect(sim.calls().map((c) => c.outcome)).toEqual(['NoEndpoint', 'NoEndpoint']);
  });

  it('refuses MWAA and EC2 calls in an opt-in region the account has not enabled, as AccessDenied', async () => {
    const sim = simulator();
    const mwaa = await rejection(sim.ports().mwaa.listEnvironments('af-south-1'));
    expect(mwaa).toMatchObject({ code: 'AccessDenied', awsName: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    expect((mwaa.cause as WireError).$metadata.httpStatusCode).toBe(403);
    const ec2 = await rejection(sim.ports().network.listManagedVpcEndpoints('af-south-1'));
    expect(ec2).toMatchObject({ code: 'AccessDenied', awsName: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials' });
    expect((ec2.cause as WireError).$metadata.httpStatusCode).toBe(401);
  });

  it('serves an opt-in region once the account has enabled it', async () => {
    const sim = simulator({ uncertainty: regions({ enabledOptInRegions: ['af-south-1'] }) });
    await expect(sim.ports().mwaa.listEnvironments('af-south-1')).resolves.toEqual([]);
    await expect(sim.ports().network.listManagedVpcEndpoints('af-south-1')).resolves.toEqual([]);
  });

  it('refuses a region of another partition named in mwaaRegions as AWS refuses foreign credentials, and does not list it', async () => {
    const sim = simulator({ uncertainty: regions({ mwaaRegions: [...REALISTIC_UNCERTAINTY.regions.mwaaRegions, 'cn-north-1'] }) });
    const error = await rejection(sim.ports().mwaa.createEnvironment('cn-north-1', spec('china')));
    expect(error).toMatchObject({ code: 'AccessDenied', awsName: 'UnrecognizedClientException' });
    expect((await rejection(sim.ports().network.listManagedVpcEndpoints('cn-north-1'))).awsName).toBe('AuthFailure');
    const listed = await sim.ports().network.listRegions();
    expect(listed.map((r) => r.region)).not.toContain('cn-north-1');
  });

  it('never gates IAM, which is global', async () => {
    const sim = simulator({ uncertainty: regions({ mwaaRegions: [REGION] }) });
    await expect(sim.ports().serviceLinkedRole.createRole({})).resolves.toHaveProperty('roleName');
    expect((await rejection(sim.ports().mwaa.listEnvironments('us-east-1'))).code).toBe('NoEndpoint');
  });
});
