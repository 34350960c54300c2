/**
 * `--inspect-log FILE`: the run log `mwaa-lifecycle view` replays (format in `viewer/format.ts`).
 * A header with the machines' definitions, then one JSON line per inspection event, redacted.
 */
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../domain/clock';
import { machineGraph } from '../diagram/graph';
import { accountMachine } from '../machines/account.machine';
import { environmentMachine } from '../machines/environment.machine';
import { serviceLinkedRoleMachine } from '../machines/serviceLinkedRole.machine';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunLogEvent, type RunLogHeader } from '../viewer/format';
import { inspectedActor } from './inspectedActor';
import { redactedJson } from './redact';
import { runFacts } from './runFacts';
import { openLogSafely } from './safeWrite';

/** The header of a run log opened at `at` on the run's clock. */
export function runLogHeader(at: number, real: number = Date.now()): RunLogHeader {
  const machines = Object.fromEntries([environmentMachine, serviceLinkedRoleMachine, accountMachine].map((m) => [m.id, machineGraph(m)]));
  return { type: 'header', format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, machines, at, real };
}

/** The parts of a snapshot a log line reads. */
interface SnapshotParts {
  readonly value?: unknown;
  readonly status?: string;
  readonly context?: unknown;
  readonly output?: unknown;
}

/** The log line for one inspection event, stamped `at` on the run's clock and `real` on the wall clock. */
export function runLogEvent(event: InspectionEvent, at: number, real: number): RunLogEvent {
  const actor = inspectedActor(event);
  const line: { -readonly [K in keyof RunLogEvent]: RunLogEvent[K] } = {
    type: event.type,
    session: actor.session,
    parent: actor.parent,
    root: event.rootId,
    actor: actor.id,
    kind: actor.kind,
    at,
    real,
  };
  if (event.type === '@xstate.event' || event.type === '@xstate.microstep') line.event = event.event.type;
  if (event.type === '@xstate.action') line.event = event.action.type;
  if (event.type === '@xstate.snapshot') {
    const snapshot = event.snapshot as SnapshotParts;
    line.event = event.event.type;
    if (snapshot.value !== undefined) line.value = snapshot.value;
    if (snapshot.status !== undefined) line.status = snapshot.status;
    const facts = runFacts(actor.kind, snapshot);
    if (facts) line.context = facts;
  }
  return line;
}

/** An inspection hook and how to release what it holds. */
export interface RunLogWriter {
  inspect: (event: InspectionEvent) => void;
  close(): Promise<void>;
}

/**
 * Writes the run log to `path` (mode 0600, a symbolic link refused): the header at once, then a
 * line per inspection event stamped with `clock` (virtual on the simulator) and the wall clock.
 */
export function jsonlInspection(path: string, clock: Clock): RunLogWriter {
  const out = openLogSafely(path);
  out.write(`${JSON.stringify(runLogHeader(clock.now()))}\n`);
  return {
    inspect: (event) => {
      out.write(`${redactedJson(runLogEvent(event, clock.now(), Date.now()))}\n`);
    },
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}
