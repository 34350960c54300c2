/**
 * `provideShared`: a machine given its own implementations without rebuilding the chart behaves
 * as `provide` would make it (its actors, guards and actions; the original's untouched), shares
 * the original's state nodes, and falls back to `provide` for a machine laid out otherwise.
 */
import { assign, createActor, fromPromise, setup, toPromise, type AnyStateMachine } from 'xstate';
import { provideShared } from '../../machines/sharedProvide';

const base = setup({
  types: { context: {} as { got: string; checked: boolean } },
  actors: { fetch: fromPromise<string>(async () => 'base') },
  guards: { allowed: () => false },
}).createMachine({
  id: 'shared',
  context: { got: '', checked: false },
  initial: 'fetching',
  states: {
    fetching: { invoke: { src: 'fetch', onDone: { target: 'checking', actions: assign({ got: ({ event }) => event.output }) } } },
    checking: { always: [{ guard: 'allowed', target: 'done', actions: assign({ checked: true }) }, { target: 'done' }] },
    done: { type: 'final' },
  },
});

const run = async (machine: AnyStateMachine): Promise<{ got: string; checked: boolean }> => {
  const actor = createActor(machine).start();
  await toPromise(actor);
  return actor.getSnapshot().context as { got: string; checked: boolean };
};

describe('provideShared', () => {
  it('runs with its own implementations and leaves the original as it was', async () => {
    const one = provideShared(base, { actors: { fetch: fromPromise<string>(async () => 'one') }, guards: { allowed: () => true } });
    const two = provideShared(base, { actors: { fetch: fromPromise<string>(async () => 'two') } });
    const [a, b, c] = await Promise.all([run(one), run(two), run(base)]);
    expect(a).toEqual({ got: 'one', checked: true });
    expect(b).toEqual({ got: 'two', checked: false });
    expect(c).toEqual({ got: 'base', checked: false });
  });

  it('shares the state nodes, and its definition is the original one', () => {
    const bound = provideShared(base, { actors: { fetch: fromPromise<string>(async () => 'x') } });
    expect(bound.root).toBe(base.root);
    expect(JSON.stringify(bound.definition)).toBe(JSON.stringify(base.definition));
    expect(bound).not.toBe(base);
    expect(bound.implementations.actors['fetch']).not.toBe(base.implementations.actors['fetch']);
  });

  it('can be provided again, shared or not', async () => {
    const once = provideShared(base, { actors: { fetch: fromPromise<string>(async () => 'once') } });
    const twice = provideShared(once, { guards: { allowed: () => true } });
    expect(await run(twice)).toEqual({ got: 'once', checked: true });
    expect(await run(twice.provide({ actors: { fetch: fromPromise<string>(async () => 'plain') } }))).toEqual({ got: 'plain', checked: true });
  });

  it('persists and restores like a provided machine', async () => {
    const bound = provideShared(base, { actors: { fetch: fromPromise<string>(() => new Promise<string>(() => undefined)) } });
    const actor = createActor(bound).start();
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    expect(persisted).toEqual(createActor(base.provide({ actors: { fetch: fromPromise<string>(() => new Promise<string>(() => undefined)) } })).start().getPersistedSnapshot());
    const resumed = createActor(provideShared(base, { actors: { fetch: fromPromise<string>(async () => 'resumed') } }), { snapshot: persisted }).start();
    await toPromise(resumed);
    expect(resumed.getSnapshot().context.got).toBe('resumed');
  });

  it('falls back to provide for a machine laid out otherwise', async () => {
    const odd = Object.assign(Object.create(Object.getPrototypeOf(base) as object) as AnyStateMachine, { provide: base.provide.bind(base) });
    const bound = provideShared(odd, { actors: { fetch: fromPromise<string>(async () => 'fallback') } });
    expect(bound.root).not.toBe(base.root);
    expect(await run(bound)).toEqual({ got: 'fallback', checked: false });
  });
});
