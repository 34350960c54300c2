/**
 * Many environments at once on one shared clock: N lifecycles started together in one simulated
 * account, against N bare machines on one clock. Wall time per lifecycle should stay flat as N
 * grows, and the heap should stay well under 1 GiB at 10,000.
 */
import { performance } from 'node:perf_hooks';
import { VirtualClock } from '../domain/virtualClock';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { bareMachine } from './bareCeiling';
import { lifecycle, lifecycleWorld, type LifecycleShape } from './lifecycles';
import { heapAfterGc } from './memory';

/** One size of the concurrency table. */
export interface ConcurrencyRow {
  environments: number;
  /** Real seconds for all N lifecycles. */
  realS: number;
  /** Real ms per lifecycle. */
  msPerLifecycle: number;
  /** Highest heap in use while they ran (sampled every 10 virtual minutes after a collection), MiB. */
  peakHeapMiB: number;
  bareRealS: number;
  bareMsPerLifecycle: number;
  barePeakHeapMiB: number;
  /** Lifecycles per second of the simulator over those of the bare machines. */
  ratio: number;
  /** Port calls logged, and how many the log limit dropped. */
  calls: number;
  droppedCalls: number;
  allEnded: boolean;
}

/**
 * Runs `work` on `clock`, reading the heap every 10 virtual minutes; returns the real ms (the
 * readings' own time left out) and the peak heap above `base`.
 */
async function measured<T>(clock: VirtualClock, work: Promise<T>, base: number): Promise<{ value: T; realMs: number; peak: number }> {
  let done = false;
  let peak = 0;
  let sampling = 0;
  const sample = (): void => {
    if (done) return;
    const s0 = performance.now();
    peak = Math.max(peak, heapAfterGc() - base);
    sampling += performance.now() - s0;
    clock.setTimeout(sample, 10 * 60_000);
  };
  clock.setTimeout(sample, 5 * 60_000);
  const t0 = performance.now();
  const value = await clock.run(
    work.finally(() => {
      done = true;
    }),
  );
  return { value, realMs: performance.now() - t0 - sampling, peak };
}

/** N lifecycles at once on one fresh simulator: real ms, peak heap, what was logged, whether all ended as expected. */
async function simulatedRound(count: number): Promise<{ realMs: number; peak: number; calls: number; droppedCalls: number; allEnded: boolean }> {
  const base = heapAfterGc();
  const sim = lifecycleWorld(count, 1);
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const real = await measured(sim.clock, Promise.all(Array.from({ length: count }, (_, i) => lifecycle(sim, bound.environment, i))), base);
  const counts = sim.logCounts();
  return { realMs: real.realMs, peak: real.peak, calls: counts.calls, droppedCalls: counts.droppedCalls, allEnded: real.value.every(Boolean) };
}

/** N bare machines shaped like `shape` at once on one clock: real ms and peak heap. */
async function bareRound(count: number, shape: LifecycleShape): Promise<{ realMs: number; peak: number }> {
  const base = heapAfterGc();
  const clock = new VirtualClock();
  const bare = bareMachine(clock);
  const stepMs = Math.round(shape.virtualMs / Math.max(1, shape.promiseActors));
  const ceiling = await measured(clock, Promise.all(Array.from({ length: count }, () => runMachine(bare, { steps: shape.promiseActors, stepMs }))), base);
  return { realMs: ceiling.realMs, peak: ceiling.peak };
}

/**
 * N lifecycles at once on one simulator against N bare machines shaped like `shape` on one clock,
 * in `rounds` alternating rounds; each side keeps its fastest round (a collection that happens to
 * land in one round moves a single run by 10-20% either way) and its highest heap.
 */
export async function concurrency(count: number, shape: LifecycleShape, rounds = 1): Promise<ConcurrencyRow> {
  let simulated = { realMs: Infinity, peak: 0, calls: 0, droppedCalls: 0, allEnded: true };
  let bare = { realMs: Infinity, peak: 0 };
  for (let round = 0; round < rounds; round++) {
    const s = await simulatedRound(count);
    simulated = { ...s, realMs: Math.min(simulated.realMs, s.realMs), peak: Math.max(simulated.peak, s.peak), allEnded: simulated.allEnded && s.allEnded };
    const b = await bareRound(count, shape);
    bare = { realMs: Math.min(bare.realMs, b.realMs), peak: Math.max(bare.peak, b.peak) };
  }
  const mib = (bytes: number): number => bytes / 2 ** 20;
  return {
    environments: count,
    realS: simulated.realMs / 1000,
    msPerLifecycle: simulated.realMs / count,
    peakHeapMiB: mib(simulated.peak),
    bareRealS: bare.realMs / 1000,
    bareMsPerLifecycle: bare.realMs / count,
    barePeakHeapMiB: mib(bare.peak),
    ratio: bare.realMs / simulated.realMs,
    calls: simulated.calls,
    droppedCalls: simulated.droppedCalls,
    allEnded: simulated.allEnded,
  };
}
