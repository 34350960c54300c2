/**
 * One step of a lifecycle: restore the machine from its snapshot (or start it from its input), let
 * it run until it only waits for a deadline far enough away, or ends, and hand back the snapshot
 * to save. Every port call is safe to repeat, so a step cut short by a crash is simply run again
 * from the last saved snapshot.
 */
import type { AnyStateMachine, Snapshot } from 'xstate';
import type { Clock } from '../domain/clock';
import type { PollPolicy } from '../machines/polling';
import { startMachine } from '../machines/run';
import { resumePlannedWaits, treeActivity } from './park';

/** How a step ended. */
export type StepResult =
  | { kind: 'parked'; snapshot: Snapshot<unknown>; wakeAt: number | null }
  | { kind: 'done'; snapshot: Snapshot<unknown>; output: unknown }
  | { kind: 'error'; snapshot: Snapshot<unknown>; message: string };

/** Options of {@link runStep}. */
export interface StepOptions {
  /** The machines' clock. */
  clock: Clock;
  /** The polling policy the machines were bound with (it turns a poll request into its deadline). */
  pollPolicy: PollPolicy;
  /** A wait whose deadline is at least this far away (ms on the machines' clock) ends the step. */
  parkAfterMs: number;
  /** Past this much time (ms on the machines' clock), the step ends at the next moment nothing but waits runs. */
  maxStepMs: number;
  /** How late (ms on the machines' clock) a parked wait may be resumed and still count as watched: the runner's scheduling latency. */
  slackMs: number;
  /** Stops the step (the machine is stopped, nothing is saved). */
  signal?: AbortSignal;
}

/** The state value and the few facts a person looks at, kept beside the snapshot. */
export function stateValueOf(snapshot: Snapshot<unknown>): unknown {
  return (snapshot as { value?: unknown }).value ?? null;
}

/** Runs `logic` from `snapshot` (or from `input` when `null`) until it parks or ends. */
export function runStep(logic: AnyStateMachine, input: unknown, snapshot: Snapshot<unknown> | null, options: StepOptions): Promise<StepResult> {
  const { clock } = options;
  return new Promise<StepResult>((resolve, reject) => {
    const startedAt = clock.now();
    let settled = false;
    let stop = (): void => undefined;
    const finish = (result: StepResult | Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // Stopping inside XState's own notification would re-enter it.
      queueMicrotask(() => stop());
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    let current = (): Snapshot<unknown> | null => null;
    let idleCheck = false;
    const judge = (persisted: Snapshot<unknown>, confirmed = false): void => {
      if (settled) return;
      const status = (persisted as { status: string }).status;
      if (status === 'done') return finish({ kind: 'done', snapshot: persisted, output: (persisted as { output?: unknown }).output ?? null });
      if (status === 'error') return finish({ kind: 'error', snapshot: persisted, message: String((persisted as { error?: unknown }).error) });
      const activity = treeActivity(persisted, options.pollPolicy);
      if (activity.busy) return;
      const now = clock.now();
      if (activity.wakeAt === null) {
        // Nothing runs and nothing waits: the machine waits for an event no step will send.
        if (confirmed) return finish({ kind: 'parked', snapshot: persisted, wakeAt: null });
        // Or a child machine has just ended and its parent has not yet taken its done event (the
        // child is listed, not active, until then): look again once this turn of XState is over.
        if (!idleCheck) {
          idleCheck = true;
          setImmediate(() => {
            idleCheck = false;
            const latest = current();
            if (latest) judge(latest, true);
          });
        }
        return;
      }
      if (activity.wakeAt - now >= options.parkAfterMs || now - startedAt >= options.maxStepMs) finish({ kind: 'parked', snapshot: persisted, wakeAt: activity.wakeAt });
    };
    const onAbort = (): void => finish(new Error('the step was stopped'));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const running = startMachine(logic, input as never, {
        ...(snapshot ? { snapshot: resumePlannedWaits(snapshot, options.pollPolicy, clock.now(), options.slackMs) } : {}),
        persist: judge,
        clock,
      });
      stop = () => running.actor.stop();
      current = () => running.actor.getPersistedSnapshot();
      running.done.catch((error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
      // A restored tree that only waits makes no transition until its wait ends: judge it as it stands.
      judge(running.actor.getPersistedSnapshot());
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
