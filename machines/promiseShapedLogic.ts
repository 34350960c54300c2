/**
 * What the machines' own actor logics share with XState's promise actors: the snapshots
 * (`status`, `output`, `error`, `input`), the `done` and `error` ends, and a stop that lets go of
 * whatever the actor holds. Each logic only says how it starts and how it stops, so its actors
 * persist and restore exactly as `fromPromise` actors do and can stand in for them.
 */
import type { AnyActorRef, PromiseActorLogic, PromiseSnapshot } from 'xstate';

/** The event an actor of such a logic sends itself when it ends with `output`. */
const DONE = 'actor.done';
/** The event it sends itself when it fails with `error`. */
const FAILED = 'actor.failed';
/** What XState sends an actor it stops. */
const STOP = 'xstate.stop';

/** How an actor `self` of a promise-shaped logic ends itself, once. */
export interface Settle<T> {
  done(self: AnyActorRef, output: T): void;
  fail(self: AnyActorRef, error: unknown): void;
}

/** One settle for every actor: nothing is made per start. */
const SETTLE: Settle<unknown> = {
  done: (self, output) => self.send({ type: DONE, output }),
  fail: (self, error) => self.send({ type: FAILED, error }),
};

/** What a promise-shaped logic does on its own. */
export interface PromiseShapedBehaviour<T, I> {
  /** What the logic was made from (XState's `config`). */
  config: unknown;
  /** Starts the actor `self` on `input` (also after a restore); it ends through `settle`. */
  start(input: I, self: AnyActorRef, settle: Settle<T>): void;
  /** The actor stops before it ended: release what `start` set up. */
  stop(self: AnyActorRef): void;
}

/** Actor logic with a promise actor's type, snapshots and ends, whose work is `behaviour`'s. */
export function promiseShapedLogic<T, I>(behaviour: PromiseShapedBehaviour<T, I>): PromiseActorLogic<T, I> {
  return {
    config: behaviour.config,
    transition: (snapshot, event, { self }): PromiseSnapshot<T, I> => {
      if (snapshot.status !== 'active') return snapshot;
      switch (event.type) {
        case DONE:
          return { ...snapshot, status: 'done', output: event.output as T, input: undefined };
        case FAILED:
          return { ...snapshot, status: 'error', error: event.error, input: undefined };
        case STOP:
          behaviour.stop(self);
          return { ...snapshot, status: 'stopped', input: undefined };
        default:
          return snapshot;
      }
    },
    start: (snapshot, { self }) => {
      if (snapshot.status !== 'active') return;
      behaviour.start(snapshot.input as I, self, SETTLE);
    },
    getInitialSnapshot: (_, input) => ({ status: 'active', output: undefined, error: undefined, input }),
    getPersistedSnapshot: (snapshot) => snapshot,
    restoreSnapshot: (snapshot) => snapshot as PromiseSnapshot<T, I>,
  };
}
