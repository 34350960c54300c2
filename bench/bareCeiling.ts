/**
 * The ceiling the simulation is measured against: a trivial XState machine that invokes as many
 * promise actors, one after another, as one environment lifecycle invokes actors, each sleeping on
 * the virtual clock. Whatever the simulator and the real machines add is the distance to it. A
 * stricter one, not a target, invokes the same kinds of actor as the lifecycle: its waits are timer
 * actors like the machines' (`fromWakeUp`), its other steps promise actors.
 */
import { assign, fromPromise, setup } from 'xstate';
import { sleep, type Clock } from '../domain/clock';
import { fromWakeUp } from '../machines/wakeUp';

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

/** Input of {@link bareMachineWithTimerWaits}. */
export interface BareMixedInput extends BareInput {
  /** How many of the `steps` are timer actors (the rest are promise actors), spread evenly. */
  waits: number;
}

/** A machine that invokes `steps` actors in turn on `clock`, `waits` of them timer actors and the rest sleeping promise actors. */
export function bareMachineWithTimerWaits(clock: Clock) {
  return setup({
    types: { input: {} as BareMixedInput, context: {} as { calls: number; waits: number; stepMs: number } },
    actors: {
      step: fromPromise<number, { ms: number }>(async ({ input, signal }) => {
        await sleep(clock, input.ms, signal);
        return clock.now();
      }),
      wait: fromWakeUp<{ until: number }>(clock, (input) => input.until),
    },
    guards: {
      waitNext: ({ context }) => context.waits > 0 && context.waits >= context.calls,
      callNext: ({ context }) => context.calls > 0,
    },
  }).createMachine({
    id: 'bareMixed',
    context: ({ input }) => ({ calls: input.steps - input.waits, waits: input.waits, stepMs: input.stepMs }),
    initial: 'next',
    states: {
      stepping: {
        invoke: {
          src: 'step',
          input: ({ context }) => ({ ms: context.stepMs }),
          onDone: { target: 'next', actions: assign({ calls: ({ context }) => context.calls - 1 }) },
        },
      },
      waiting: {
        invoke: {
          src: 'wait',
          input: ({ context }) => ({ until: clock.now() + context.stepMs }),
          onDone: { target: 'next', actions: assign({ waits: ({ context }) => context.waits - 1 }) },
        },
      },
      next: { always: [{ guard: 'waitNext', target: 'waiting' }, { guard: 'callNext', target: 'stepping' }, { target: 'done' }] },
      done: { type: 'final' },
    },
  });
}
