/**
 * Following a running actor from the outside: {@link observeProgress} reports the progress of it and
 * its machine children, and promise waiters built on it wait until an environment reaches a status
 * or until the role is deleted, settling as soon as the answer is known, including "never": the
 * machine ended without getting there.
 */
import type { AnyActorRef, Subscription } from 'xstate';
import type { EnvironmentStatus } from '../adapters/port';
import { logicName, ProgressTracker, type EnvironmentProgress, type ProgressEvent, type ProgressOptions, type SnapshotLike } from './progress';
import type { ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';

/**
 * Follows a running actor (the orchestrator, or an environment or role machine) and its machine
 * children, and reports their progress to `onEvent`; the current state is reported at once. Call
 * `unsubscribe()` to stop.
 */
export function observeProgress(
  actor: AnyActorRef,
  onEvent: (event: ProgressEvent) => void,
  options: ProgressOptions & { tracker?: ProgressTracker } = {},
): Subscription {
  const tracker = options.tracker ?? new ProgressTracker(onEvent, options);
  const followed = new Map<string, Subscription>();
  const follow = (ref: AnyActorRef): Subscription => {
    const seeChildren = (): void => {
      const children = (ref.getSnapshot() as SnapshotLike).children ?? {};
      for (const child of Object.values(children)) {
        const kind = child ? logicName(child) : '';
        if (!child || followed.has(child.sessionId) || (kind !== 'environment' && kind !== 'serviceLinkedRole')) continue;
        followed.set(child.sessionId, follow(child));
      }
    };
    const see = (): void => {
      tracker.observe(ref, ref.getSnapshot() as SnapshotLike);
      seeChildren();
    };
    const subscription = ref.subscribe({ next: see, error: () => undefined, complete: see });
    see();
    return subscription;
  };
  const root = follow(actor);
  return {
    unsubscribe: () => {
      root.unsubscribe();
      for (const s of followed.values()) s.unsubscribe();
      followed.clear();
    },
  };
}

/** Options of the waiters. */
export interface WaitOptions extends ProgressOptions {
  /** Stops waiting (the run goes on) and rejects. */
  signal?: AbortSignal;
}

/** A wait that can no longer succeed: the machine ended elsewhere, or the wait was aborted. */
export class WaitError extends Error {
  override readonly name = 'WaitError';
}

function waitFor<T>(actor: AnyActorRef, options: WaitOptions, check: (settle: { resolve(value: T): void; reject(message: string): void }) => (event: ProgressEvent) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    let unsubscribe = (): void => undefined;
    const settle = {
      resolve: (value: T): void => {
        if (finished) return;
        finished = true;
        unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      reject: (message: string): void => {
        if (finished) return;
        finished = true;
        unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
        reject(new WaitError(message));
      },
    };
    const onAbort = (): void => settle.reject('the wait was aborted');
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onEvent = check(settle);
    const progress = observeProgress(actor, onEvent, options);
    // Subscribed after the progress, so the final snapshot is judged before "the run ended".
    const end = actor.subscribe({ complete: () => settle.reject('the run ended first'), error: () => settle.reject('the run failed first') });
    unsubscribe = () => {
      progress.unsubscribe();
      end.unsubscribe();
    };
    if (finished) unsubscribe();
    const status = (actor.getSnapshot() as { status?: string }).status;
    if (status !== 'active') settle.reject(`the actor is ${status ?? 'not running'}`);
  });
}

/**
 * Resolves once the environment `name` (`region/name`, or just the name) reports `status`, with its
 * progress; rejects if its machine ends without reaching it, or the run ends first.
 *
 * @example
 * const { actor } = startMachine(machines.account, input);
 * await waitForEnvironment(actor, 'eu-west-1/analytics', 'AVAILABLE');
 */
export function waitForEnvironment(actor: AnyActorRef, name: string, status: EnvironmentStatus, options: WaitOptions = {}): Promise<EnvironmentProgress> {
  const matches = (e: EnvironmentProgress): boolean => e.key === name || e.name === name;
  return waitFor<EnvironmentProgress>(actor, options, (settle) => (event) => {
    if (event.type !== 'environment' || !matches(event)) return;
    if (event.status === status) {
      const { type: _type, at: _at, ...progress } = event;
      settle.resolve(progress);
    } else if (event.outcome !== null) settle.reject(`${event.key} ended ${event.outcome.result} without reaching ${status}`);
  });
}

/**
 * Resolves with the role machine's outcome once the role is deleted; rejects if the run ends
 * without deleting it (blocked, kept, failed).
 */
export function waitForRoleDeletion(actor: AnyActorRef, options: WaitOptions = {}): Promise<ServiceLinkedRoleOutcome> {
  return waitFor<ServiceLinkedRoleOutcome>(actor, options, (settle) => (event) => {
    if (event.type !== 'role' || event.operation !== 'delete' || event.outcome === null) return;
    if (event.outcome.result === 'deleted') settle.resolve(event.outcome);
    // Refused or not sent: the orchestrator waits and tries again, so only the run's end says "never".
  });
}
