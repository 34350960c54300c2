/**
 * A whole account lifecycle through the command line against `serve`: apply creates the role's
 * user environment, teardown deletes it and then finds the role blocked by someone else's
 * environment; once its owner deletes that one (over the wire, as any client would), the same
 * teardown deletes the role. The endpoint's clock runs at 200 virtual ms per real ms and the
 * spawned CLI's wall clock at the same pace, so polls minutes apart happen in seconds.
 */
/* eslint-disable no-restricted-imports -- the wire is measured with the AWS SDK clients themselves, as any client of serve would use them */
import { DeleteEnvironmentCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioFromJson } from '../../server/scenario';
import { startServer, type RunningServer } from '../../server';
import { tmp } from '../cli/helpers';
import { spawnWarpedCli, watch } from './support/cli';

const SPEED = 200;

const spec = (name: string, subnets: [string, string], sg: string) => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
  sourceBucketArn: 'arn:aws:s3:::served-dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: subnets, securityGroupIds: [sg] },
});

const minutes = (min: number, max: number) => ({ minMs: min * 60_000, maxMs: max * 60_000 });

const PLAN = {
  regions: ['eu-west-1', 'us-east-1'],
  environments: [{ region: 'eu-west-1', spec: spec('served-alpha', ['subnet-0aaa', 'subnet-0bbb'], 'sg-0ccc') }],
  simulator: {
    seed: 7,
    timings: { create: minutes(1, 2), delete: minutes(1, 1.5), cleanupAfterDelete: minutes(0.2, 0.3), deletedVisibility: minutes(0.2, 0.3) },
    foreignEnvironments: [{ region: 'us-east-1', spec: spec('someone-elses', ['subnet-0ddd', 'subnet-0eee'], 'sg-0fff') }],
  },
};

let server: RunningServer;
let planFile: string;

beforeAll(async () => {
  server = await startServer({ port: 0, scenario: scenarioFromJson(PLAN, 'plan'), clock: { kind: 'speed', speed: SPEED } });
  planFile = join(tmp(), 'plan.json');
  writeFileSync(planFile, JSON.stringify(PLAN));
});
afterAll(async () => {
  await server?.close();
});

it('applies, tears down, waits while a foreign environment blocks the role, then deletes the role, well under a minute', async () => {
  const started = Date.now();

  // apply, reaching the endpoint through AWS_ENDPOINT_URL.
  const apply = watch(spawnWarpedCli(['apply', '--plan', planFile, '--heartbeat', '0'], { warp: SPEED, env: { AWS_ENDPOINT_URL: server.url } }));
  expect(await apply.exit).toBe(0);
  expect(apply.stdout()).toContain('eu-west-1/served-alpha: AVAILABLE');
  expect(server.world.sim.inventory().environments).toEqual(
    expect.arrayContaining([expect.objectContaining({ region: 'eu-west-1', name: 'served-alpha', status: 'AVAILABLE' })]),
  );

  // teardown, through --endpoint-url: it deletes served-alpha, then the foreign environment blocks the role.
  // The role came with someone else's environment, not from this tool: deleting it takes --force-role.
  const teardown = watch(
    spawnWarpedCli(['teardown', '--plan', planFile, '--force-role', '--heartbeat', '0', '--output', 'json', '--endpoint-url', server.url], { warp: SPEED }),
  );
  const blockers = await teardown.line('"type":"blockers"');
  expect(blockers).toContain('someone-elses');

  // Its owner deletes the foreign environment, as any client of the endpoint would.
  const owner = new MWAAClient({ region: 'us-east-1', endpoint: server.url, disableHostPrefix: true, credentials: { accessKeyId: 'owner', secretAccessKey: 'owner' } });
  await owner.send(new DeleteEnvironmentCommand({ Name: 'someone-elses' }));
  owner.destroy();

  expect(await teardown.exit).toBe(0);
  const result = JSON.parse(teardown.stdout().trim().split('\n').pop() ?? '{}') as { type?: string; result?: string };
  expect(result).toMatchObject({ type: 'result', result: 'roleDeleted' });
  const inventory = server.world.sim.inventory();
  expect(inventory.serviceLinkedRole).toBeNull();
  expect(inventory.environments).toEqual([]);
  expect(Date.now() - started).toBeLessThan(60_000);
}, 90_000);
