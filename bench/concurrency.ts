/**
 * Many environments at once on one shared clock: N lifecycles started together in one simulated
 * account, against N bare machines on one clock. Wall time per lifecycle should stay flat as N
 * grows, and the heap should stay well under 1 GiB at 10,000.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { VirtualClock } from '../domain/virtualClock';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { bareMachine, bareMachineWithTimerWaits } from './bareCeiling';
import { lifecycle, lifecycleWorld, type LifecycleShape } from './lifecycles';
import { heapAfterGc } from './memory';

/** One size of the concurrency table. */
export interface ConcurrencyRow {
  environments: number;
  /** Real seconds for all N lifecycles. */
  realS: number;
  /** Real ms per lifecycle. */
  msPerLifecycle: number;
  /** Highest heap in use while they ran (sampled every 10 virtual minutes after a collection, in a round of its own), MiB. */
  peakHeapMiB: number;
  bareRealS: number;
  bareMsPerLifecycle: number;
  barePeakHeapMiB: number;
  /** Lifecycles per second of the simulator over those of the bare machines. */
  ratio: number;
  /** The same against bare machines whose waits are timer actors, as the lifecycle's are (not a target). */
  bareSameKindsMsPerLifecycle: number;
  ratioSameKinds: number;
  /** Port calls logged, and how many the log limit dropped. */
  calls: number;
  droppedCalls: number;
  allEnded: boolean;
}

/**
 * Runs `work` on `clock`, reading the heap every 10 virtual minutes (after a full collection);
 * returns the highest reading above the heap in use before it. Kept apart from the timed rounds:
 * here, simulated rounds timed after a round sampled this way (collections forced while thousands
 * of machines are live) ran 25-35% slower than before it, so no timed round comes after one.
 */
async function peakHeap<T>(start: () => { clock: VirtualClock; work: Promise<T> }): Promise<{ value: T; peak: number }> {
  const base = heapAfterGc();
  const { clock, work } = start();
  let done = false;
  let peak = 0;
  const sample = (): void => {
    if (done) return;
    peak = Math.max(peak, heapAfterGc() - base);
    clock.setTimeout(sample, 10 * 60_000);
  };
  clock.setTimeout(sample, 5 * 60_000);
  const value = await clock.run(
    work.finally(() => {
      done = true;
    }),
  );
  return { value, peak };
}

/** Real ms `work` takes on `clock`. */
async function timedRun<T>(clock: VirtualClock, work: Promise<T>): Promise<{ value: T; realMs: number }> {
  const t0 = performance.now();
  const value = await clock.run(work);
  return { value, realMs: performance.now() - t0 };
}

/** N lifecycles at once on one fresh simulator, started together. */
function simulatedWork(count: number): { clock: VirtualClock; work: Promise<boolean[]>; counts: () => { calls: number; droppedCalls: number } } {
  const sim = lifecycleWorld(count, 1);
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const work = Promise.all(Array.from({ length: count }, (_, i) => lifecycle(sim, bound.environment, i)));
  return { clock: sim.clock, work, counts: () => sim.logCounts() };
}

/** N bare machines shaped like `shape` at once on one fresh clock, started together; with `sameKinds`, their waits are timer actors. */
function bareWork(count: number, shape: LifecycleShape, sameKinds = false): { clock: VirtualClock; work: Promise<unknown[]> } {
  const clock = new VirtualClock();
  const stepMs = Math.round(shape.virtualMs / Math.max(1, shape.promiseActors));
  if (sameKinds) {
    const mixed = bareMachineWithTimerWaits(clock);
    return { clock, work: Promise.all(Array.from({ length: count }, () => runMachine(mixed, { steps: shape.promiseActors, waits: shape.waits, stepMs }))) };
  }
  const bare = bareMachine(clock);
  return { clock, work: Promise.all(Array.from({ length: count }, () => runMachine(bare, { steps: shape.promiseActors, stepMs }))) };
}

/** What the timed rounds of one size found. */
export interface ConcurrencyTiming {
  environments: number;
  simulatedMs: number;
  bareMs: number;
  /** The stricter anchor's time: bare machines whose waits are timer actors, as the lifecycle's are. */
  bareSameKindsMs: number;
  calls: number;
  droppedCalls: number;
  allEnded: boolean;
}

/**
 * N lifecycles at once on one simulator against N bare machines shaped like `shape` on one clock,
 * in `rounds` alternating rounds with nothing else measured in them; each side keeps its fastest
 * round (a collection that happens to land in one round moves a single run by 10-20% either way).
 */
export async function concurrencyTiming(count: number, shape: LifecycleShape, rounds = 1): Promise<ConcurrencyTiming> {
  const timing: ConcurrencyTiming = { environments: count, simulatedMs: Infinity, bareMs: Infinity, bareSameKindsMs: Infinity, calls: 0, droppedCalls: 0, allEnded: true };
  // A round of a small size repeats it (one fresh world each time) until it holds MIN_ROUND_LIFECYCLES, so it lasts long enough to time.
  const batches = Math.max(1, Math.ceil(MIN_ROUND_LIFECYCLES / count));
  /** Real ms per batch of `batches` runs of `start`. */
  const perBatch = async (start: () => { clock: VirtualClock; work: Promise<unknown> }): Promise<number> => {
    heapAfterGc();
    let ms = 0;
    for (let i = 0; i < batches; i++) {
      const { clock, work } = start();
      ms += (await timedRun(clock, work)).realMs;
    }
    return ms / batches;
  };
  for (let round = 0; round < rounds; round++) {
    timing.simulatedMs = Math.min(
      timing.simulatedMs,
      await perBatch(() => {
        const s = simulatedWork(count);
        return {
          clock: s.clock,
          work: s.work.then((ended) => {
            const counts = s.counts();
            timing.calls = counts.calls;
            timing.droppedCalls = counts.droppedCalls;
            timing.allEnded &&= ended.every(Boolean);
          }),
        };
      }),
    );
    timing.bareMs = Math.min(timing.bareMs, await perBatch(() => bareWork(count, shape)));
    timing.bareSameKindsMs = Math.min(timing.bareSameKindsMs, await perBatch(() => bareWork(count, shape, true)));
  }
  return timing;
}

/** The fewest lifecycles one timed round of a side holds: a round of 10 environments alone lasts a few tens of ms, too short to time on a busy machine. */
export const MIN_ROUND_LIFECYCLES = 500;

/** The highest heap in use while N lifecycles ran at once, and while N bare machines did, bytes. */
export async function concurrencyMemory(count: number, shape: LifecycleShape): Promise<{ peak: number; barePeak: number; allEnded: boolean }> {
  const simulated = await peakHeap(() => simulatedWork(count));
  const bare = await peakHeap(() => bareWork(count, shape));
  return { peak: simulated.peak, barePeak: bare.peak, allEnded: simulated.value.every(Boolean) };
}

/** One row of the concurrency table from its timed rounds and its memory round. */
export function concurrencyRow(timing: ConcurrencyTiming, memory: { peak: number; barePeak: number; allEnded: boolean }): ConcurrencyRow {
  const mib = (bytes: number): number => bytes / 2 ** 20;
  return {
    environments: timing.environments,
    realS: timing.simulatedMs / 1000,
    msPerLifecycle: timing.simulatedMs / timing.environments,
    peakHeapMiB: mib(memory.peak),
    bareRealS: timing.bareMs / 1000,
    bareMsPerLifecycle: timing.bareMs / timing.environments,
    barePeakHeapMiB: mib(memory.barePeak),
    ratio: timing.bareMs / timing.simulatedMs,
    bareSameKindsMsPerLifecycle: timing.bareSameKindsMs / timing.environments,
    ratioSameKinds: timing.bareSameKindsMs / timing.simulatedMs,
    calls: timing.calls,
    droppedCalls: timing.droppedCalls,
    allEnded: timing.allEnded && memory.allEnded,
  };
}

/** Lifecycles each side runs, untimed, before a size's timed rounds in its own process. */
export const WARM_UP_LIFECYCLES = 500;

/**
 * One size measured in a process of its own: both sides warmed up with {@link WARM_UP_LIFECYCLES}
 * lifecycles each, then the alternating timed rounds, then the memory round. What ran before in a
 * shared process (the other sizes' rounds, other sections) moved a size's ratio by up to a fifth
 * here; a process per size starts every size from the same place.
 */
export async function concurrencyAlone(count: number, shape: LifecycleShape, rounds: number): Promise<ConcurrencyRow> {
  await concurrencyTiming(WARM_UP_LIFECYCLES, shape, 1);
  const timing = await concurrencyTiming(count, shape, rounds);
  return concurrencyRow(timing, await concurrencyMemory(count, shape));
}

/** {@link concurrencyAlone} in a child process (`bench/concurrencyChild.ts` under tsx). */
export function concurrencyInChild(count: number, shape: LifecycleShape, rounds: number): Promise<ConcurrencyRow> {
  const child = join(__dirname, 'concurrencyChild.ts');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', child, String(count), String(rounds), JSON.stringify(shape)],
      { maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`the ${count}-environment concurrency run failed: ${stderr.trim() || error.message}`));
          return;
        }
        const last = stdout.trim().split('\n').pop() ?? '';
        resolve(JSON.parse(last) as ConcurrencyRow);
      },
    );
  });
}
