/**
 * Everything that watches a run: the progress output (text, live block or JSON lines) and the
 * inspection outlets (`--inspect-log`, `--inspect-port`), checked before the first AWS call and
 * closed together at the end.
 */
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../domain/clock';
import { combineInspections, jsonlInspection, statelyInspection, type Inspection } from './inspection';
import { UsageError } from './args';
import type { Io } from './io';
import { checkPortFree, checkWritableFile } from './preflight';
import { progressOutput, type ProgressOutput } from './progressOutput';

/** The watching options of every command that runs machines. */
export interface WatchFlags {
  output: 'text' | 'json';
  /** Heartbeat interval in seconds of the run's clock (virtual with `--simulate`); 0 turns it off. */
  heartbeat?: number;
  inspectLog?: string;
  inspectPort?: number;
  /** Hold the run until an inspector connects to the bridge. */
  inspectWait?: boolean;
  /** Where the bridge listens (loopback by default). */
  inspectHost?: string;
}

/** Heartbeat interval when none is given: 10 s of real time; 5 virtual minutes on the simulator, whose hours pass in moments. */
export const DEFAULT_HEARTBEAT_S = { real: 10, simulated: 300 } as const;

/** A run's watchers. */
export interface Watchers {
  progress: ProgressOutput;
  inspect: (event: InspectionEvent) => void;
  close(): Promise<void>;
}

/** Checks the inspection outlets (the log's folder, the bridge's port) without using them. */
export async function preflightWatch(flags: WatchFlags): Promise<void> {
  if ((flags.inspectWait === true || flags.inspectHost !== undefined) && flags.inspectPort === undefined) {
    throw new UsageError('--inspect-wait and --inspect-host need --inspect-port');
  }
  if (flags.inspectLog !== undefined) checkWritableFile(flags.inspectLog, 'the inspection log');
  if (flags.inspectPort !== undefined) await checkPortFree(flags.inspectPort, 'the inspector bridge');
}

/** Starts watching a run on `clock`. */
export async function startWatching(flags: WatchFlags, io: Io, clock: Clock, simulated: boolean): Promise<Watchers> {
  const seconds = flags.heartbeat ?? (simulated ? DEFAULT_HEARTBEAT_S.simulated : DEFAULT_HEARTBEAT_S.real);
  const progress = progressOutput({ io, clock, json: flags.output === 'json', heartbeatMs: seconds * 1000 });
  const parts: Inspection[] = [{ inspect: progress.inspect, close: async () => progress.close() }];
  if (flags.inspectLog !== undefined) parts.push(jsonlInspection(flags.inspectLog, clock));
  if (flags.inspectPort !== undefined) {
    const bridge = { wait: flags.inspectWait === true, signal: io.signal, ...(flags.inspectHost === undefined ? {} : { host: flags.inspectHost }) };
    parts.push(await statelyInspection(flags.inspectPort, (line) => io.err(line), bridge));
  }
  const inspection = combineInspections(parts);
  return { progress, inspect: inspection.inspect, close: () => inspection.close() };
}
