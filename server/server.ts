/**
 * Starts the endpoint: the application on a Node HTTP server (through `@hono/node-server`),
 * listening on one host and port, with its world and its clock driver.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ScenarioWorld } from '../cli/planFile';
import { createApp } from './app';
import { ClockDriver, type ClockMode } from './clockDriver';
import type { WireRequest } from './wire';
import { ServedWorld } from './world';

/** The port `serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 4599;
/** The address `serve` listens on unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** Default {@link DEFAULT_PORT}; 0 picks a free port. */
  port?: number;
  /** Default {@link DEFAULT_HOST}. */
  host?: string;
  /** The world to serve. Default: one prepared from `scenario`. */
  world?: ServedWorld;
  /** The scenario the world is prepared from when `world` is not given. Default: the default world. */
  scenario?: ScenarioWorld;
  /** How virtual time moves. Default: at real-time speed (1). */
  clock?: ClockMode;
  /** Told of every AWS request as it arrived. */
  observe?: (request: WireRequest) => void;
  /** Told when a step of a speed-driven clock failed. */
  onClockError?: (error: unknown) => void;
}

/** A running endpoint. */
export interface RunningServer {
  /** `http://<host>:<port>`, to give clients as their endpoint URL. */
  url: string;
  port: number;
  world: ServedWorld;
  clock: ClockDriver;
  /** Stops the clock, stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * Starts an endpoint; rejects when it cannot listen (a busy port, an address not on this machine).
 *
 * @example
 * const server = await startServer({ port: 0, clock: { kind: 'speed', speed: 60 } });
 * const aws = createAwsPorts({ endpoints: { mwaa: server.url, iam: server.url, ec2: server.url }, credentials });
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const world = options.world ?? (await ServedWorld.fromScenario(options.scenario));
  const clock = new ClockDriver(world, options.clock ?? { kind: 'speed', speed: 1 }, options.onClockError ? { onError: options.onClockError } : {});
  const app = createApp({ world, clock, ...(options.observe ? { observe: options.observe } : {}) });
  // Leave the process's fetch globals alone: the endpoint may share a process with its clients.
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  clock.start();
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    world,
    clock,
    async close() {
      await clock.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeAllConnections();
      });
    },
  };
}
