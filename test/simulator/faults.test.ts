import { isAwsError } from '../../adapters/errors';
import type { WireError } from '../../adapters/simulator';
import { MINUTE, OTHER_REGION, REGION, rejection, simulator, spec } from './support';

describe('simulated faults, latency and aborts', () => {
  it('throttles an operation at the configured rate', async () => {
    const sim = simulator({ faults: [{ operation: 'mwaa.getEnvironment', kind: 'throttle', rate: 0.3 }] });
    let throttled = 0;
    for (let i = 0; i < 2000; i++) {
      try {
        await sim.ports().mwaa.getEnvironment(REGION, 'x');
      } catch (e) {
        if (!isAwsError(e, 'Throttled')) throw e;
        throttled++;
      }
    }
    expect(throttled / 2000).toBeGreaterThan(0.26);
    expect(throttled / 2000).toBeLessThan(0.34);
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual([]);
  });

  it("raises each service's own throttling and 5xx errors, retryable and shaped like the SDK's", async () => {
    const sim = simulator({
      faults: [
        { operation: 'mwaa.listEnvironments', kind: 'throttle', rate: 1 },
        { operation: 'iam.getRole', kind: 'throttle', rate: 1 },
        { operation: 'ec2.listManagedVpcEndpoints', kind: 'throttle', rate: 1 },
        { operation: 'mwaa.getEnvironment', kind: 'unavailable', rate: 1 },
        { operation: 'iam.deleteRole', kind: 'unavailable', rate: 1 },
        { operation: 'ec2.listNetworkInterfaces', kind: 'unavailable', rate: 1 },
      ],
    });
    const ports = sim.ports();
    const cases = [
      [ports.mwaa.listEnvironments(REGION), 'Throttled', 'ThrottlingException', 429],
      [ports.serviceLinkedRole.getRole(), 'Throttled', 'Throttling', 400],
      [ports.network.listManagedVpcEndpoints(REGION), 'Throttled', 'RequestLimitExceeded', 503],
      [ports.mwaa.getEnvironment(REGION, 'x'), 'Unavailable', 'InternalServerException', 500],
      [ports.serviceLinkedRole.deleteRole(), 'Unavailable', 'ServiceFailure', 500],
      [ports.network.listNetworkInterfaces(REGION, {}), 'Unavailable', 'InternalError', 500],
    ] as const;
    for (const [call, code, awsName, status] of cases) {
      const error = await rejection(call);
      expect(error).toMatchObject({ code, awsName, retryable: true });
      expect((error.cause as WireError).$metadata.httpStatusCode).toBe(status);
    }
    const iamError = await rejection(ports.serviceLinkedRole.deleteRole());
    expect(iamError.cause).toMatchObject({ name: 'ServiceFailureException', Code: 'ServiceFailure', $fault: 'server' });
  });

  it('applies a rule only in its region and time window', async () => {
    const start = simulator().clock.now();
    const sim = simulator({ faults: [{ operation: '*', kind: 'unavailable', rate: 1, region: REGION, from: start + MINUTE, until: start + 2 * MINUTE }] });
    const { mwaa, serviceLinkedRole } = sim.ports();
    await expect(mwaa.listEnvironments(REGION)).resolves.toEqual([]);
    await sim.clock.advance(MINUTE);
    await expect(rejection(mwaa.listEnvironments(REGION))).resolves.toHaveProperty('code', 'Unavailable');
    await expect(mwaa.listEnvironments(OTHER_REGION)).resolves.toEqual([]);
    await expect(serviceLinkedRole.getRole()).resolves.toBeNull();
    await sim.clock.advance(MINUTE);
    await expect(mwaa.listEnvironments(REGION)).resolves.toEqual([]);
  });

  it('fails the next call as scripted and then recovers', async () => {
    const sim = simulator();
    sim.failNext({ operation: 'mwaa.createEnvironment', times: 2, awsName: 'InternalServerException', message: 'try later' });
    const { mwaa } = sim.ports();
    const first = await rejection(mwaa.createEnvironment(REGION, spec('retry')));
    expect(first).toMatchObject({ code: 'Unavailable', awsName: 'InternalServerException', message: 'try later', retryable: true });
    await expect(rejection(mwaa.createEnvironment(REGION, spec('retry')))).resolves.toHaveProperty('code', 'Unavailable');
    await expect(mwaa.getEnvironment(REGION, 'retry')).resolves.toBeNull();
    await expect(mwaa.createEnvironment(REGION, spec('retry'))).resolves.toHaveProperty('arn');
    expect(sim.calls().map((c) => c.outcome)).toEqual(['Unavailable', 'Unavailable', 'ok', 'ok']);
  });

  it('classifies a scripted wire error with the shared table, as the real adapter would', async () => {
    const sim = simulator();
    sim.failNext({ operation: 'mwaa.createEnvironment', awsName: 'ValidationException', message: "Failed to assume role arn:aws:iam::123456789012:role/r. Please ensure your role is assumable by 'airflow-env.amazonaws.com' Service Principal and try again." });
    sim.failNext({ operation: 'iam.deleteRole', awsName: 'DeleteConflict', message: 'in use' });
    // MWAA refusing a create while IAM propagates the execution role is transient: retryable, still InvalidInput.
    await expect(rejection(sim.ports().mwaa.createEnvironment(REGION, spec('x')))).resolves.toMatchObject({ code: 'InvalidInput', retryable: true });
    await expect(rejection(sim.ports().serviceLinkedRole.deleteRole())).resolves.toMatchObject({ code: 'InUse', awsName: 'DeleteConflict' });
    expect(sim.inventory().serviceLinkedRole).toBeNull();
  });

  it('scopes a scripted failure to a region', async () => {
    const sim = simulator();
    sim.failNext({ operation: 'mwaa.listEnvironments', awsName: 'AccessDeniedException', message: 'no', region: OTHER_REGION });
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual([]);
    await expect(rejection(sim.ports().mwaa.listEnvironments(OTHER_REGION))).resolves.toHaveProperty('code', 'AccessDenied');
  });

  it('removes every rule and scripted failure with clearFaults', async () => {
    const sim = simulator({ faults: [{ operation: '*', kind: 'throttle', rate: 1 }] });
    sim.failNext({ operation: 'iam.getRole', awsName: 'Throttling', message: 'Rate exceeded' });
    sim.clearFaults();
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toBeNull();
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual([]);
  });

  it('has no side effect when a call fails', async () => {
    const sim = simulator({ faults: [{ operation: 'mwaa.createEnvironment', kind: 'throttle', rate: 1 }] });
    await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('nothing')));
    expect(sim.inventory()).toEqual({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [], deletionTasks: [] });
    expect(sim.events()).toEqual([]);
    expect(sim.calls()).toEqual([expect.objectContaining({ operation: 'mwaa.createEnvironment', target: 'nothing', outcome: 'Throttled' })]);
  });

  it('makes a call take its configured virtual latency', async () => {
    const sim = simulator();
    sim.setLatency('*', { minMs: 100, maxMs: 100 });
    sim.setLatency('mwaa.createEnvironment', { minMs: 2000, maxMs: 2000 });
    const start = sim.clock.now();
    await sim.clock.run(sim.ports().mwaa.createEnvironment(REGION, spec('slow')));
    expect(sim.clock.now() - start).toBe(2000);
    await sim.clock.run(sim.ports().mwaa.listEnvironments(REGION));
    expect(sim.clock.now() - start).toBe(2100);
    const [call] = sim.calls();
    expect(call).toMatchObject({ startedAt: start, at: start + 2000, outcome: 'ok' });
  });

  it('aborts a call whose signal fires', async () => {
    const sim = simulator();
    sim.setLatency('mwaa.createEnvironment', { minMs: 5000, maxMs: 5000 });
    const controller = new AbortController();
    const pending = sim.ports().mwaa.createEnvironment(REGION, spec('aborted'), controller.signal);
    await sim.clock.advance(1000);
    controller.abort(new Error('user cancelled'));
    const error = await rejection(pending);
    expect(error).toMatchObject({ code: 'Aborted', service: 'mwaa', operation: 'createEnvironment', retryable: false });
    await sim.clock.advance(10_000);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'aborted')).resolves.toBeNull();
    expect(sim.clock.pendingTimers()).toBe(0);
  });

  it('refuses a call whose signal has already fired', async () => {
    const sim = simulator();
    const error = await rejection(sim.ports().serviceLinkedRole.createRole({}, AbortSignal.abort()));
    expect(error).toMatchObject({ code: 'Aborted', service: 'iam', operation: 'createRole' });
    expect(sim.inventory().serviceLinkedRole).toBeNull();
  });

  it('rejects a fault rate outside 0..1', () => {
    expect(() => simulator().addFault({ operation: '*', kind: 'throttle', rate: 1.5 })).toThrow(RangeError);
  });
});
