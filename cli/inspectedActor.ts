/**
 * Who an inspection event is about: the actor's session, its parent's, its id and the logic it
 * runs, read from XState's actor reference the same way for the run log and the live inspector.
 */
import type { InspectionEvent } from 'xstate';
import { logicName } from '../machines/progress';

/** The identity of the actor an inspection event is about. */
export interface InspectedActor {
  readonly session: string;
  /** The session of the actor that started it; null for a root. */
  readonly parent: string | null;
  readonly id: string;
  /** A machine id or an invoked logic's name. */
  readonly kind: string;
  /** The machine's own configuration, when the actor runs a state machine. */
  readonly config: Readonly<Record<string, unknown>> | null;
}

/** The parts of an actor reference read here; `_parent` is XState's link to the actor that started it. */
interface ActorRefParts {
  readonly sessionId: string;
  readonly id: string;
  readonly src?: unknown;
  readonly logic?: { readonly config?: unknown };
  readonly _parent?: { readonly sessionId?: unknown };
}

/** The actor `event` is about. */
export function inspectedActor(event: InspectionEvent): InspectedActor {
  const ref = event.actorRef as unknown as ActorRefParts;
  const parent = ref._parent?.sessionId;
  const config = ref.logic?.config;
  return {
    session: ref.sessionId,
    parent: typeof parent === 'string' ? parent : null,
    id: ref.id,
    kind: logicName(ref),
    config: typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : null,
  };
}
