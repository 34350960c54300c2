/**
 * What one step of virtual time costs with many timers pending (thousands of environments
 * sleeping on one clock): the heap-ordered VirtualClock against the scanning reference.
 */
import { performance } from 'node:perf_hooks';
import { VirtualClock } from '../domain/virtualClock';
import { ScanClock } from './scanClock';

/** One row of the clock table: µs per step at `pending` timers. */
export interface ClockStepRow {
  pending: number;
  heapUs: number;
  scanUs: number;
}

interface SteppableClock {
  setTimeout(fn: () => void, ms: number): unknown;
  advance(ms: number): Promise<void>;
}

/** µs per step: `pending` timers wait far ahead while `steps` short timers fire one by one, as polls do. */
async function stepCost(clock: SteppableClock, pending: number, steps: number): Promise<number> {
  const far = 365 * 24 * 3600_000;
  for (let i = 0; i < pending; i++) clock.setTimeout(() => undefined, far + i);
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    clock.setTimeout(() => undefined, 1_000);
    await clock.advance(1_000);
  }
  return ((performance.now() - t0) * 1000) / steps;
}

/** The clock table: heap and scan measured alternately, three times at each size, keeping each one's best. */
export async function clockSteps(sizes: readonly number[], steps: number): Promise<ClockStepRow[]> {
  const rows: ClockStepRow[] = [];
  // Warm both up first, so the first row does not pay for compilation.
  await stepCost(new VirtualClock({ start: 0 }), 100, steps);
  await stepCost(new ScanClock(), 100, steps);
  for (const pending of sizes) {
    // The scan costs O(pending) a step: fewer steps keep its large sizes short.
    const scanSteps = Math.max(50, Math.min(steps, Math.floor((steps * 1000) / Math.max(1000, pending))));
    let heapUs = Infinity;
    let scanUs = Infinity;
    for (let round = 0; round < 3; round++) {
      heapUs = Math.min(heapUs, await stepCost(new VirtualClock({ start: 0 }), pending, steps));
      scanUs = Math.min(scanUs, await stepCost(new ScanClock(), pending, scanSteps));
    }
    rows.push({ pending, heapUs, scanUs });
  }
  return rows;
}
