/**
 * Binding implementations to a machine without rebuilding its chart. `machine.provide()` builds a
 * whole new tree of state nodes, and every binding then formats its transitions anew on first
 * use; {@link provideShared} makes a machine that shares the original's state nodes (and what they
 * have already worked out) and differs only in its implementations. A machine resolves its
 * actors, guards, actions and delays from the snapshot's machine, never from a state node, so the
 * two behave alike; where that does not hold for the installed XState, it falls back to `provide`.
 */
import type { AnyStateMachine } from 'xstate';

/** The implementations a machine can be given: what `provide` takes. */
export type Implementations<TLogic extends AnyStateMachine> = Parameters<TLogic['provide']>[0];

/** The methods a machine binds to itself at construction, which a sharing copy must bind to itself instead. */
const SELF_BOUND = ['transition', 'getInitialSnapshot', 'getPersistedSnapshot', 'restoreSnapshot', 'start'] as const;

type ImplementationKind = 'actors' | 'actions' | 'guards' | 'delays';
type ImplementationMaps = Record<ImplementationKind, Record<string, unknown>>;

/** The prototype of `machine`'s class, where its unbound methods live (a sharing copy's own prototype is the machine it copies). */
function classPrototype(machine: AnyStateMachine): object | null {
  const constructor: unknown = (machine as unknown as { constructor?: unknown }).constructor;
  if (typeof constructor !== 'function') return null;
  const proto: unknown = (constructor as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && machine instanceof (constructor as abstract new () => object) ? proto : null;
}

/** Whether `machine` is laid out as this module expects: its own implementations and self-bound methods over a prototype's. */
function shareable(machine: AnyStateMachine): boolean {
  const proto = classPrototype(machine);
  if (proto === null) return false;
  const own = machine as unknown as Record<string, unknown>;
  const inherited = proto as Record<string, unknown>;
  const maps = own['implementations'] as Partial<ImplementationMaps> | undefined;
  return (
    Object.prototype.hasOwnProperty.call(machine, 'implementations') &&
    typeof maps === 'object' &&
    maps !== null &&
    (['actors', 'actions', 'guards', 'delays'] as const).every((kind) => typeof maps[kind] === 'object') &&
    typeof inherited['provide'] === 'function' &&
    SELF_BOUND.every((name) => Object.prototype.hasOwnProperty.call(machine, name) && typeof inherited[name] === 'function')
  );
}

/**
 * `machine.provide(implementations)`, sharing `machine`'s state nodes instead of building new
 * ones: same states, transitions, ids and definition; its own actors, actions, guards and delays.
 */
export function provideShared<TLogic extends AnyStateMachine>(machine: TLogic, implementations: Implementations<TLogic>): TLogic {
  if (!shareable(machine)) return machine.provide(implementations) as TLogic;
  const base = (machine as unknown as { implementations: ImplementationMaps }).implementations;
  const given = implementations as Partial<ImplementationMaps>;
  const copy = Object.create(machine) as Record<string, unknown>;
  copy['implementations'] = {
    actors: { ...base.actors, ...given.actors },
    actions: { ...base.actions, ...given.actions },
    guards: { ...base.guards, ...given.guards },
    delays: { ...base.delays, ...given.delays },
  } satisfies ImplementationMaps;
  const proto = classPrototype(machine) as Record<string, (...args: unknown[]) => unknown>;
  for (const name of SELF_BOUND) copy[name] = (proto[name] as (...args: unknown[]) => unknown).bind(copy);
  return copy as unknown as TLogic;
}
