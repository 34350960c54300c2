/**
 * Ways to watch a run: the run log (`--inspect-log`, JSON lines that `mwaa-lifecycle view`
 * replays offline) and the live bridge to the Stately inspector (`--inspect-port`; the inspector's
 * page loads from stately.ai, the bridge itself stays on this machine unless asked otherwise).
 */
import type { InspectionEvent } from 'xstate';
import { isLoopback, startBridge, type InspectorBridge } from './bridge';
import { INSPECTOR_ORIGIN } from './bridgePage';
import { statelyMessage } from './statelyMessages';

export { jsonlInspection } from './runLog';

/** An inspection hook and how to release what it holds. */
export interface Inspection {
  inspect: (event: InspectionEvent) => void;
  close(): Promise<void>;
}

/** Options of {@link statelyInspection}. */
export interface StatelyInspectionOptions {
  /** The address to listen on; loopback (127.0.0.1) when omitted. Any other draws a warning. */
  host?: string;
  /** Hold until an inspector connects before returning, so it sees the run from its start. */
  wait?: boolean;
  /** Stops the wait (SIGINT, SIGTERM). */
  signal?: AbortSignal;
  /** The secret the printed address carries; random when omitted. */
  token?: string;
}

/** The live bridge as an inspection hook, with the bridge itself for callers that need its address. */
export interface StatelyInspection extends Inspection {
  bridge: InspectorBridge;
}

/**
 * Starts the Stately inspector bridge on `port` (0: any free port) and returns a hook that streams
 * every actor's registration, events and snapshots to it, redacted. `write` receives the address
 * to open (with its token) and any warning. The bridge stays up until `close`, at the run's end.
 */
export async function statelyInspection(port: number, write: (line: string) => void, options: StatelyInspectionOptions = {}): Promise<StatelyInspection> {
  const bridge = await startBridge({ port, ...(options.host === undefined ? {} : { host: options.host }), ...(options.token === undefined ? {} : { token: options.token }) });
  if (!isLoopback(bridge.host)) {
    write(`warning: the inspector bridge listens on ${bridge.host}, reachable from other machines; anyone who sees its token can watch the run`);
  }
  write(`Stately inspector bridge: open ${bridge.pageUrl} in a browser (the inspector's page loads from ${INSPECTOR_ORIGIN})`);
  if (options.wait === true) {
    write('waiting for the inspector to connect before the run starts...');
    await bridge.waitForClient(options.signal);
  }
  return {
    bridge,
    inspect: (event) => {
      const message = statelyMessage(event, Date.now());
      if (message) bridge.publish(message);
    },
    close: () => bridge.close(),
  };
}

/** Combines several inspection hooks into one. */
export function combineInspections(parts: Inspection[]): Inspection {
  return {
    inspect: (event) => parts.forEach((p) => p.inspect(event)),
    close: async () => {
      await Promise.all(parts.map((p) => p.close()));
    },
  };
}
