/**
 * Walks a machine's own definition (XState's `StateNode.definition`, plus each node's `always`
 * list, which the definition leaves out) into the neutral {@link MachineGraph}.
 */
import type { AnyStateMachine, AnyStateNode, AnyStateNodeDefinition, AnyTransitionDefinition } from 'xstate';
import { actionName, delayLabel, guardLabel, readGuard } from './labels';
import type { GraphEdge, GraphState, InvokedActor, MachineGraph, TriggerKind } from './model';

type Trigger = Pick<GraphEdge, 'trigger' | 'event' | 'actor' | 'delay' | 'label'>;

const ACTOR_EVENTS: ReadonlyArray<readonly [prefix: string, trigger: TriggerKind]> = [
  ['xstate.done.actor.', 'done'],
  ['xstate.error.actor.', 'error'],
  ['xstate.snapshot.', 'snapshot'],
];

/** What fires a transition of `invokes`' owner with XState's event descriptor `event`. */
function readTrigger(transition: AnyTransitionDefinition, invokes: readonly InvokedActor[]): Trigger {
  const event = String(transition.eventType);
  const delay: unknown = 'delay' in transition ? transition.delay : undefined;
  if (typeof delay === 'number' || typeof delay === 'string') {
    return { trigger: 'after', event, actor: null, delay, label: `after ${delayLabel(delay)}` };
  }
  for (const [prefix, trigger] of ACTOR_EVENTS) {
    if (!event.startsWith(prefix)) continue;
    const id = event.slice(prefix.length);
    const actor = invokes.find((invoked) => invoked.id === id) ?? null;
    return { trigger, event, actor, delay: null, label: `${trigger}: ${actor?.src ?? id}` };
  }
  if (event.startsWith('xstate.done.state.')) return { trigger: 'stateDone', event, actor: null, delay: null, label: 'done' };
  return { trigger: 'event', event, actor: null, delay: null, label: event };
}

const ALWAYS: Trigger = { trigger: 'always', event: null, actor: null, delay: null, label: 'always' };

/** One edge from a transition definition. */
function toEdge(transition: AnyTransitionDefinition, id: string, trigger: Trigger): GraphEdge {
  const guard = transition.guard === undefined ? null : readGuard(transition.guard);
  return {
    id,
    source: transition.source.id,
    targets: (transition.target ?? []).map((target: AnyStateNode) => target.id),
    ...trigger,
    guard,
    actions: transition.actions.map(actionName),
    reenter: transition.reenter,
    guardLabel: guard === null ? null : guardLabel(guard),
  };
}

/** The state itself, without its transitions. */
function toState(definition: AnyStateNodeDefinition, node: AnyStateNode, always: number): GraphState {
  const history = definition.history === 'shallow' || definition.history === 'deep' ? definition.history : definition.history ? 'shallow' : null;
  const invoke = definition.invoke.map(({ id, src }) => ({ id, src: typeof src === 'string' ? src : id }));
  return {
    id: definition.id,
    key: definition.key,
    path: [...node.path],
    parent: node.parent?.id ?? null,
    type: definition.type,
    initial: definition.type === 'compound' ? (definition.initial?.target[0]?.id ?? null) : null,
    history,
    transient: definition.type === 'atomic' && always > 0 && invoke.length === 0 && definition.transitions.length === 0,
    entry: definition.entry.map(actionName),
    exit: definition.exit.map(actionName),
    invoke,
    tags: [...definition.tags],
    description: definition.description ?? null,
  };
}

/**
 * The machine as a graph: every state node (root first, document order) and every transition
 * (`always` first, then events, invocation answers and delays, in the order XState lists them).
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const states: GraphState[] = [];
  const edges: GraphEdge[] = [];
  const visit = (definition: AnyStateNodeDefinition): void => {
    const node = machine.getStateNodeById(definition.id);
    const always = node.always ?? [];
    const state = toState(definition, node, always.length);
    states.push(state);
    const own = [...always.map((t) => [t, ALWAYS] as const), ...definition.transitions.map((t) => [t, readTrigger(t, state.invoke)] as const)];
    own.forEach(([transition, trigger], index) => edges.push(toEdge(transition, `${state.id}#${index}`, trigger)));
    Object.values(definition.states).forEach(visit);
  };
  visit(machine.root.definition);
  return { id: machine.id, states, edges };
}

/** The graph's state with `id`; throws for an id the graph does not have. */
export function stateById(graph: MachineGraph, id: string): GraphState {
  const state = graph.states.find((candidate) => candidate.id === id);
  if (!state) throw new Error(`state ${id} is not in machine ${graph.id}`);
  return state;
}
