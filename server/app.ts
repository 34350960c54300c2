/**
 * The endpoint's HTTP application, on the Hono router: the control endpoints under
 * `/_mwaa-lifecycle/`, and every other request routed to MWAA, IAM or EC2 by its credential scope.
 */
import { Hono } from 'hono';
import type { ClockDriver } from './clockDriver';
import { CONTROL_PREFIX, controlRoutes } from './control';
import { dispatch } from './dispatch';
import { credentialScope, toResponse, type WireRequest } from './wire';
import type { ServedWorld } from './world';

/** What the application serves. */
export interface AppOptions {
  world: ServedWorld;
  clock: ClockDriver;
  /** Told of every AWS request as it arrived (not of control requests), before it is answered. */
  observe?: (request: WireRequest) => void;
}

/** A fetch `Request` as a {@link WireRequest}. */
export async function wireRequestOf(request: Request): Promise<WireRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: await request.text(),
    scope: credentialScope(headers['authorization']),
  };
}

/** Builds the application. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono({ strict: false });
  app.route(CONTROL_PREFIX, controlRoutes(options.world, options.clock));
  app.all('*', async (c) => {
    const request = await wireRequestOf(c.req.raw);
    options.observe?.(request);
    return toResponse(await dispatch(request, options.world.sim));
  });
  return app;
}
