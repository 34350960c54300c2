/**
 * Time as a dependency. Machines, the simulator and the real adapter all read time from a
 * {@link Clock}, so tests and the scenario runner can run a 40-minute lifecycle in milliseconds.
 */

/** Opaque timer handle. */
export type TimerHandle = unknown;

/** The subset of timer functions everything here needs; XState's `clock` option accepts it too. */
export interface Clock {
  /** Milliseconds since the epoch, real or virtual. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer made by {@link Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock, backed by the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves at `deadline` (ms epoch) on `clock`, or rejects when `signal` aborts. */
export function sleepUntil(clock: Clock, deadline: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const handle = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, deadline - clock.now()),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves after `ms` milliseconds on `clock`, or rejects when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return sleepUntil(clock, clock.now() + ms, signal);
}

/**
 * A clock that runs `factor` times as fast as `base` from the moment it is made: `now()` moves
 * `factor` ms per ms of `base`, and a timer of `ms` fires after `ms / factor` ms of `base`. Lets
 * this tool keep pace with an endpoint whose own time runs faster (`serve --speed`).
 */
export function scaledClock(factor: number, base: Clock = systemClock): Clock {
  if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`a clock's speed must be a positive number, got ${factor}`);
  const start = base.now();
  return {
    now: () => start + Math.round((base.now() - start) * factor),
    setTimeout: (fn, ms) => base.setTimeout(fn, Math.max(0, ms) / factor),
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
}
