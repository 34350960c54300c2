/**
 * How many EC2 calls a teardown makes per environment: the account orchestrator deletes N
 * environments spread over ten regions, then the role, and every call it made is counted by
 * operation. The cleanup checks (MWAA's endpoints and interfaces gone?) should not grow with N.
 */
import { performance } from 'node:perf_hooks';
import { createSimulatedAws } from '../adapters/simulator';
import { runMachine } from '../machines/run';
import { bindMachines, type BindOptions } from '../machines/wiring';
import { benchSpec } from './scenarios';

/** The ten regions a teardown spreads its environments over. */
export const TEARDOWN_REGIONS = [
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ca-central-1',
] as const;

/** What one teardown cost. */
export interface TeardownCalls {
  environments: number;
  /** Every port call the orchestrator made, by operation. */
  byOperation: Record<string, number>;
  ec2Calls: number;
  ec2PerEnvironment: number;
  allCalls: number;
  /** Virtual minutes from the teardown's start to the role's deletion. */
  virtualMinutes: number;
  realMs: number;
  outcome: string;
  /** Nothing left: no environment, endpoint or interface. */
  clean: boolean;
}

/** A world holding the role and `count` AVAILABLE environments spread over {@link TEARDOWN_REGIONS}, made directly on the ports. */
export async function teardownWorld(count: number, seed: number) {
  const regions = TEARDOWN_REGIONS.slice(0, Math.min(TEARDOWN_REGIONS.length, Math.max(1, count)));
  const sim = createSimulatedAws({ seed, environmentQuota: Math.ceil(count / regions.length) });
  const ports = sim.ports();
  await sim.clock.run(ports.serviceLinkedRole.createRole({}));
  const environments = Array.from({ length: count }, (_, i) => ({ region: regions[i % regions.length] ?? 'eu-west-1', spec: benchSpec(`env${i}`) }));
  await sim.clock.run(Promise.all(environments.map((e) => ports.mwaa.createEnvironment(e.region, e.spec))));
  await sim.clock.advance(3 * 3600_000);
  return { sim, ports, regions, environments };
}

/** Creates `count` environments over {@link TEARDOWN_REGIONS} (directly on the ports), then measures the orchestrated teardown. */
export async function teardownCalls(count: number, seed = 1, bind: Omit<BindOptions, 'clock'> = {}): Promise<TeardownCalls> {
  const { sim, ports, regions, environments } = await teardownWorld(count, seed);
  const before = sim.calls().length;
  const start = sim.clock.now();
  const realStart = performance.now();
  const bound = bindMachines(ports, { ...bind, clock: sim.clock });
  const outcome = await sim.clock.run(runMachine(bound.account, { plan: 'teardown', regions: [...regions], environments, forceRoleDeletion: true }));
  const realMs = performance.now() - realStart;
  const calls = sim.calls().slice(before);
  const byOperation: Record<string, number> = {};
  for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  const ec2Calls = calls.filter((c) => c.operation.startsWith('ec2.')).length;
  const inv = sim.inventory();
  return {
    environments: count,
    byOperation,
    ec2Calls,
    ec2PerEnvironment: ec2Calls / count,
    allCalls: calls.length,
    virtualMinutes: (sim.clock.now() - start) / 60_000,
    realMs,
    outcome: outcome.result,
    clean: inv.environments.length + inv.vpcEndpoints.length + inv.networkInterfaces.length === 0,
  };
}
