/**
 * The workloads the benchmark measures, each on a fresh simulated account.
 */
import type { EnvironmentSpec } from '../adapters/port';
import { createSimulatedAws, type SimulatedAws } from '../adapters/simulator';
import { sleep } from '../domain/clock';
import { runMachine, startMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { fixedIntervalPolicy, rangeCadencePolicy, type PollPolicy } from '../machines/polling';
import { terraformLikePolicy } from './pollingAnchors';

/** A valid spec in its own subnets. */
export function benchSpec(name: string): EnvironmentSpec {
  return {
    name,
    executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
    sourceBucketArn: 'arn:aws:s3:::bench-dags',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: [`subnet-${name}-a`, `subnet-${name}-b`], securityGroupIds: [`sg-${name}`] },
  };
}

/** Creates and tears down `count` environments spread over two regions; returns real ms and virtual hours. */
export async function fullLifecycle(count: number, seed: number): Promise<{ realMs: number; virtualHours: number; calls: number; clean: boolean }> {
  const sim = createSimulatedAws({ seed });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const regions = ['eu-west-1', 'us-east-1'];
  const environments = Array.from({ length: count }, (_, i) => ({ region: regions[i % 2] ?? 'eu-west-1', spec: benchSpec(`env${i}`) }));
  const start = sim.clock.now();
  const realStart = performance.now();
  const { actor, done } = startMachine(bound.account, { plan: 'apply', regions, environments });
  actor.subscribe((s) => {
    if (s.matches('ready')) actor.send({ type: 'TEARDOWN' });
  });
  const outcome = await sim.clock.run(done);
  const inv = sim.inventory();
  return {
    realMs: performance.now() - realStart,
    virtualHours: (sim.clock.now() - start) / 3600_000,
    calls: sim.calls().length,
    clean: outcome.result === 'roleDeleted' && inv.environments.length + inv.vpcEndpoints.length + inv.networkInterfaces.length === 0,
  };
}

/** One create under a polling policy: GetEnvironment calls made and how late AVAILABLE was noticed. */
export async function createUnderPolicy(policy: PollPolicy | null, seed: number): Promise<{ polls: number; noticeLagMs: number }> {
  const sim = createSimulatedAws({ seed });
  const bound = bindMachines(sim.ports(), { clock: sim.clock, ...(policy ? { pollPolicy: policy } : {}) });
  await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: benchSpec('polled') }));
  const available = sim.events().find((e) => e.kind === 'environment.status' && e.status === 'AVAILABLE');
  return {
    polls: sim.calls().filter((c) => c.operation === 'mwaa.getEnvironment').length,
    noticeLagMs: sim.clock.now() - (available?.at ?? sim.clock.now()),
  };
}

/** Polling policies compared by the benchmark. */
export const POLICIES: Array<[string, PollPolicy | null]> = [
  ['derived from the 20-35 min distribution (default)', null],
  ['previous default (halving, then 15-60 s backoff)', rangeCadencePolicy],
  ['Terraform-like (0.2 s doubling to 10 s)', terraformLikePolicy],
  ['fixed 10 s', fixedIntervalPolicy(10_000)],
  ['fixed 30 s', fixedIntervalPolicy(30_000)],
  ['fixed 60 s', fixedIntervalPolicy(60_000)],
];

/** Outcome of one teardown strategy on one seed. */
export interface TeardownRun {
  /** Endpoints and interfaces MWAA could not clean up because the role was gone. */
  leaked: number;
  /** ms from the last environment disappearing to the role deletion request. */
  gapMs: number;
  /** ms from the moment nothing used the role any more (last environment gone and its cleanup done) to the request; negative when the request came too early. */
  lagMs: number;
}

function leakedCount(sim: SimulatedAws): number {
  const inv = sim.inventory();
  return inv.vpcEndpoints.filter((e) => e.orphaned).length + inv.networkInterfaces.filter((e) => e.orphaned).length;
}

function timing(sim: SimulatedAws): { gapMs: number; lagMs: number } {
  const events = sim.events();
  const at = (kind: string): number[] => events.filter((e) => e.kind === kind).map((e) => e.at);
  const requested = at('role.deletionRequested')[0] ?? NaN;
  const lastGone = Math.max(...at('environment.gone'));
  const lastCleanup = Math.max(...at('cleanup.done'), ...at('cleanup.skipped'));
  return { gapMs: requested - lastGone, lagMs: requested - Math.max(lastGone, lastCleanup) };
}

async function withEnvironments(seed: number, count: number): Promise<{ sim: SimulatedAws; names: string[] }> {
  const sim = createSimulatedAws({ seed });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const names = Array.from({ length: count }, (_, i) => `env${i}`);
  await sim.clock.run(Promise.all(names.map((n) => runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: benchSpec(n) }))));
  return { sim, names };
}

/**
 * The common script: delete every environment, wait until GetEnvironment says not found, then
 * delete the role at once (what a Terraform destroy of environments plus the role resource does).
 */
export async function naiveTeardown(seed: number, count: number): Promise<TeardownRun> {
  const { sim, names } = await withEnvironments(seed, count);
  const ports = sim.ports();
  const script = (async () => {
    await Promise.all(names.map((n) => ports.mwaa.deleteEnvironment('eu-west-1', n)));
    for (const n of names) {
      while ((await ports.mwaa.getEnvironment('eu-west-1', n)) !== null) await sleep(sim.clock, 10_000);
    }
    const { deletionTaskId } = await ports.serviceLinkedRole.deleteRole();
    for (;;) {
      const status = await ports.serviceLinkedRole.getDeletionStatus(deletionTaskId);
      if (status === null || status.status === 'SUCCEEDED' || status.status === 'FAILED') break;
      await sleep(sim.clock, 3_000);
    }
    await sleep(sim.clock, 60 * 60_000);
  })();
  await sim.clock.run(script);
  return { leaked: leakedCount(sim), ...timing(sim) };
}

/** The orchestrator's teardown of the same environments. */
export async function orchestratedTeardown(seed: number, count: number): Promise<TeardownRun> {
  const { sim, names } = await withEnvironments(seed, count);
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  await sim.clock.run(
    runMachine(bound.account, {
      plan: 'teardown',
      regions: ['eu-west-1'],
      environments: names.map((n) => ({ region: 'eu-west-1', spec: benchSpec(n) })),
      forceRoleDeletion: true,
    }),
  );
  await sim.clock.run(sleep(sim.clock, 60 * 60_000));
  return { leaked: leakedCount(sim), ...timing(sim) };
}
