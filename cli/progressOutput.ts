/**
 * What a person (or a pipeline) sees while a run waits: a timeline of changes, and at a steady
 * interval a heartbeat per environment still being waited on with its elapsed and expected time,
 * plus what keeps the role waiting. On a terminal the heartbeat is a block that redraws in place;
 * in a pipe it is plain lines; with `--output json` every change and heartbeat is a JSON line.
 */
import type { InspectionEvent } from 'xstate';
import type { Clock, TimerHandle } from '../domain/clock';
import { heartbeatLines, ProgressTracker, type ProgressEvent } from '../machines/progress';
import type { Io } from './io';
import { heartbeatJson, progressJson, stampFor, type JsonEvent, type Stamp } from './jsonEvents';
import { clockTime, describeBlockers, describeEnvironment, describeRole } from './reporter';

/** Options of {@link progressOutput}. */
export interface ProgressOutputOptions {
  io: Io;
  clock: Clock;
  /** JSON lines instead of text. */
  json: boolean;
  /** Interval of the heartbeat on `clock`, ms; 0 turns it off. */
  heartbeatMs: number;
}

/** A run's progress output. */
export interface ProgressOutput {
  tracker: ProgressTracker;
  /** The inspection hook that feeds it. */
  inspect: (event: InspectionEvent) => void;
  /** Stamps JSON lines with this run's clock. */
  stamp: Stamp;
  /** A line of text in the timeline (ignored in JSON mode). */
  say(line: string): void;
  /** A JSON line (ignored in text mode). */
  emit(event: JsonEvent): void;
  /** Stops the heartbeat and removes the live block. */
  close(): void;
}

/** The timeline's text for one change, `null` when it is not worth a line. */
export function timelineLines(event: ProgressEvent): string[] {
  switch (event.type) {
    case 'environment':
      if (event.outcome) return [`${event.key}: ${describeEnvironment(event.outcome)}`];
      return event.status ? [`${event.key}: ${event.status}`] : [];
    case 'role':
      if (event.outcome) return [`role: ${describeRole(event.outcome)}`];
      return [`role: ${event.state}${event.taskStatus ? ` (deletion task ${event.taskStatus})` : ''}`];
    case 'blockers':
      return event.blockers.length === 0 && event.surveyErrors.length === 0
        ? ['  nothing blocks the role any more']
        : [
            ...describeBlockers(event.blockers).map((b) => `  blocked by ${b}`),
            ...event.surveyErrors.map((e) => `  could not read ${e.region}: ${e.error.code}: ${e.error.message}`),
          ];
    case 'account':
      return [`account: ${event.state}`];
  }
}

/** Starts the progress output of one run. */
export function progressOutput(options: ProgressOutputOptions): ProgressOutput {
  const { io, clock, json } = options;
  const start = clock.now();
  const stamp = stampFor(() => clock.now(), start);
  const say = (line: string): void => {
    if (!json) io.out(`[${clockTime(clock.now() - start)}] ${line}`);
  };
  const emit = (event: JsonEvent): void => {
    if (json) io.out(JSON.stringify(event));
  };
  const tracker = new ProgressTracker(
    (event) => {
      if (json) emit(progressJson(event, stamp));
      else timelineLines(event).forEach(say);
    },
    { now: () => clock.now() },
  );
  let timer: { handle: TimerHandle } | null = null;
  const beat = (): void => {
    const now = clock.now();
    if (json) emit(heartbeatJson(tracker.view(), now, stamp));
    else {
      const lines = heartbeatLines(tracker.view(), now);
      if (io.status) io.status(lines.map((l) => `  ${l}`));
      else lines.forEach(say);
    }
    timer = { handle: clock.setTimeout(beat, options.heartbeatMs) };
  };
  if (options.heartbeatMs > 0) timer = { handle: clock.setTimeout(beat, options.heartbeatMs) };
  return {
    tracker,
    inspect: tracker.inspect,
    stamp,
    say,
    emit,
    close: () => {
      if (timer !== null) clock.clearTimeout(timer.handle);
      timer = null;
      io.status?.([]);
    },
  };
}
