/**
 * One environment's lifecycle on the simulator (create until AVAILABLE, then delete until its
 * cleanup is confirmed), run alone or many at once on one shared clock.
 */
import type { AnyStateMachine, InspectionEvent } from 'xstate';
import { createSimulatedAws, type SimulatedAws, type SimulatorOptions } from '../adapters/simulator';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { benchSpec } from './scenarios';

/** The regions concurrent lifecycles spread over (one account). */
export const LIFECYCLE_REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'eu-west-2', 'us-east-2', 'ap-northeast-1', 'ca-central-1', 'eu-north-1'] as const;

/** A simulator sized for `count` environments spread over {@link LIFECYCLE_REGIONS}. */
export function lifecycleWorld(count: number, seed: number, options: SimulatorOptions = {}): SimulatedAws {
  return createSimulatedAws({ seed, environmentQuota: Math.max(10, Math.ceil(count / LIFECYCLE_REGIONS.length)), ...options });
}

/** Runs environment `index`'s lifecycle on `sim`; `inspect` sees every actor the machines start. */
export async function lifecycle(sim: SimulatedAws, machine: AnyStateMachine, index: number, inspect?: (event: InspectionEvent) => void): Promise<boolean> {
  const region = LIFECYCLE_REGIONS[index % LIFECYCLE_REGIONS.length] ?? 'eu-west-1';
  const spec = benchSpec(`env${index}`);
  const options = inspect ? { inspect } : {};
  const created = (await runMachine(machine, { operation: 'create', region, spec }, options)) as { result: string };
  const deleted = (await runMachine(machine, { operation: 'delete', region, name: spec.name, network: spec.networkConfiguration }, options)) as {
    result: string;
  };
  return created.result === 'available' && deleted.result === 'deleted';
}

/** What one lifecycle does: the promise actors its machines invoke (calls and waits), its port calls, its virtual duration. */
export interface LifecycleShape {
  /** Every actor the machines invoke (the benchmark's anchors invoke as many promise actors). */
  promiseActors: number;
  /** How many of them are waits (timer actors in the machines, not promises). */
  waits: number;
  calls: number;
  virtualMs: number;
}

/** Runs one lifecycle alone and counts what it does. */
export async function lifecycleShape(seed: number, options: SimulatorOptions = {}): Promise<LifecycleShape> {
  const sim = lifecycleWorld(1, seed, options);
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  let promiseActors = 0;
  let waits = 0;
  const inspect = (event: InspectionEvent): void => {
    // Every actor but the machines run at the top: the invoked calls and waits.
    if (event.type !== '@xstate.actor' || event.actorRef.sessionId === event.rootId) return;
    promiseActors++;
    const src = (event.actorRef as { src?: unknown }).src;
    if (src === 'waitUntil' || src === 'waitForNextPoll') waits++;
  };
  const start = sim.clock.now();
  await sim.clock.run(lifecycle(sim, bound.environment, 0, inspect));
  return { promiseActors, waits, calls: sim.calls().length, virtualMs: sim.clock.now() - start };
}
