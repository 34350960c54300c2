/**
 * The ceiling the simulation is measured against: a trivial XState machine that invokes as many
 * promise actors, one after another, as one environment lifecycle does, each sleeping on the
 * virtual clock. Whatever the simulator and the real machines add is the distance to it.
 */
import { assign, fromPromise, setup } from 'xstate';
import { sleep, type Clock } from '../domain/clock';

/** Input of the bare machine. */
export interface BareInput {
  /** Promise actors to invoke, one after another. */
  steps: number;
  /** Virtual ms each one sleeps. */
  stepMs: number;
}

/** A machine that invokes `steps` sleeping promise actors in turn on `clock`. */
export function bareMachine(clock: Clock) {
  return setup({
    types: { input: {} as BareInput, context: {} as { left: number; stepMs: number } },
    actors: {
      step: fromPromise<number, { ms: number }>(async ({ input, signal }) => {
        await sleep(clock, input.ms, signal);
        return clock.now();
      }),
    },
    guards: { moreToDo: ({ context }) => context.left > 0 },
  }).createMachine({
    id: 'bare',
    context: ({ input }) => ({ left: input.steps, stepMs: input.stepMs }),
    initial: 'stepping',
    states: {
      stepping: {
        invoke: {
          src: 'step',
          input: ({ context }) => ({ ms: context.stepMs }),
          onDone: { target: 'next', actions: assign({ left: ({ context }) => context.left - 1 }) },
        },
      },
      next: { always: [{ guard: 'moreToDo', target: 'stepping' }, { target: 'done' }] },
      done: { type: 'final' },
    },
  });
}
