import { assign, createActor, fromPromise, setup, toPromise, type Snapshot } from 'xstate';
import { sleepUntil } from '../../domain/clock';
import { VirtualClock } from '../../domain/virtualClock';
import type { WokeUp } from '../../machines/results';
import { fromWakeUp } from '../../machines/wakeUp';

/** A machine that waits once with `wait` and ends with what it woke up with, or with the error. */
function waiter(wait: ReturnType<typeof fromWakeUp<{ until: number }>>) {
  return setup({
    types: {
      input: {} as { until: number },
      context: {} as { until: number; woke: WokeUp | null; error: unknown },
      output: {} as { woke: WokeUp | null; error: unknown },
    },
    actors: { wait },
  }).createMachine({
    context: ({ input }) => ({ until: input.until, woke: null, error: null }),
    initial: 'waiting',
    states: {
      waiting: {
        invoke: {
          src: 'wait',
          input: ({ context }) => ({ until: context.until }),
          onDone: { target: 'done', actions: assign({ woke: ({ event }) => event.output }) },
          onError: { target: 'done', actions: assign({ error: ({ event }) => event.error }) },
        },
        on: { CANCEL: 'done' },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => ({ woke: context.woke, error: context.error }),
  });
}

describe('wait actors (fromWakeUp)', () => {
  it('ends at its wake-up time with when it woke and when it began', async () => {
    const clock = new VirtualClock({ start: 1_000 });
    const actor = createActor(waiter(fromWakeUp(clock, (i: { until: number }) => i.until)), { input: { until: 61_000 } }).start();
    const out = await clock.run(toPromise(actor));
    expect(out).toEqual({ woke: { at: 61_000, startedAt: 1_000 }, error: null });
    expect(clock.now()).toBe(61_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('ends at once when its wake-up time has passed', async () => {
    const clock = new VirtualClock({ start: 50_000 });
    const actor = createActor(waiter(fromWakeUp(clock, (i: { until: number }) => i.until)), { input: { until: 10_000 } }).start();
    const out = await clock.run(toPromise(actor));
    expect(out.woke).toEqual({ at: 50_000, startedAt: 50_000 });
  });

  it('leaves no timer behind when the state that waits is left early', async () => {
    const clock = new VirtualClock({ start: 0 });
    const actor = createActor(waiter(fromWakeUp(clock, (i: { until: number }) => i.until)), { input: { until: 3_600_000 } }).start();
    expect(clock.pendingTimers()).toBe(1);
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(clock.pendingTimers()).toBe(0);
    expect(actor.getSnapshot().output).toEqual({ woke: null, error: null });
  });

  it('ends in error with what a wake-up time that cannot be computed threw', async () => {
    const clock = new VirtualClock({ start: 0 });
    const broken = new Error('no cadence for this phase');
    const wait = fromWakeUp<{ until: number }>(clock, () => {
      throw broken;
    });
    const actor = createActor(waiter(wait), { input: { until: 5 } }).start();
    const out = await clock.run(toPromise(actor));
    expect(out).toEqual({ woke: null, error: broken });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('persists as a promise wait does, so either restores what the other saved, at the same absolute time', async () => {
    const clock = new VirtualClock({ start: 0 });
    const timer = fromWakeUp(clock, (i: { until: number }) => i.until);
    const promised = fromPromise<WokeUp, { until: number }>(async ({ input, signal }) => {
      const startedAt = clock.now();
      await sleepUntil(clock, input.until, signal);
      return { at: clock.now(), startedAt };
    });
    const saved = (machine: ReturnType<typeof waiter>): Snapshot<unknown> => {
      const actor = createActor(machine, { input: { until: 600_000 } }).start();
      const snapshot = actor.getPersistedSnapshot();
      actor.stop();
      return snapshot;
    };
    const fromTimer = saved(waiter(timer));
    const fromPromiseWait = saved(waiter(promised));
    expect(JSON.parse(JSON.stringify(fromTimer))).toEqual(JSON.parse(JSON.stringify(fromPromiseWait)));
    expect(clock.pendingTimers()).toBe(0);

    // Restored later (the process was down for 2 minutes) with the timer logic: it wakes at the saved time.
    await clock.advance(120_000);
    const restored = createActor(waiter(timer), { input: { until: 600_000 }, snapshot: JSON.parse(JSON.stringify(fromPromiseWait)) as Snapshot<unknown> }).start();
    const out = await clock.run(toPromise(restored));
    expect(out.woke).toEqual({ at: 600_000, startedAt: 120_000 });
  });

  it('keeps many waits on one clock apart: each wakes at its own time', async () => {
    const clock = new VirtualClock({ start: 0 });
    const wait = fromWakeUp(clock, (i: { until: number }) => i.until);
    const times = [30_000, 10_000, 20_000, 10_000];
    const outs = await clock.run(Promise.all(times.map((until) => toPromise(createActor(waiter(wait), { input: { until } }).start()))));
    expect(outs.map((o) => o.woke?.at)).toEqual(times);
  });
});
