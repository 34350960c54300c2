/**
 * A `--simulate --state` run saves its simulated world beside its actors, so a later run (another
 * process) goes on in the same world: the environments it made are there to tear down, an
 * interrupted create finishes without a second CreateEnvironment, and a file without its world is
 * refused with the usage exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRunState, runAccount, type AccountRunOptions } from '../../cli/runAccount';
import { prepareWorld, restoreWorld, type PreparedWorld } from '../../cli/scenarioWorld';
import { StateFileError, type SavedSimulation } from '../../cli/stateFile';
import type { PlanFile } from '../../cli/planFile';
import { specFor } from '../support/world';
import { run, tmp, writeJson } from './helpers';

const plan: PlanFile = { regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: specFor('alpha') }] };

/** A run the way the CLI makes it: the world restored from the state file when it holds one, saved at every step. */
async function cliRun(path: string, command: AccountRunOptions['command'], thePlan: PlanFile, extra: Partial<AccountRunOptions> = {}) {
  const state = openRunState(path, thePlan, true);
  const saved = state.loaded?.simulation;
  const world: PreparedWorld = saved ? restoreWorld(saved, thePlan.simulator) : await prepareWorld(thePlan.simulator);
  const simulation = (): SavedSimulation => ({ world: world.sim.save({ logs: false }), scenarioStartedAt: world.startedAt });
  try {
    const result = await runAccount({ command, plan: thePlan, ports: world.sim.ports(), clock: world.sim.clock, virtualClock: world.sim.clock, state, simulation, ...extra });
    return { result, world };
  } catch (error) {
    return { error, world };
  } finally {
    state.release();
  }
}

describe('state files of simulated runs', () => {
  it('tears down, in a later run, the environment an earlier simulated apply created', async () => {
    const path = join(tmp(), 'state.json');
    const applied = await cliRun(path, 'apply', plan);
    expect(applied.result?.kind).toBe('ready');

    const torn = await cliRun(path, 'teardown', plan);
    expect(torn.result).toMatchObject({ kind: 'done', outcome: { result: 'roleDeleted' } });
    const calls = torn.world.sim.calls();
    expect(calls.filter((c) => c.operation === 'mwaa.deleteEnvironment' && c.target === 'alpha' && c.outcome === 'ok')).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'mwaa.createEnvironment')).toEqual([]);
    const left = torn.world.sim.inventory();
    expect(left).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [] });
  });

  it('finishes an interrupted create in the saved world: one CreateEnvironment in all, the environment its own', async () => {
    const path = join(tmp(), 'state.json');
    const controller = new AbortController();
    const first = await (async () => {
      const state = openRunState(path, plan, true);
      const world = await prepareWorld(plan.simulator);
      world.sim.clock.setTimeout(() => controller.abort(), 12 * 60_000);
      try {
        await runAccount({
          command: 'apply', plan, ports: world.sim.ports(), clock: world.sim.clock, virtualClock: world.sim.clock, state, signal: controller.signal,
          simulation: () => ({ world: world.sim.save({ logs: false }), scenarioStartedAt: world.startedAt }),
        });
      } catch (error) {
        expect(String(error)).toContain('interrupted');
      } finally {
        state.release();
      }
      return world;
    })();
    const interruptedAt = first.sim.clock.now();
    expect(first.sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment' && c.outcome === 'ok')).toHaveLength(1);
    // The world was saved as it stood when the run stopped, not only at its last step.
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { simulation: SavedSimulation };
    expect(saved.simulation.world.now).toBe(interruptedAt);

    const resumed = await cliRun(path, 'apply', plan);
    expect(resumed.result?.kind).toBe('ready');
    expect(resumed.result?.kind === 'ready' ? resumed.result.context.results['eu-west-1/alpha'] : null).toMatchObject({ result: 'available', adopted: false });
    expect(resumed.world.sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment')).toEqual([]);
    expect(resumed.world.sim.clock.now()).toBeGreaterThan(interruptedAt);
  });

  it('refuses a simulated state file that holds no world, naming the way out, before any call', async () => {
    const path = join(tmp(), 'state.json');
    expect((await cliRun(path, 'apply', plan)).result?.kind).toBe('ready');
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete file['simulation'];
    writeFileSync(path, JSON.stringify(file));
    const refused = await cliRun(path, 'teardown', plan);
    expect(refused.error).toBeInstanceOf(StateFileError);
    expect(String(refused.error)).toContain('not saved with it');
    expect(refused.world.sim.calls()).toEqual([]);
  });

  it('resumes through the command line: apply, then teardown in another run on the same world', async () => {
    const dir = tmp();
    const state = join(dir, 'state.json');
    const planFile = writeJson(dir, 'plan.json', plan);
    expect((await run('apply', '--plan', planFile, '--simulate', '--state', state)).code).toBe(0);
    const torn = await run('teardown', '--plan', planFile, '--simulate', '--state', state, '--output', 'json');
    expect(torn.code).toBe(0);
    const result = JSON.parse(torn.stdout.trim().split('\n').at(-1) ?? '{}') as { result?: string; environments?: { name: string; operation: string; result: string }[] };
    expect(result.result).toBe('roleDeleted');
    expect(result.environments).toEqual([expect.objectContaining({ name: 'alpha', operation: 'delete', result: 'deleted' })]);
  });
});
