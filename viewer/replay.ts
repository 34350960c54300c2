/**
 * Replays a run log into frames: what a person sees at each moment of the run. A frame is taken
 * whenever what is shown changes: the states each machine's actors are in (as state ids of its
 * diagram), each environment's status, the role's task, and what blocks the role.
 */
import type { MachineGraph } from '../diagram/model';
import type { AccountFacts, EnvironmentFacts, RoleFacts, RunLog, RunLogEvent } from './format';
import { activeStateIds, stateText } from './stateIds';

/** One actor of a machine, as shown in a frame. */
export interface ActorRow {
  /** `account`, `serviceLinkedRole`, or the environment's `region/name`. */
  readonly label: string;
  readonly machine: string;
  readonly actor: string;
  /** Its state as dotted text, e.g. `roleGate.blocked`. */
  readonly state: string;
  readonly status: string;
}

/** One environment's row. */
export interface EnvironmentRow extends EnvironmentFacts {
  /** The state of the environment's machine. */
  readonly state: string;
}

/** The role's machine and its deletion task. */
export interface RoleRow extends RoleFacts {
  readonly state: string;
}

/** The orchestrator and what blocks the role. */
export interface AccountRow extends AccountFacts {
  readonly state: string;
}

/** What the viewer shows at one moment. */
export interface Frame {
  /** The log event the frame was taken at (0-based, header excluded). */
  readonly event: number;
  /** On the run's clock (virtual on the simulator) and the wall clock, ms epoch. */
  readonly at: number;
  readonly real: number;
  /** State ids to highlight, by machine id: the states of actors still running. */
  readonly active: Readonly<Record<string, readonly string[]>>;
  /** State ids of actors that have finished, by machine id (their final states). */
  readonly ended: Readonly<Record<string, readonly string[]>>;
  readonly actors: readonly ActorRow[];
  readonly environments: readonly EnvironmentRow[];
  readonly role: RoleRow | null;
  readonly account: AccountRow | null;
}

/** A whole replay. */
export interface Replay {
  /** When the log began, on both clocks. */
  readonly start: { readonly at: number; readonly real: number };
  readonly frames: readonly Frame[];
  /** How many events the log holds. */
  readonly events: number;
}

interface Track {
  readonly session: string;
  readonly machine: string;
  readonly actor: string;
  readonly root: string;
  label: string | null;
  value: unknown;
  status: string;
  facts: RunLogEvent['context'];
}

/** Ends every running track of `root`'s tree once its root has finished. */
function endTree(tracks: Iterable<Track>, root: string): void {
  for (const track of tracks) if (track.root === root && track.status === 'active') track.status = 'stopped';
}

/** The frame for the current tracks: only the newest actor per label counts. */
function frameOf(graphs: Readonly<Record<string, MachineGraph>>, tracks: ReadonlyMap<string, Track>, environments: ReadonlyMap<string, EnvironmentRow>, event: RunLogEvent, index: number): Frame {
  const latest = new Map<string, Track>();
  for (const track of tracks.values()) if (track.label !== null) latest.set(track.label, track);
  const active: Record<string, string[]> = {};
  const ended: Record<string, string[]> = {};
  let role: RoleRow | null = null;
  let account: AccountRow | null = null;
  const actors: ActorRow[] = [];
  for (const track of latest.values()) {
    const graph = graphs[track.machine];
    const ids = graph ? activeStateIds(graph, track.value) : [];
    const into = track.status === 'active' ? active : track.status === 'done' ? ended : null;
    if (into) into[track.machine] = [...new Set([...(into[track.machine] ?? []), ...ids])];
    const state = stateText(track.value);
    actors.push({ label: track.label ?? track.actor, machine: track.machine, actor: track.actor, state, status: track.status });
    if (track.facts && 'role' in track.facts) role = { ...track.facts.role, state };
    if (track.facts && 'account' in track.facts) account = { ...track.facts.account, state };
  }
  return { event: index, at: event.at, real: event.real, active, ended, actors, environments: [...environments.values()], role, account };
}

/** What of a frame is compared to tell whether anything visible changed. */
const visible = (frame: Frame): string => JSON.stringify([frame.active, frame.ended, frame.actors, frame.environments, frame.role, frame.account]);

/** The frames of `log`, in order; one per visible change. */
export function replay(log: RunLog): Replay {
  const graphs = log.header.machines;
  const tracks = new Map<string, Track>();
  const environments = new Map<string, EnvironmentRow>();
  const frames: Frame[] = [];
  let last = '';
  log.events.forEach((event, index) => {
    if (graphs[event.kind] === undefined) return;
    if (event.type === '@xstate.actor') {
      // A new run (apply, then teardown) replaces whatever an earlier one left running.
      if (event.parent === null) for (const track of tracks.values()) if (track.root !== event.root && track.status === 'active') track.status = 'stopped';
      tracks.set(event.session, { session: event.session, machine: event.kind, actor: event.actor, root: event.root, label: null, value: undefined, status: 'active', facts: undefined });
      return;
    }
    const track = tracks.get(event.session);
    if (event.type !== '@xstate.snapshot' || track === undefined) return;
    track.value = event.value;
    track.status = event.status ?? 'active';
    track.facts = event.context;
    const facts = event.context;
    track.label = facts && 'environment' in facts ? facts.environment.key : event.kind;
    if (facts && 'environment' in facts) environments.set(facts.environment.key, { ...facts.environment, state: stateText(event.value) });
    if (event.parent === null && track.status !== 'active') endTree(tracks.values(), event.root);
    const frame = frameOf(graphs, tracks, environments, event, index);
    const seen = visible(frame);
    if (seen !== last) frames.push(frame);
    last = seen;
  });
  return { start: { at: log.header.at, real: log.header.real }, frames, events: log.events.length };
}
