/** GetEnvironment carries the members AWS returns for a new environment, with AWS's defaults. */
import { specMismatches } from '../../machines/environment.logic';
import { DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START } from '../../adapters/simulator/describe';
import { REGION, simulator, spec } from './support';

const LOG_GROUP = `arn:aws:logs:${REGION}:123456789012:log-group:airflow-`;

describe('GetEnvironment of a simulated environment', () => {
  it('reports all five log modules, task logs on by default, with a log group ARN on the enabled ones', async () => {
    const sim = simulator();
    await sim.ports().mwaa.createEnvironment(REGION, spec('logs'));
    const env = await sim.ports().mwaa.getEnvironment(REGION, 'logs');

    expect(env?.loggingConfiguration).toEqual({
      dagProcessingLogs: { enabled: false, logLevel: 'INFO' },
      schedulerLogs: { enabled: false, logLevel: 'INFO' },
      webserverLogs: { enabled: false, logLevel: 'INFO' },
      workerLogs: { enabled: false, logLevel: 'INFO' },
      taskLogs: { enabled: true, logLevel: 'INFO', cloudWatchLogGroupArn: `${LOG_GROUP}logs-Task` },
    });
  });

  it('names each enabled module its own log group and discards a log group ARN sent in the request', async () => {
    const sim = simulator();
    const on = { enabled: true, logLevel: 'WARNING' } as const;
    await sim.ports().mwaa.createEnvironment(
      REGION,
      spec('all-logs', {
        loggingConfiguration: {
          dagProcessingLogs: { ...on, cloudWatchLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:mine' },
          schedulerLogs: on,
          webserverLogs: on,
          workerLogs: on,
          taskLogs: { enabled: false, logLevel: 'ERROR' },
        },
      }),
    );
    const logging = (await sim.ports().mwaa.getEnvironment(REGION, 'all-logs'))?.loggingConfiguration;

    expect(logging?.dagProcessingLogs?.cloudWatchLogGroupArn).toBe(`${LOG_GROUP}all-logs-DAGProcessing`);
    expect(logging?.schedulerLogs?.cloudWatchLogGroupArn).toBe(`${LOG_GROUP}all-logs-Scheduler`);
    expect(logging?.webserverLogs?.cloudWatchLogGroupArn).toBe(`${LOG_GROUP}all-logs-WebServer`);
    expect(logging?.workerLogs?.cloudWatchLogGroupArn).toBe(`${LOG_GROUP}all-logs-Worker`);
    expect(logging?.taskLogs).toEqual({ enabled: false, logLevel: 'ERROR' });
  });

  it('keeps the log group ARNs after an update changes one module', async () => {
    const sim = simulator();
    sim.planEnvironment(REGION, 'upd', { createDurationMs: 60_000, updateDurationMs: 60_000 });
    await sim.ports().mwaa.createEnvironment(REGION, spec('upd'));
    await sim.clock.advance(60_000);
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'upd', loggingConfiguration: { workerLogs: { enabled: true, logLevel: 'DEBUG' } } });
    await sim.clock.advance(60_000);
    const logging = (await sim.ports().mwaa.getEnvironment(REGION, 'upd'))?.loggingConfiguration;

    expect(logging?.workerLogs).toEqual({ enabled: true, logLevel: 'DEBUG', cloudWatchLogGroupArn: `${LOG_GROUP}upd-Worker` });
    expect(logging?.taskLogs?.cloudWatchLogGroupArn).toBe(`${LOG_GROUP}upd-Task`);
  });

  it('reports a weekly maintenance window and empty tags when the request named none', async () => {
    const sim = simulator();
    await sim.ports().mwaa.createEnvironment(REGION, spec('bare'));
    await sim.ports().mwaa.createEnvironment(REGION, spec('chosen', { weeklyMaintenanceWindowStart: 'TUE:03:30', tags: { team: 'data' } }));

    await expect(sim.ports().mwaa.getEnvironment(REGION, 'bare')).resolves.toMatchObject({
      weeklyMaintenanceWindowStart: DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START,
      tags: {},
    });
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'chosen')).resolves.toMatchObject({
      weeklyMaintenanceWindowStart: 'TUE:03:30',
      tags: { team: 'data' },
    });
  });

  it('still matches the spec it was created from, defaults and log groups notwithstanding', async () => {
    const sim = simulator();
    const requests = [
      spec('plain'),
      spec('logged', { loggingConfiguration: { schedulerLogs: { enabled: true, logLevel: 'ERROR' } }, weeklyMaintenanceWindowStart: 'WED:01:00' }),
    ];
    for (const request of requests) {
      await sim.ports().mwaa.createEnvironment(REGION, request);
      const env = await sim.ports().mwaa.getEnvironment(REGION, request.name);
      expect(env && specMismatches(request, env)).toEqual([]);
    }
  });
});
