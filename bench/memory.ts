/**
 * Heap measurement for the benchmark: a full garbage collection before each reading, so a figure
 * is what is really held, not what is waiting to be collected.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Collects garbage if the runtime lets us (it does unless started with flags forbidding it). */
const collect: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => undefined;
  }
})();

/** Heap in use after a full collection, bytes. */
export function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}
