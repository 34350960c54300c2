/**
 * Simulation throughput, one lifecycle at a time: environment lifecycles per real second on the
 * simulator against the bare-XState ceiling (the same number of invoked promise actors, nothing
 * else), and whether a long virtual create costs more wall time than a short one.
 */
import { performance } from 'node:perf_hooks';
import type { SimulatorOptions } from '../adapters/simulator';
import { VirtualClock } from '../domain/virtualClock';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { bareMachine, bareMachineWithTimerWaits } from './bareCeiling';
import { lifecycle, lifecycleShape, lifecycleWorld, type LifecycleShape } from './lifecycles';

/** Sequential throughput and its ceiling. */
export interface ThroughputFigures {
  shape: LifecycleShape;
  /** Lifecycles per second on the simulator (best of the rounds). */
  simulated: number;
  /** Lifecycles per second of the bare machine with the same promise actors (best of the rounds). */
  bare: number;
  /** simulated / bare. */
  ratio: number;
  /** Lifecycles per second of a bare machine with the lifecycle's own kinds of actor: waits as timer actors (not a target). */
  bareSameKinds: number;
  /** simulated / bareSameKinds. */
  ratioSameKinds: number;
  /** Lifecycles per second with a 2-minute create, and with a 2-hour one. */
  shortCreate: number;
  longCreate: number;
  /** Wall time of a 2-hour-create lifecycle over a 2-minute one. */
  longOverShort: number;
}

/** Lifecycles per second over `count` sequential runs, each on a fresh simulator. */
async function simulatedRate(count: number, options: SimulatorOptions = {}): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const sim = lifecycleWorld(1, i + 1, options);
    const bound = bindMachines(sim.ports(), { clock: sim.clock });
    if (!(await sim.clock.run(lifecycle(sim, bound.environment, 0)))) throw new Error('a benchmark lifecycle did not end as expected');
  }
  return count / ((performance.now() - t0) / 1000);
}

/** Lifecycles per second of the bare machine shaped like `shape`; with `sameKinds`, its waits are timer actors. */
async function bareRate(count: number, shape: LifecycleShape, sameKinds = false): Promise<number> {
  const stepMs = Math.round(shape.virtualMs / Math.max(1, shape.promiseActors));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const clock = new VirtualClock();
    const run = sameKinds
      ? runMachine(bareMachineWithTimerWaits(clock), { steps: shape.promiseActors, waits: shape.waits, stepMs })
      : runMachine(bareMachine(clock), { steps: shape.promiseActors, stepMs });
    await clock.run(run);
  }
  return count / ((performance.now() - t0) / 1000);
}

const minutes = (m: number): { minMs: number; maxMs: number } => ({ minMs: m * 60_000, maxMs: m * 60_000 });

/**
 * Measures simulated and bare lifecycles in alternating rounds and keeps each one's best. Each
 * workload first runs as many lifecycles untimed as one timed round of the bare machine holds, so
 * neither side is timed while the JIT is still compiling it (the bare machine runs four times as
 * many lifecycles per round, and would otherwise be the warmer of the two).
 */
export async function throughput(count: number, rounds: number): Promise<ThroughputFigures> {
  const shape = await lifecycleShape(1);
  await simulatedRate(count * 4);
  await bareRate(count * 4, shape);
  await bareRate(count * 4, shape, true);
  await simulatedRate(count * 4, { timings: { create: minutes(2) } });
  await simulatedRate(count * 4, { timings: { create: minutes(120) } });
  let simulated = 0;
  let bare = 0;
  let bareSameKinds = 0;
  let shortCreate = 0;
  let longCreate = 0;
  for (let round = 0; round < rounds; round++) {
    simulated = Math.max(simulated, await simulatedRate(count));
    bare = Math.max(bare, await bareRate(count * 4, shape));
    bareSameKinds = Math.max(bareSameKinds, await bareRate(count * 4, shape, true));
    shortCreate = Math.max(shortCreate, await simulatedRate(count, { timings: { create: minutes(2) } }));
    longCreate = Math.max(longCreate, await simulatedRate(count, { timings: { create: minutes(120) } }));
  }
  return { shape, simulated, bare, ratio: simulated / bare, bareSameKinds, ratioSameKinds: simulated / bareSameKinds, shortCreate, longCreate, longOverShort: shortCreate / longCreate };
}
