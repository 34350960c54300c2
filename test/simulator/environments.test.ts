import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import { HOUR, MINUTE, OTHER_REGION, REGION, advanceUntil, rejection, simulator, spec, statusOf, statusPath } from './support';

describe('simulated MWAA environments', () => {
  describe('create', () => {
    it('completes a 40-minute create as AVAILABLE', async () => {
      const sim = simulator();
      sim.planEnvironment(REGION, 'prod', { createDurationMs: 40 * MINUTE });
      const { arn } = await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));

      expect(arn).toBe(`arn:aws:airflow:${REGION}:123456789012:environment/prod`);
      const creating = await sim.ports().mwaa.getEnvironment(REGION, 'prod');
      expect(creating).toMatchObject({ status: 'CREATING', lastUpdate: { status: 'PENDING' } });
      await sim.clock.advance(40 * MINUTE - 1);
      await expect(statusOf(sim, 'prod')).resolves.toBe('CREATING');
      await sim.clock.advance(1);
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'prod');
      expect(env).toMatchObject({ status: 'AVAILABLE', lastUpdate: { status: 'SUCCESS' } });
      expect(env?.lastUpdate?.error).toBeUndefined();
      expect(statusPath(sim, 'prod')).toEqual(['CREATING', 'AVAILABLE']);
    });

    it('describes the environment with the spec echoed, documented defaults and the service-linked role', async () => {
      const sim = simulator();
      const request = spec('echo', { tags: { team: 'data' }, maxWorkers: 4 });
      await sim.ports().mwaa.createEnvironment(REGION, request);
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'echo');

      expect(env).toMatchObject({ ...request, environmentClass: 'mw1.small', schedulers: 2, webserverAccessMode: 'PRIVATE_ONLY' });
      expect(env?.serviceRoleArn).toBe(`arn:aws:iam::123456789012:role${SERVICE_LINKED_ROLE.path}${SERVICE_LINKED_ROLE.roleName}`);
      expect(env?.createdAt).toBe(sim.clock.now());
      expect(env?.webserverUrl).toMatch(/\.airflow\.amazonaws\.com$/);
      expect(env?.databaseVpcEndpointService).toMatch(new RegExp(`^com\\.amazonaws\\.vpce\\.${REGION}\\.vpce-svc-`));
    });

    it('ends CREATE_FAILED with LastUpdate.Error when the plan says so', async () => {
      const sim = simulator();
      const createFails = { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'check your VPC' };
      sim.planEnvironment(REGION, 'broken', { createFails });
      await sim.ports().mwaa.createEnvironment(REGION, spec('broken'));

      await expect(advanceUntil(sim, 'broken', ['AVAILABLE', 'CREATE_FAILED'])).resolves.toBe('CREATE_FAILED');
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'broken');
      expect(env?.lastUpdate).toMatchObject({ status: 'FAILED', error: createFails });
    });

    it('stays PENDING with customer-managed endpoints until released', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('byo', { endpointManagement: 'CUSTOMER' }));
      await expect(advanceUntil(sim, 'byo', ['PENDING', 'AVAILABLE'])).resolves.toBe('PENDING');
      await sim.clock.advance(48 * HOUR);
      await expect(statusOf(sim, 'byo')).resolves.toBe('PENDING');
      await expect(sim.ports().network.listManagedVpcEndpoints(REGION)).resolves.toEqual([]);

      sim.releasePendingEnvironment(REGION, 'byo');
      await expect(advanceUntil(sim, 'byo', ['AVAILABLE', 'CREATE_FAILED'])).resolves.toBe('AVAILABLE');
      expect(statusPath(sim, 'byo')).toEqual(['CREATING', 'PENDING', 'CREATING', 'AVAILABLE']);
      await sim.clock.advance(72 * HOUR);
      await expect(statusOf(sim, 'byo')).resolves.toBe('AVAILABLE');
    });

    it('goes PENDING → CREATE_FAILED after 72 hours', async () => {
      const sim = simulator();
      sim.planEnvironment(REGION, 'byo', { createDurationMs: 30 * MINUTE });
      await sim.ports().mwaa.createEnvironment(REGION, spec('byo', { endpointManagement: 'CUSTOMER' }));
      await sim.clock.advance(30 * MINUTE + 72 * HOUR - 1);
      await expect(statusOf(sim, 'byo')).resolves.toBe('PENDING');
      await sim.clock.advance(1);
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'byo');
      expect(env).toMatchObject({ status: 'CREATE_FAILED', lastUpdate: { status: 'FAILED' } });
      expect(env?.lastUpdate?.error?.errorMessage).toMatch(/72 hours/);
    });

    it('rejects a second CreateEnvironment of the same name, but not in another region or account', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('twin'));
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('twin')));
      expect(error).toMatchObject({ code: 'AlreadyExists', awsName: 'ValidationException', message: 'Environment twin already exists.' });
      await expect(sim.ports().mwaa.createEnvironment(OTHER_REGION, spec('twin'))).resolves.toHaveProperty('arn');
      await expect(sim.ports('210987654321').mwaa.createEnvironment(REGION, spec('twin'))).resolves.toEqual({
        arn: `arn:aws:airflow:${REGION}:210987654321:environment/twin`,
      });
    });

    it('enforces 10 environments per region', async () => {
      const sim = simulator();
      for (let i = 0; i < 10; i++) await sim.ports().mwaa.createEnvironment(REGION, spec(`env${i}`));
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('env10')));
      expect(error).toMatchObject({ code: 'LimitExceeded', awsName: 'ValidationException' });
      expect(error.message).toBe(`You have reached the maximum number of environments (10) for this account in ${REGION}.`);
      await expect(sim.ports().mwaa.createEnvironment(OTHER_REGION, spec('env10'))).resolves.toHaveProperty('arn');
    });

    it('takes the quota from the options', async () => {
      const sim = simulator({ environmentQuota: 1 });
      await sim.ports().mwaa.createEnvironment(REGION, spec('one'));
      await expect(rejection(sim.ports().mwaa.createEnvironment(REGION, spec('two')))).resolves.toHaveProperty('code', 'LimitExceeded');
    });

    it('rejects invalid input with InvalidInput before anything exists', async () => {
      const sim = simulator();
      const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('ok', { maxWorkers: 0 })));
      expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException', retryable: false });
      expect(error.message).toContain("at 'maxWorkers'");
      expect(sim.events()).toEqual([]);
      expect(sim.inventory().serviceLinkedRole).toBeNull();
    });
  });

  describe('update', () => {
    async function available(name: string, sim = simulator()): Promise<typeof sim> {
      await sim.ports().mwaa.createEnvironment(REGION, spec(name, { airflowVersion: '2.10.3' }));
      await advanceUntil(sim, name, ['AVAILABLE']);
      return sim;
    }

    it('goes UPDATING → AVAILABLE and applies the change at the end', async () => {
      const sim = await available('upd');
      sim.planEnvironment(REGION, 'upd', { updateDurationMs: 15 * MINUTE });
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'upd', maxWorkers: 7, workerReplacementStrategy: 'GRACEFUL' });
      const during = await sim.ports().mwaa.getEnvironment(REGION, 'upd');
      expect(during).toMatchObject({ status: 'UPDATING', maxWorkers: 10, lastUpdate: { status: 'PENDING', workerReplacementStrategy: 'GRACEFUL' } });
      await sim.clock.advance(15 * MINUTE);
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'upd')).resolves.toMatchObject({
        status: 'AVAILABLE',
        maxWorkers: 7,
        lastUpdate: { status: 'SUCCESS' },
      });
    });

    it('passes through CREATING_SNAPSHOT on an Airflow version upgrade', async () => {
      const sim = await available('upg');
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'upg', airflowVersion: '2.11.0' });
      await advanceUntil(sim, 'upg', ['AVAILABLE', 'UPDATE_FAILED']);
      expect(statusPath(sim, 'upg')).toEqual(['CREATING', 'AVAILABLE', 'UPDATING', 'CREATING_SNAPSHOT', 'UPDATING', 'AVAILABLE']);
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'upg')).resolves.toHaveProperty('airflowVersion', '2.11.0');
    });

    it('rolls back to UPDATE_FAILED, keeps the previous configuration, and accepts a new update from there', async () => {
      const sim = await available('rb');
      sim.planEnvironment(REGION, 'rb', { updateFails: 'rollback' });
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'rb', airflowVersion: '2.11.0' });
      await advanceUntil(sim, 'rb', ['UPDATE_FAILED', 'AVAILABLE']);
      expect(statusPath(sim, 'rb').slice(2)).toEqual(['UPDATING', 'CREATING_SNAPSHOT', 'UPDATING', 'ROLLING_BACK', 'UPDATE_FAILED']);
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'rb');
      expect(env).toMatchObject({ airflowVersion: '2.10.3', lastUpdate: { status: 'FAILED', error: { errorCode: 'UPDATE_FAILED' } } });

      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'rb', maxWorkers: 3 });
      await expect(advanceUntil(sim, 'rb', ['AVAILABLE', 'UPDATE_FAILED'])).resolves.toBe('AVAILABLE');
    });

    it('ends UNAVAILABLE when the rollback itself fails', async () => {
      const sim = await available('un');
      sim.planEnvironment(REGION, 'un', { updateFails: 'unavailable' });
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'un', maxWorkers: 2 });
      await expect(advanceUntil(sim, 'un', ['UNAVAILABLE', 'AVAILABLE'])).resolves.toBe('UNAVAILABLE');
      expect(statusPath(sim, 'un').slice(-2)).toEqual(['ROLLING_BACK', 'UNAVAILABLE']);
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'un', maxWorkers: 3 }));
      expect(error).toMatchObject({ code: 'Conflict', message: 'Environments with UNAVAILABLE status cannot be updated.' });
    });

    it('returns to AVAILABLE with a FAILED LastUpdate when the plan says so', async () => {
      const sim = await available('quiet');
      sim.planEnvironment(REGION, 'quiet', { updateFails: 'available-with-failed-update' });
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'quiet', maxWorkers: 2 });
      await expect(advanceUntil(sim, 'quiet', ['AVAILABLE'])).resolves.toBe('AVAILABLE');
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'quiet')).resolves.toMatchObject({
        maxWorkers: 10,
        lastUpdate: { status: 'FAILED' },
      });
    });

    it('rejects an update while UPDATING with the previous-operation conflict', async () => {
      const sim = await available('busy');
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'busy', maxWorkers: 2 });
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'busy', maxWorkers: 3 }));
      expect(error).toMatchObject({
        code: 'Conflict',
        awsName: 'ValidationException',
        message: 'Environments with UPDATING status must complete previous operation before initiating a new operation',
      });
      await expect(rejection(sim.ports().mwaa.deleteEnvironment(REGION, 'busy'))).resolves.toHaveProperty('code', 'Conflict');
    });

    it('rejects an update of a CREATE_FAILED environment as "cannot be updated"', async () => {
      const sim = simulator();
      sim.planEnvironment(REGION, 'cf', { createFails: { errorCode: 'X', errorMessage: 'y' } });
      await sim.ports().mwaa.createEnvironment(REGION, spec('cf'));
      await advanceUntil(sim, 'cf', ['CREATE_FAILED']);
      const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'cf', maxWorkers: 2 }));
      expect(error).toMatchObject({ code: 'Conflict', message: 'Environments with CREATE_FAILED status cannot be updated.' });
    });

    it('rejects a major Airflow version change and a change that breaks min <= max against the current configuration', async () => {
      const sim = await available('rules');
      const major = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'rules', airflowVersion: '3.0.6' }));
      expect(major).toMatchObject({ code: 'InvalidInput' });
      const range = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'rules', minWorkers: 11 }));
      expect(range.message).toBe('Invalid request provided: MinWorkers (11) must be less than or equal to MaxWorkers (10).');
      await expect(statusOf(sim, 'rules')).resolves.toBe('AVAILABLE');
    });

    it('rejects an update of an unknown environment with NotFound', async () => {
      const error = await rejection(simulator().ports().mwaa.updateEnvironment(REGION, { name: 'ghost' }));
      expect(error).toMatchObject({ code: 'NotFound', awsName: 'ResourceNotFoundException', message: 'Environment ghost was not found.' });
    });
  });

  describe('delete', () => {
    it('goes DELETING → a briefly visible DELETED → not found', async () => {
      const sim = simulator();
      sim.planEnvironment(REGION, 'bye', { createDurationMs: 20 * MINUTE, deleteDurationMs: 12 * MINUTE });
      await sim.ports().mwaa.createEnvironment(REGION, spec('bye'));
      await sim.clock.advance(20 * MINUTE);
      await sim.ports().mwaa.deleteEnvironment(REGION, 'bye');
      await expect(statusOf(sim, 'bye')).resolves.toBe('DELETING');
      await sim.clock.advance(12 * MINUTE);
      await expect(statusOf(sim, 'bye')).resolves.toBe('DELETED');
      await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual(['bye']);

      const again = await rejection(sim.ports().mwaa.deleteEnvironment(REGION, 'bye'));
      expect(again).toMatchObject({ code: 'NotFound', awsName: 'ValidationException', message: 'Environments with DELETED status cannot be deleted.' });

      await sim.clock.advance(2 * MINUTE);
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'bye')).resolves.toBeNull();
      await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual([]);
      const gone = await rejection(sim.ports().mwaa.deleteEnvironment(REGION, 'bye'));
      expect(gone).toMatchObject({ code: 'NotFound', awsName: 'ResourceNotFoundException' });
    });

    it('rejects a delete while CREATING with the previous-operation conflict', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('young'));
      const error = await rejection(sim.ports().mwaa.deleteEnvironment(REGION, 'young'));
      expect(error).toMatchObject({
        code: 'Conflict',
        message: 'Environments with CREATING status must complete previous operation before initiating a new operation',
      });
    });

    it('deletes a PENDING environment, which then never times out into CREATE_FAILED', async () => {
      const sim = simulator();
      await sim.ports().mwaa.createEnvironment(REGION, spec('byo', { endpointManagement: 'CUSTOMER' }));
      await advanceUntil(sim, 'byo', ['PENDING']);
      await sim.ports().mwaa.deleteEnvironment(REGION, 'byo');
      await expect(advanceUntil(sim, 'byo', [null])).resolves.toBeNull();
      await sim.clock.advance(100 * HOUR);
      expect(statusPath(sim, 'byo')).toEqual(['CREATING', 'PENDING', 'DELETING', 'DELETED']);
    });

    it('deletes CREATE_FAILED and UPDATE_FAILED environments', async () => {
      const sim = simulator();
      sim.planEnvironment(REGION, 'cf', { createFails: { errorCode: 'X', errorMessage: 'y' } });
      sim.planEnvironment(REGION, 'uf', { updateFails: 'rollback' });
      await sim.ports().mwaa.createEnvironment(REGION, spec('cf'));
      await sim.ports().mwaa.createEnvironment(REGION, spec('uf'));
      await advanceUntil(sim, 'uf', ['AVAILABLE']);
      await advanceUntil(sim, 'cf', ['CREATE_FAILED']);
      await sim.ports().mwaa.updateEnvironment(REGION, { name: 'uf', maxWorkers: 2 });
      await advanceUntil(sim, 'uf', ['UPDATE_FAILED']);
      await sim.ports().mwaa.deleteEnvironment(REGION, 'cf');
      await sim.ports().mwaa.deleteEnvironment(REGION, 'uf');
      await advanceUntil(sim, 'cf', [null]);
      await advanceUntil(sim, 'uf', [null]);
    });

    it('rejects a delete of an unknown environment with NotFound', async () => {
      const error = await rejection(simulator().ports().mwaa.deleteEnvironment(REGION, 'ghost'));
      expect(error).toMatchObject({ code: 'NotFound', message: 'Environment ghost was not found.' });
    });
  });

  describe('get and list', () => {
    it('returns null for an unknown environment and InvalidInput for an invalid name', async () => {
      const sim = simulator();
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'ghost')).resolves.toBeNull();
      await expect(rejection(sim.ports().mwaa.getEnvironment(REGION, 'not/valid'))).resolves.toHaveProperty('code', 'InvalidInput');
    });

    it('redacts configuration option values', async () => {
      const sim = simulator();
      const options = { 'core.fernet_key': 's3cr3t', 'webserver.secret_key': 'also-secret' };
      await sim.ports().mwaa.createEnvironment(REGION, spec('cfg', { airflowConfigurationOptions: options }));
      const env = await sim.ports().mwaa.getEnvironment(REGION, 'cfg');
      expect(env?.airflowConfigurationOptions).toEqual({ 'core.fernet_key': '***', 'webserver.secret_key': '***' });
      expect(JSON.stringify(sim.events())).not.toContain('s3cr3t');
    });

    it('lists every environment of the region across more than one page', async () => {
      const sim = simulator({ environmentQuota: 60 });
      const names = Array.from({ length: 53 }, (_, i) => `env-${String(i).padStart(2, '0')}`);
      for (const name of names) await sim.ports().mwaa.createEnvironment(REGION, spec(name));
      await sim.ports().mwaa.createEnvironment(OTHER_REGION, spec('elsewhere'));
      await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual(names);
    });
  });
});
