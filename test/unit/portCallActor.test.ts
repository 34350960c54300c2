import { assign, createActor, fromPromise, setup, toPromise, type Snapshot } from 'xstate';
import { AwsError, AwsErrorCode } from '../../adapters/errors';
import { sleep } from '../../domain/clock';
import { VirtualClock } from '../../domain/virtualClock';
import { fromPortCall } from '../../machines/portCallActor';
import type { CallResult } from '../../machines/results';

type Result = CallResult<string>;
type Call = ReturnType<typeof fromPortCall<{ name: string }, string>>;

/** A machine that makes one call and ends with its result or its error; `LEAVE` leaves the calling state. */
function caller(call: Call) {
  return setup({
    types: {
      input: {} as { name: string },
      context: {} as { name: string; result: Result | null; error: unknown },
      output: {} as { result: Result | null; error: unknown },
    },
    actors: { call },
  }).createMachine({
    context: ({ input }) => ({ name: input.name, result: null, error: null }),
    initial: 'calling',
    states: {
      calling: {
        invoke: {
          src: 'call',
          input: ({ context }) => ({ name: context.name }),
          onDone: { target: 'done', actions: assign({ result: ({ event }) => event.output }) },
          onError: { target: 'done', actions: assign({ error: ({ event }) => event.error }) },
        },
        on: { LEAVE: 'done' },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => ({ result: context.result, error: context.error }),
  });
}

const NAME = { service: 'mwaa', operation: 'getEnvironment' } as const;

describe('port calls as promise actors with a deadline (fromPortCall)', () => {
  it('ends with the value, stamped with when the call began and when it answered', async () => {
    const clock = new VirtualClock({ start: 0 });
    const call = fromPortCall(clock, 60_000, NAME, async (input: { name: string }) => {
      await sleep(clock, 250);
      return `hello ${input.name}`;
    });
    const out = await clock.run(toPromise(createActor(caller(call), { input: { name: 'alpha' } }).start()));
    expect(out).toEqual({ result: { ok: true, value: 'hello alpha', at: 250, startedAt: 0 }, error: null });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('turns an AWS error into a result, thrown before the call went out or rejected after', async () => {
    const clock = new VirtualClock({ start: 0 });
    const refusal = new AwsError({ code: AwsErrorCode.InvalidInput, message: 'no such secret', retryable: false, service: 'mwaa', operation: 'updateEnvironment' });
    const throwing = fromPortCall<{ name: string }, string>(clock, 60_000, NAME, () => {
      throw refusal;
    });
    const rejecting = fromPortCall<{ name: string }, string>(clock, 60_000, NAME, () => Promise.reject(refusal));
    for (const call of [throwing, rejecting]) {
      const out = await clock.run(toPromise(createActor(caller(call), { input: { name: 'alpha' } }).start()));
      expect(out).toEqual({ result: { ok: false, error: refusal.toJSON(), at: 0, startedAt: 0 }, error: null });
    }
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fails the actor on anything but an AWS error, so a bug is not taken for an answer', async () => {
    const clock = new VirtualClock({ start: 0 });
    const bug = new TypeError('undefined is not a function');
    const call = fromPortCall<{ name: string }, string>(clock, 60_000, NAME, () => Promise.reject(bug));
    const out = await clock.run(toPromise(createActor(caller(call), { input: { name: 'alpha' } }).start()));
    expect(out).toEqual({ result: null, error: bug });
  });

  it('abandons a call with no answer at the timeout: its signal aborts and it ends as a retryable Unavailable', async () => {
    const clock = new VirtualClock({ start: 0 });
    let seen: AbortSignal | undefined;
    const call = fromPortCall<{ name: string }, string>(clock, 30_000, NAME, (_input, signal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });
    const out = await clock.run(toPromise(createActor(caller(call), { input: { name: 'alpha' } }).start()));
    expect(seen?.aborted).toBe(true);
    expect(out.result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'Unavailable', retryable: true, service: 'mwaa', operation: 'getEnvironment', message: 'no answer from mwaa getEnvironment within 30000 ms' }) as unknown,
      at: 30_000,
      startedAt: 0,
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('ignores an answer that comes after the timeout', async () => {
    const clock = new VirtualClock({ start: 0 });
    const call = fromPortCall<{ name: string }, string>(clock, 1_000, NAME, async () => {
      await sleep(clock, 5_000);
      return 'late';
    });
    const out = await clock.run(toPromise(createActor(caller(call), { input: { name: 'alpha' } }).start()));
    expect(out.result).toMatchObject({ ok: false, at: 1_000 });
    await clock.advance(10_000);
  });

  it('abandons the call when the state that made it is left, and leaves no timer behind', async () => {
    const clock = new VirtualClock({ start: 0 });
    let seen: AbortSignal | undefined;
    const call = fromPortCall<{ name: string }, string>(clock, 60_000, NAME, (_input, signal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });
    const actor = createActor(caller(call), { input: { name: 'alpha' } }).start();
    expect(seen?.aborted).toBe(false);
    actor.send({ type: 'LEAVE' });
    expect(seen?.aborted).toBe(true);
    expect(actor.getSnapshot().output).toEqual({ result: null, error: null });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('gives each call a signal of its own: leaving one call does not abandon another', async () => {
    const clock = new VirtualClock({ start: 0 });
    const signals: AbortSignal[] = [];
    const call = fromPortCall<{ name: string }, string>(clock, 60_000, NAME, (_input, signal) => {
      signals.push(signal);
      return new Promise<string>(() => undefined);
    });
    const a = createActor(caller(call), { input: { name: 'a' } }).start();
    const b = createActor(caller(call), { input: { name: 'b' } }).start();
    a.send({ type: 'LEAVE' });
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    b.send({ type: 'LEAVE' });
  });

  it('persists as a fromPromise call does, and a restored call in flight is made again', async () => {
    const clock = new VirtualClock({ start: 0 });
    const made: string[] = [];
    const answer = async (input: { name: string }): Promise<string> => {
      made.push(input.name);
      await sleep(clock, 100);
      return input.name;
    };
    const timed = fromPortCall(clock, 60_000, NAME, answer);
    const promised = fromPromise<Result, { name: string }>(async ({ input }) => ({ ok: true, value: await answer(input), at: clock.now(), startedAt: clock.now() }));
    const saved = (machine: ReturnType<typeof caller>): Snapshot<unknown> => {
      const actor = createActor(machine, { input: { name: 'alpha' } }).start();
      const snapshot = actor.getPersistedSnapshot();
      actor.stop();
      return JSON.parse(JSON.stringify(snapshot)) as Snapshot<unknown>;
    };
    const fromTimed = saved(caller(timed));
    expect(fromTimed).toEqual(saved(caller(promised)));
    expect(made).toEqual(['alpha', 'alpha']);
    const restored = createActor(caller(timed), { input: { name: 'alpha' }, snapshot: fromTimed }).start();
    const out = await clock.run(toPromise(restored));
    expect(made).toEqual(['alpha', 'alpha', 'alpha']);
    expect(out.result).toMatchObject({ ok: true, value: 'alpha' });
  });
});
