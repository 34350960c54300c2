/**
 * Inspection events in the Stately inspector's message format (what `@statelyai/inspect` sends):
 * an actor's registration with its machine definition, the events it receives and its snapshots.
 * Every message is redacted before it leaves the process.
 */
import type { InspectionEvent } from 'xstate';
import { inspectedActor } from './inspectedActor';
import { redactSecrets } from './redact';

/** The protocol version the Stately inspector reads (that of `@statelyai/inspect`). */
export const STATELY_PROTOCOL_VERSION = '0.7.2';

/** What a message means to a client that connects late. */
export type MessageRole = 'registration' | 'snapshot' | 'event';

/** One message for the inspector, already serialised. */
export interface StatelyMessage {
  readonly role: MessageRole;
  readonly session: string;
  /** True for the registration of an actor that runs a state machine (it carries a definition). */
  readonly machine: boolean;
  /** A snapshot whose actor is still running. */
  readonly active: boolean;
  readonly text: string;
}

/** A machine configuration as JSON text: functions become `{ type: <name> }`, as the inspector expects. */
function definitionText(config: Readonly<Record<string, unknown>>): string {
  const named = JSON.stringify(config, (_key, value: unknown) => (typeof value === 'function' ? { type: (value as { name?: string }).name || 'anonymous' } : value));
  return JSON.stringify(redactSecrets(JSON.parse(named)));
}

/** The snapshot as plain, redacted data. */
const plainSnapshot = (snapshot: unknown): unknown => redactSecrets(snapshot) ?? { status: 'active' };

/**
 * The inspector message for `event`, or null for events the inspector does not show (actions,
 * microsteps). `now` stamps it, ms epoch.
 */
export function statelyMessage(event: InspectionEvent, now: number): StatelyMessage | null {
  const actor = inspectedActor(event);
  const common = { _version: STATELY_PROTOCOL_VERSION, createdAt: String(now), id: null, rootId: event.rootId, sessionId: actor.session };
  const message = (role: MessageRole, body: Record<string, unknown>, active = true): StatelyMessage => ({
    role,
    session: actor.session,
    machine: actor.config !== null,
    active,
    text: JSON.stringify({ ...body, ...common }),
  });
  switch (event.type) {
    case '@xstate.actor': {
      const name = actor.id === actor.session && actor.config !== null && typeof actor.config['id'] === 'string' ? actor.config['id'] : actor.id;
      let definition: string;
      try {
        definition = actor.config === null ? JSON.stringify({ id: name }) : definitionText(actor.config);
      } catch {
        definition = JSON.stringify({ id: name });
      }
      // XState announces an actor before its first snapshot exists; that snapshot follows at once.
      return message('registration', { type: '@xstate.actor', name, definition, parentId: actor.parent ?? undefined, snapshot: { status: 'active' } });
    }
    case '@xstate.event':
      return message('event', { type: '@xstate.event', event: redactSecrets(event.event), sourceId: (event.sourceRef as { sessionId?: string } | undefined)?.sessionId });
    case '@xstate.snapshot': {
      const status = (event.snapshot as { status?: unknown }).status;
      return message('snapshot', { type: '@xstate.snapshot', event: redactSecrets(event.event), snapshot: plainSnapshot(event.snapshot) }, status === undefined || status === 'active');
    }
    default:
      return null;
  }
}

/** How many registrations of actors that are not machines (promises, timers) are kept for late clients. */
const KEPT_OTHER_ACTORS = 500;

/**
 * What a client that connects late needs to draw the run: every machine's registration (with its
 * definition), those of the other actors still running, and the latest snapshot of each.
 */
export class InspectorHistory {
  private readonly registrations = new Map<string, StatelyMessage>();
  private readonly snapshots = new Map<string, StatelyMessage>();
  private others = 0;

  /** Takes in a message sent to the clients connected now. */
  record(message: StatelyMessage): void {
    if (message.role === 'registration') {
      this.registrations.set(message.session, message);
      if (!message.machine && ++this.others > KEPT_OTHER_ACTORS) this.forgetOldestOther();
    } else if (message.role === 'snapshot' && this.registrations.has(message.session)) {
      const registration = this.registrations.get(message.session);
      // A finished promise or timer is of no use to a late client; a machine stays drawn to its end.
      if (!message.active && registration && !registration.machine) this.forget(message.session);
      else this.snapshots.set(message.session, message);
    }
  }

  /** The messages a late client receives first, in order: registrations, then latest snapshots. */
  replay(): string[] {
    return [...this.registrations.values(), ...this.snapshots.values()].map((message) => message.text);
  }

  private forget(session: string): void {
    const registration = this.registrations.get(session);
    if (registration && !registration.machine) this.others--;
    this.registrations.delete(session);
    this.snapshots.delete(session);
  }

  private forgetOldestOther(): void {
    for (const [session, registration] of this.registrations) {
      if (!registration.machine) return this.forget(session);
    }
  }
}
