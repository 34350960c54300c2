/** What the simulated MWAA offers an account: the Airflow versions of its world and the worker quota. */
import { AIRFLOW_VERSIONS, RETIRED_AIRFLOW_VERSIONS } from '../../domain/validation';
import { REGION, advanceUntil, rejection, simulator, spec } from './support';

describe('simulated MWAA offer', () => {
  describe('Airflow versions', () => {
    it('creates environments on the newest offered version when the create names none', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('dflt'));
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'dflt')).resolves.toHaveProperty('airflowVersion', '3.0.6');
    });

    it('defaults to the newest of the versions its world offers, by version order', async () => {
      const sim = simulator({ airflowVersions: ['2.10.3', '2.9.2', '2.8.1'] });
      await sim.ports().mwaa.createEnvironment(REGION, spec('older'));
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'older')).resolves.toHaveProperty('airflowVersion', '2.10.3');
    });

    it.each(AIRFLOW_VERSIONS)('accepts a create on the offered version %s by default', async (airflowVersion) => {
      const sim = simulator();
      await expect(sim.ports().mwaa.createEnvironment(REGION, spec('v', { airflowVersion }))).resolves.toHaveProperty('arn');
    });

    it.each([...RETIRED_AIRFLOW_VERSIONS, '9.9.9'])('refuses a create on %s, which the world does not offer, with a ValidationException', async (airflowVersion) => {
      const sim = simulator();
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('old', { airflowVersion })));
      expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException', retryable: false });
      expect(error.message).toBe(`Invalid request provided: Airflow version ${airflowVersion} is not supported. Supported versions: ${AIRFLOW_VERSIONS.join(', ')}.`);
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'old')).resolves.toBeNull();
    });

    it('refuses an update to a version the world does not offer, and leaves the environment as it was', async () => {
      const sim = simulator({ airflowVersions: ['2.10.3', '2.11.0'] });
      await sim.ports().mwaa.createEnvironment(REGION, spec('upd', { airflowVersion: '2.10.3' }));
      await advanceUntil(sim, 'upd', ['AVAILABLE']);
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'upd', airflowVersion: '3.0.6' }));
      expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException' });
      expect(error.message).toContain('Airflow version 3.0.6 is not supported');
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'upd')).resolves.toMatchObject({ status: 'AVAILABLE', airflowVersion: '2.10.3' });
      await expect(sim.ports().mwaa.updateEnvironment(REGION, { name: 'upd', airflowVersion: '2.11.0' })).resolves.toHaveProperty('arn');
    });

    it('offers a retired version when its world says so', async () => {
      const sim = simulator({ airflowVersions: ['2.6.3', ...AIRFLOW_VERSIONS] });
      await expect(sim.ports().mwaa.createEnvironment(REGION, spec('legacy', { airflowVersion: '2.6.3' }))).resolves.toHaveProperty('arn');
    });

    it('refuses a world that offers no Airflow version', () => {
      expect(() => simulator({ airflowVersions: [] })).toThrow(RangeError);
    });
  });

  describe('worker quota', () => {
    it('refuses a create with maxWorkers above the default quota of 25, and accepts 25', async () => {
      const sim = simulator();
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('big', { maxWorkers: 26 })));
      expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException' });
      expect(error.message).toBe('Invalid request provided: MaxWorkers (26) exceeds the limit of 25 workers per environment for this account.');
      await expect(sim.ports().mwaa.createEnvironment(REGION, spec('max', { maxWorkers: 25 }))).resolves.toHaveProperty('arn');
    });

    it('accepts maxWorkers up to a raised workerQuota and refuses beyond it', async () => {
      const sim = simulator({ workerQuota: 40 });
      await expect(sim.ports().mwaa.createEnvironment(REGION, spec('raised', { maxWorkers: 40 }))).resolves.toHaveProperty('arn');
      await expect(rejection(sim.ports().mwaa.createEnvironment(REGION, spec('over', { maxWorkers: 41 })))).resolves.toMatchObject({
        code: 'InvalidInput',
      });
    });

    it('refuses an update with maxWorkers above the quota', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('grow'));
      await advanceUntil(sim, 'grow', ['AVAILABLE']);
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'grow', maxWorkers: 30 }));
      expect(error.message).toContain('MaxWorkers (30) exceeds the limit of 25');
    });
  });

  describe('per-class capacity', () => {
    it('refuses a micro environment with 2 schedulers', async () => {
      const sim = simulator();
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('tiny', { environmentClass: 'mw1.micro', schedulers: 2 })));
      expect(error).toMatchObject({ code: 'InvalidInput', message: 'Invalid request provided: Schedulers (2) must be 1 for environment class mw1.micro.' });
    });

    it('refuses an update to 1 web server on an mw1.small environment, judged on the resulting configuration', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('small'));
      await advanceUntil(sim, 'small', ['AVAILABLE']);
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'small', minWebservers: 1, maxWebservers: 1 }));
      expect(error.message).toBe('Invalid request provided: MinWebservers (1) must be between 2 and 5 for environment class mw1.small.');
    });
  });
});
