/**
 * The world's scheduled steps on the shared clock: each is plain data with an id and a due time,
 * carried out by whoever {@link StepSchedule.onStep} names when it comes due, and listed or put
 * back as data so a saved world carries its future.
 */
import type { TimerHandle } from '../../domain/clock';
import type { VirtualClock } from '../../domain/virtualClock';
import type { PendingStep, ScheduledStep } from './scheduledSteps';

/** The steps a world has scheduled and not yet taken. */
export class StepSchedule {
  private readonly pending = new Map<number, { at: number; step: ScheduledStep; timer: TimerHandle }>();
  private next = 1;
  private dispatch: ((step: ScheduledStep) => void) | null = null;

  constructor(private readonly clock: VirtualClock) {}

  /** Sets who carries out steps when they come due (the services, wired by the simulator). */
  onStep(dispatch: (step: ScheduledStep) => void): void {
    this.dispatch = dispatch;
  }

  /** Schedules `step` `ms` virtual ms from now; returns its id for {@link StepSchedule.cancel}. */
  schedule(ms: number, step: ScheduledStep): number {
    const id = this.next++;
    this.arm(id, this.clock.now() + (Number.isFinite(ms) && ms > 0 ? ms : 0), step);
    return id;
  }

  /** Cancels a step; unknown or past ids are ignored. */
  cancel(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.clock.clearTimeout(entry.timer);
    this.pending.delete(id);
  }

  /** The steps not yet due, oldest scheduled first, as plain data. */
  list(): PendingStep[] {
    return [...this.pending.entries()].map(([id, { at, step }]) => ({ id, at, step: structuredClone(step) }));
  }

  /** The id the next step gets. */
  get nextId(): number {
    return this.next;
  }

  /** Whether any step waits. */
  get size(): number {
    return this.pending.size;
  }

  /** Puts saved steps back, due at their saved times in their saved order, and goes on numbering from `nextId`. */
  load(steps: readonly PendingStep[], nextId: number): void {
    for (const { id, at, step } of steps) this.arm(id, at, step);
    this.next = nextId;
  }

  private arm(id: number, at: number, step: ScheduledStep): void {
    const timer = this.clock.setTimeout(() => {
      this.pending.delete(id);
      if (!this.dispatch) throw new Error('the simulated world has no services to carry out its scheduled steps');
      this.dispatch(step);
    }, at - this.clock.now());
    this.pending.set(id, { at, step, timer });
  }
}
