/**
 * Ways to watch a run: a JSONL log of every inspection event (offline, replayable), and a live
 * bridge to the Stately inspector (its UI is the hosted stately.ai app, so the browser needs
 * internet; the bridge itself runs on loopback).
 */
import { createWriteStream } from 'node:fs';
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../adapters/clock';

/** An inspection hook and how to release what it holds. */
export interface Inspection {
  inspect: (event: InspectionEvent) => void;
  close(): Promise<void>;
}

/** Writes one JSON line per inspection event: time, kind, actor, event type, state and status. */
export function jsonlInspection(path: string, clock: Clock): Inspection {
  const out = createWriteStream(path, { flags: 'w' });
  return {
    inspect: (event) => {
      const actor = (event.actorRef as { id?: string }).id ?? '';
      const line: Record<string, unknown> = { at: clock.now(), type: event.type, actor, root: event.rootId };
      if (event.type === '@xstate.event') line['event'] = event.event.type;
      if (event.type === '@xstate.snapshot') {
        const snapshot = event.snapshot as { value?: unknown; status?: string };
        line['event'] = event.event.type;
        line['value'] = snapshot.value;
        line['status'] = snapshot.status;
      }
      out.write(`${JSON.stringify(line)}\n`);
    },
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}

/**
 * Starts the Stately inspector bridge on `port` and returns a hook that streams to it. Open
 * `http://localhost:<port>` in a browser to watch the statecharts live.
 */
export async function statelyInspection(port: number, write: (line: string) => void): Promise<Inspection> {
  const { createInspectorServer } = await import('@statelyai/inspect/server');
  const { createWebSocketInspector } = await import('@statelyai/inspect');
  const server = createInspectorServer({ port, autoOpen: false });
  const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
  write(`Stately inspector bridge: open http://localhost:${port} in a browser (the inspector UI loads from stately.ai)`);
  return {
    inspect: (event) => inspector.inspect.next?.(event),
    close: async () => {
      inspector.stop();
      server.stop();
    },
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
