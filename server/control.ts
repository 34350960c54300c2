/**
 * The control endpoints under `/_mwaa-lifecycle/`, plain JSON and unsigned:
 *
 * | method | path | body | does |
 * |---|---|---|---|
 * | GET | `clock` | | where virtual time stands, and how it moves |
 * | POST | `clock/advance` | `{"ms": 60000}` | moves virtual time forward, firing what falls due |
 * | POST | `faults` | a fault rule, or a list | adds random faults (throttling, 5xx) |
 * | DELETE | `faults` | | removes every fault rule and scripted failure |
 * | POST | `world` | a plan file or its `simulator` section | replaces the world with one made from it |
 * | GET | `world/snapshot` | | inventory, world events and calls |
 * | POST | `world/reset` | | replaces the world with a fresh one from the last scenario |
 *
 * Errors answer `{"error": "..."}` with 400 (a body that does not hold up) or 500.
 */
import { Hono, type Context } from 'hono';
import { PlanFileError } from '../cli/planFile';
import type { ClockDriver } from './clockDriver';
import { faultRulesFromJson, scenarioFromJson } from './scenario';
import type { ServedWorld } from './world';

/** Where the control endpoints live. */
export const CONTROL_PREFIX = '/_mwaa-lifecycle';

/** A request body that does not hold up: answered with 400. */
class BadControlRequest extends Error {}

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadControlRequest(`the body is not JSON: ${(e as Error).message}`);
  }
}

/** The routes of the control endpoints, to be mounted at {@link CONTROL_PREFIX}. */
export function controlRoutes(world: ServedWorld, clock: ClockDriver): Hono {
  const routes = new Hono({ strict: false });
  const summary = () => ({ clock: clock.state(), inventory: world.sim.inventory() });

  routes.get('/clock', (c) => c.json(clock.state()));

  routes.post('/clock/advance', async (c) => {
    const body = await jsonBody(c);
    const ms = typeof body === 'object' && body !== null ? (body as { ms?: unknown }).ms : undefined;
    if (typeof ms !== 'number') throw new BadControlRequest('the body must be {"ms": <virtual milliseconds>}');
    return c.json(await clock.advance(ms));
  });

  routes.post('/faults', async (c) => {
    const rules = faultRulesFromJson(await jsonBody(c), 'the fault rules');
    for (const rule of rules) world.sim.addFault(rule);
    return c.json({ added: rules.length });
  });

  routes.delete('/faults', (c) => {
    world.sim.clearFaults();
    return c.json({ cleared: true });
  });

  routes.post('/world', async (c) => {
    await world.load(scenarioFromJson(await jsonBody(c), 'the world'));
    return c.json(summary());
  });

  routes.get('/world/snapshot', (c) => c.json(world.snapshot()));

  routes.post('/world/reset', async (c) => {
    await world.reset();
    return c.json(summary());
  });

  // Last, so it only catches what no route above took (a mounted app's notFound is not consulted).
  routes.all('*', (c) => c.json({ error: `no control endpoint ${c.req.method} ${c.req.path}` }, 404));

  routes.onError((e, c) => {
    const bad = e instanceof BadControlRequest || e instanceof PlanFileError || e instanceof RangeError;
    return c.json({ error: e.message }, bad ? 400 : 500);
  });
  return routes;
}
