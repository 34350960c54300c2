/**
 * What sharing the cleanup checks costs in notice: environments deleted together by their own
 * machines (no orchestrator, no surveys), each noticing the end of MWAA's cleanup. The lag is the
 * time from the cleanup's end in the simulated world to the machine's outcome.
 */
import { createSimulatedAws } from '../adapters/simulator';
import { runMachine } from '../machines/run';
import { bindMachines, type BindOptions } from '../machines/wiring';
import { benchSpec } from './scenarios';
import { TEARDOWN_REGIONS } from './teardownCalls';

/** EC2 calls and notice lag of one batch of deletions. */
export interface CleanupLag {
  environments: number;
  ec2PerEnvironment: number;
  /** Seconds from the cleanup's end to the machine's outcome: mean and 95th percentile. */
  meanLagS: number;
  p95LagS: number;
  allVerified: boolean;
}

/** Deletes `count` environments over ten regions at once, each with its own environment machine. */
export async function cleanupLag(count: number, bind: Omit<BindOptions, 'clock'> = {}, seed = 1): Promise<CleanupLag> {
  const regions = TEARDOWN_REGIONS.slice(0, Math.min(TEARDOWN_REGIONS.length, count));
  const sim = createSimulatedAws({ seed, environmentQuota: Math.ceil(count / regions.length) });
  const ports = sim.ports();
  await sim.clock.run(ports.serviceLinkedRole.createRole({}));
  const envs = Array.from({ length: count }, (_, i) => ({ region: regions[i % regions.length] ?? 'eu-west-1', spec: benchSpec(`env${i}`) }));
  await sim.clock.run(Promise.all(envs.map((e) => ports.mwaa.createEnvironment(e.region, e.spec))));
  await sim.clock.advance(3 * 3600_000);
  const before = sim.calls().length;
  const bound = bindMachines(ports, { ...bind, clock: sim.clock });
  const finished = new Map<string, { at: number; verified: boolean }>();
  await sim.clock.run(
    Promise.all(
      envs.map(async (e) => {
        const outcome = await runMachine(bound.environment, { operation: 'delete', region: e.region, name: e.spec.name, network: e.spec.networkConfiguration });
        finished.set(e.spec.name, { at: sim.clock.now(), verified: outcome.result === 'deleted' && 'cleanupVerified' in outcome && outcome.cleanupVerified === true });
      }),
    ),
  );
  const cleanedAt = new Map<string, number>();
  for (const ev of sim.events()) if (ev.kind === 'cleanup.done' && ev.name !== undefined) cleanedAt.set(ev.name, Math.max(ev.at, cleanedAt.get(ev.name) ?? 0));
  const lags = envs.map((e) => ((finished.get(e.spec.name)?.at ?? NaN) - (cleanedAt.get(e.spec.name) ?? NaN)) / 1000).sort((a, b) => a - b);
  const ec2 = sim.calls().slice(before).filter((c) => c.operation.startsWith('ec2.')).length;
  return {
    environments: count,
    ec2PerEnvironment: ec2 / count,
    meanLagS: lags.reduce((a, b) => a + b, 0) / lags.length,
    p95LagS: lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.95))] ?? NaN,
    allVerified: [...finished.values()].every((f) => f.verified) && finished.size === count,
  };
}
