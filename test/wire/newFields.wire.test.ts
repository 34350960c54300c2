/**
 * The client-mwaa 3.523.0 gap, end to end: members the 3.523.0 serializer and deserializer do not
 * know (MinWebservers, MaxWebservers, WorkerReplacementStrategy, `PUBLIC_AND_PRIVATE`) must travel
 * from the real adapter over HTTP into the simulator and back. Nothing may vanish silently.
 */
import type { Environment, EnvironmentSpec } from '../../adapters/port';
import { INCORRECT_CONFIGURATION_FAILURE } from '../../adapters/simulator';
import { useSimulatorWire, waitInVirtualTime, wireSpec } from './simulatorWire';

const REGION = 'eu-west-1';
const HOUR = 3600_000;

const t = useSimulatorWire();

/** The body of the last request the MWAA front saw for `method`. */
function lastBody(method: string): Record<string, unknown> {
  const request = [...t.wire.mwaa.requests].reverse().find((r) => r.method === method);
  if (request === undefined) throw new Error(`no ${method} request reached the MWAA front`);
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** The environment as the simulator holds it, read without HTTP. */
const direct = (name: string): Promise<Environment | null> => t.wire.sim.ports().mwaa.getEnvironment(REGION, name);

const untilStatus = (name: string, statuses: string[]): Promise<Environment | null> =>
  waitInVirtualTime(
    t.wire.sim,
    () => t.aws.mwaa.getEnvironment(REGION, name),
    (e) => e !== null && statuses.includes(e.status),
    3 * HOUR,
  );

describe('the newer MWAA fields through client-mwaa 3.523.0 and the HTTP front', () => {
  it('delivers MinWebservers, MaxWebservers and PUBLIC_AND_PRIVATE from createEnvironment to the simulator and back', async () => {
    const spec: EnvironmentSpec = { ...wireSpec('wire-new-fields'), minWebservers: 3, maxWebservers: 4, webserverAccessMode: 'PUBLIC_AND_PRIVATE' };

    await t.aws.mwaa.createEnvironment(REGION, spec);

    expect(lastBody('PUT')).toMatchObject({ MinWebservers: 3, MaxWebservers: 4, WebserverAccessMode: 'PUBLIC_AND_PRIVATE' });
    const expected = { minWebservers: 3, maxWebservers: 4, webserverAccessMode: 'PUBLIC_AND_PRIVATE' };
    expect(await direct(spec.name)).toMatchObject(expected);
    expect(await t.aws.mwaa.getEnvironment(REGION, spec.name)).toMatchObject(expected);
  });

  it('delivers an update with WorkerReplacementStrategy and new webserver counts, and returns the strategy in LastUpdate', async () => {
    await t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-update'));
    await untilStatus('wire-update', ['AVAILABLE']);

    await t.aws.mwaa.updateEnvironment(REGION, { name: 'wire-update', minWebservers: 2, maxWebservers: 5, workerReplacementStrategy: 'GRACEFUL' });

    expect(lastBody('PATCH')).toMatchObject({ MinWebservers: 2, MaxWebservers: 5, WorkerReplacementStrategy: 'GRACEFUL' });
    expect((await direct('wire-update'))?.lastUpdate?.workerReplacementStrategy).toBe('GRACEFUL');
    expect((await t.aws.mwaa.getEnvironment(REGION, 'wire-update'))?.lastUpdate).toMatchObject({ status: 'PENDING', workerReplacementStrategy: 'GRACEFUL' });
    const updated = await untilStatus('wire-update', ['AVAILABLE', 'UPDATE_FAILED']);
    expect(updated).toMatchObject({ status: 'AVAILABLE', minWebservers: 2, maxWebservers: 5, lastUpdate: { status: 'SUCCESS', workerReplacementStrategy: 'GRACEFUL' } });
  });
});

describe('GetEnvironment through the adapter and the HTTP front', () => {
  const FULL: EnvironmentSpec = {
    ...wireSpec('wire-full'),
    pluginsS3Path: 'plugins.zip',
    pluginsS3ObjectVersion: 'v-plugins',
    requirementsS3Path: 'requirements.txt',
    requirementsS3ObjectVersion: 'v-req',
    startupScriptS3Path: 'startup.sh',
    startupScriptS3ObjectVersion: 'v-start',
    airflowConfigurationOptions: { 'core.default_timezone': 'utc', 'webserver.expose_config': 'False' },
    environmentClass: 'mw1.medium',
    minWorkers: 2,
    maxWorkers: 7,
    minWebservers: 2,
    maxWebservers: 3,
    schedulers: 3,
    kmsKey: 'alias/mwaa-wire',
    airflowVersion: '2.10.3',
    loggingConfiguration: {
      dagProcessingLogs: { enabled: true, logLevel: 'WARNING' },
      taskLogs: { enabled: true, logLevel: 'INFO' },
      webserverLogs: { enabled: false, logLevel: 'ERROR' },
    },
    weeklyMaintenanceWindowStart: 'TUE:03:30',
    tags: { team: 'data', 'cost-center': '42' },
    webserverAccessMode: 'PUBLIC_ONLY',
    endpointManagement: 'SERVICE',
  };

  it('describes an environment exactly as the simulator does, every field included, while CREATING and once AVAILABLE', async () => {
    await t.aws.mwaa.createEnvironment(REGION, FULL);
    expect(await t.aws.mwaa.getEnvironment(REGION, FULL.name)).toEqual(await direct(FULL.name));

    await untilStatus(FULL.name, ['AVAILABLE']);
    const viaWire = await t.aws.mwaa.getEnvironment(REGION, FULL.name);
    expect(viaWire?.status).toBe('AVAILABLE');
    expect(viaWire).toEqual(await direct(FULL.name));
  });

  it('applies an update of every updatable field and then describes the environment exactly as the simulator does', async () => {
    await t.aws.mwaa.createEnvironment(REGION, FULL);
    await untilStatus(FULL.name, ['AVAILABLE']);

    await t.aws.mwaa.updateEnvironment(REGION, {
      name: FULL.name,
      executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution-2',
      sourceBucketArn: 'arn:aws:s3:::wire-dags-2',
      dagS3Path: 'dags/v2',
      pluginsS3Path: 'plugins-2.zip',
      pluginsS3ObjectVersion: 'v-plugins-2',
      requirementsS3Path: 'requirements-2.txt',
      requirementsS3ObjectVersion: 'v-req-2',
      startupScriptS3Path: 'startup-2.sh',
      startupScriptS3ObjectVersion: 'v-start-2',
      airflowConfigurationOptions: { 'core.parallelism': '64' },
      environmentClass: 'mw1.large',
      minWorkers: 3,
      maxWorkers: 9,
      minWebservers: 3,
      maxWebservers: 5,
      schedulers: 4,
      airflowVersion: '2.11.0',
      loggingConfiguration: { schedulerLogs: { enabled: true, logLevel: 'DEBUG' }, taskLogs: { enabled: false, logLevel: 'CRITICAL' } },
      weeklyMaintenanceWindowStart: 'SUN:23:00',
      webserverAccessMode: 'PUBLIC_AND_PRIVATE',
      networkConfiguration: { securityGroupIds: ['sg-0ddd', 'sg-0eee'] },
      workerReplacementStrategy: 'FORCED',
    });

    const updated = await untilStatus(FULL.name, ['AVAILABLE', 'UPDATE_FAILED', 'UNAVAILABLE']);
    expect(updated).toMatchObject({ status: 'AVAILABLE', airflowVersion: '2.11.0', webserverAccessMode: 'PUBLIC_AND_PRIVATE', maxWebservers: 5 });
    expect(updated).toEqual(await direct(FULL.name));
  });

  it('describes a failed create with its LastUpdate error exactly as the simulator does', async () => {
    t.wire.sim.planEnvironment(REGION, 'wire-failed', { createFails: INCORRECT_CONFIGURATION_FAILURE });
    await t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-failed'));

    const failed = await untilStatus('wire-failed', ['CREATE_FAILED', 'AVAILABLE']);

    expect(failed).toMatchObject({ status: 'CREATE_FAILED', lastUpdate: { status: 'FAILED', error: INCORRECT_CONFIGURATION_FAILURE } });
    expect(failed).toEqual(await direct('wire-failed'));
  });
});
