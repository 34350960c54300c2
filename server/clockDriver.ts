/**
 * Virtual time made visible: the served world's {@link VirtualClock} either follows real time at
 * a speed factor (virtual ms per real ms, e.g. 60: a 30-minute create takes 30 real seconds) or
 * stands still until someone advances it. Advances never overlap, and a world swapped in by a
 * load or reset is picked up on the next step.
 */
import { performance } from 'node:perf_hooks';
import type { ServedWorld } from './world';

/** How the clock moves: at `speed` virtual ms per real ms, or only when advanced by hand. */
export type ClockMode = { kind: 'speed'; speed: number } | { kind: 'manual' };

/** The clock as the control endpoint reports it. */
export interface ClockState {
  /** Virtual ms epoch. */
  now: number;
  /** The same instant, ISO 8601. */
  iso: string;
  mode: ClockMode['kind'];
  /** Virtual ms per real ms; `null` for a manual clock. */
  speed: number | null;
  /** Timers waiting in the simulated world (create, update, delete, cleanup steps, ...). */
  pendingTimers: number;
  /** Virtual ms epoch of the next of them, or `null`. */
  nextTimerAt: number | null;
}

/** Longest single advance accepted from the control endpoint: 30 virtual days. */
export const MAX_ADVANCE_MS = 30 * 24 * 3600_000;

/** How often a speed-driven clock steps, in real ms. */
const DEFAULT_TICK_MS = 20;

/** Options of {@link ClockDriver}. */
export interface ClockDriverOptions {
  /** How often a speed-driven clock steps, in real ms. Default 20. */
  tickMs?: number;
  /** Told when a step of a speed-driven clock failed (a timer of the simulated world threw). Default: ignored. */
  onError?: (error: unknown) => void;
}

/** Drives the clock of a {@link ServedWorld}. */
export class ClockDriver {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastReal = 0;
  /** Virtual ms earned by real time but not yet applied (whole ms are applied, fractions carried). */
  private owed = 0;
  private queue: Promise<void> = Promise.resolve();
  private stepping = false;

  constructor(
    private readonly world: ServedWorld,
    readonly mode: ClockMode,
    private readonly options: ClockDriverOptions = {},
  ) {
    if (mode.kind === 'speed' && !(Number.isFinite(mode.speed) && mode.speed > 0)) throw new RangeError(`speed must be a positive number, not ${mode.speed}`);
  }

  /** Starts following real time (a manual clock has nothing to start). */
  start(): void {
    if (this.mode.kind !== 'speed' || this.timer !== undefined) return;
    this.lastReal = performance.now();
    this.timer = setInterval(() => this.step(), this.options.tickMs ?? DEFAULT_TICK_MS);
    // The server keeps the process alive, not the clock.
    this.timer.unref();
  }

  /** Stops following real time and waits for an advance in progress. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  /** Where the clock stands. */
  state(): ClockState {
    const clock = this.world.sim.clock;
    const now = clock.now();
    return {
      now,
      iso: new Date(now).toISOString(),
      mode: this.mode.kind,
      speed: this.mode.kind === 'speed' ? this.mode.speed : null,
      pendingTimers: clock.pendingTimers(),
      nextTimerAt: clock.nextTimerAt(),
    };
  }

  /** Moves virtual time forward by `ms` at once, firing every timer due on the way, and reports the clock. */
  async advance(ms: number): Promise<ClockState> {
    if (!(Number.isFinite(ms) && ms >= 0 && ms <= MAX_ADVANCE_MS)) throw new RangeError(`ms must be a number from 0 to ${MAX_ADVANCE_MS}`);
    await this.serial(() => this.world.sim.clock.advance(ms));
    return this.state();
  }

  private step(): void {
    if (this.stepping) return;
    const real = performance.now();
    this.owed += (real - this.lastReal) * (this.mode.kind === 'speed' ? this.mode.speed : 0);
    this.lastReal = real;
    const whole = Math.floor(this.owed);
    if (whole <= 0) return;
    this.owed -= whole;
    this.stepping = true;
    this.serial(() => this.world.sim.clock.advance(whole))
      .catch((e: unknown) => this.options.onError?.(e))
      .finally(() => {
        this.stepping = false;
      });
  }

  /** Runs advances one after another, so two never interleave on the same clock. */
  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
