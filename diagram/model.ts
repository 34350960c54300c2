/**
 * The neutral graph model every diagram format is drawn from: plain data (JSON-safe, no functions,
 * no `undefined`), in the machine's document order, so two walks of one machine are equal.
 */

/** The kinds of state node XState knows. */
export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** An actor a state invokes while it is active. */
export interface InvokedActor {
  /** The invocation's id (what `xstate.done.actor.<id>` names). */
  readonly id: string;
  /** The logic's name in the machine's `actors` (or XState's generated name for inline logic). */
  readonly src: string;
}

/** One state node of the machine, the root included. */
export interface GraphState {
  /** XState's unique id, e.g. `environment.confirmingCreate.polling`. */
  readonly id: string;
  /** The node's key under its parent (the root's key is the machine id). */
  readonly key: string;
  /** Keys from the root down to this node; empty for the root. */
  readonly path: readonly string[];
  /** The parent's id, or null for the root. */
  readonly parent: string | null;
  readonly type: StateKind;
  /** The id of the child entered first (compound states only). */
  readonly initial: string | null;
  /** `shallow` or `deep` for history states. */
  readonly history: 'shallow' | 'deep' | null;
  /** True when the node only decides: it has `always` transitions and nothing else to wait for. */
  readonly transient: boolean;
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  readonly invoke: readonly InvokedActor[];
  readonly tags: readonly string[];
  readonly description: string | null;
}

/** A guard as written: a named guard (with its params), a combinator, `stateIn`, or an inline function. */
export type GuardModel =
  | { readonly kind: 'named'; readonly name: string; readonly params: Readonly<Record<string, unknown>> | null }
  | { readonly kind: 'and' | 'or'; readonly guards: readonly GuardModel[] }
  | { readonly kind: 'not'; readonly guard: GuardModel }
  | { readonly kind: 'stateIn'; readonly state: string }
  | { readonly kind: 'inline'; readonly name: string | null };

/** What makes a transition fire. */
export type TriggerKind = 'event' | 'always' | 'after' | 'done' | 'error' | 'snapshot' | 'stateDone';

/** One transition of the machine. */
export interface GraphEdge {
  /** `<source id>#<n>`: the n-th transition of its source, in document order. */
  readonly id: string;
  readonly source: string;
  /** Target state ids; empty for a targetless transition (actions only, the state stays). */
  readonly targets: readonly string[];
  readonly trigger: TriggerKind;
  /** XState's event descriptor (`null` for `always`). */
  readonly event: string | null;
  /** The invoked actor a done/error/snapshot transition answers, when the descriptor names one. */
  readonly actor: InvokedActor | null;
  /** The delay of an `after` transition: milliseconds or a named delay. */
  readonly delay: number | string | null;
  readonly guard: GuardModel | null;
  readonly actions: readonly string[];
  readonly reenter: boolean;
  /** Short text for the trigger: `TEARDOWN`, `always`, `after 5s`, `done: getEnvironment`. */
  readonly label: string;
  /** Short text for the guard, or null when unguarded. */
  readonly guardLabel: string | null;
}

/** A whole machine as a graph. */
export interface MachineGraph {
  /** The machine id (also the root state's id). */
  readonly id: string;
  /** Every state node, the root first, in document order. */
  readonly states: readonly GraphState[];
  /** Every transition, grouped by source in document order. */
  readonly edges: readonly GraphEdge[];
}
