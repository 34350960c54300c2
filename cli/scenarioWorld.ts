/**
 * Builds a simulated account from a plan file's `simulator` section.
 */
import { createSimulatedAws, SimulatedAws } from '../adapters/simulator';
import type { SavedSimulation } from './stateFile';
import { bindMachines } from '../machines/wiring';
import { runMachine } from '../machines/run';
import { scenarioSimulatorOptions, type ScenarioWorld } from './planFile';

/** A simulated account prepared as the scenario describes, plus the background work it scheduled. */
export interface PreparedWorld {
  sim: SimulatedAws;
  /** Settles when every scheduled foreign deletion has finished. */
  background: Promise<unknown>;
  /** Virtual time the scenario's run began: its timed foreign deletions count from here. */
  startedAt: number;
}

/** Creates the simulator and the world the scenario starts from (role, foreign environments, plans). */
export async function prepareWorld(world: ScenarioWorld = {}): Promise<PreparedWorld> {
  const sim = createSimulatedAws({
    seed: world.seed ?? 1,
    ...(world.timings ? { timings: world.timings } : {}),
    ...(world.faults ? { faults: world.faults } : {}),
    ...scenarioSimulatorOptions(world),
  });
  // Set-up happens with faults off: the scenario's faults are for the run, not for its preparation.
  sim.clearFaults();
  const setup = bindMachines(sim.ports(), { clock: sim.clock });
  if (world.roleExists) await sim.clock.run(runMachine(setup.serviceLinkedRole, { operation: 'ensure' }));
  for (const plan of world.environmentPlans ?? []) sim.planEnvironment(plan.region, plan.name, plan.plan);
  const foreign = world.foreignEnvironments ?? [];
  await sim.clock.run(
    Promise.all(foreign.map((env) => runMachine(setup.environment, { operation: 'create', region: env.region, spec: env.spec }))),
  );
  for (const fault of world.faults ?? []) sim.addFault(fault);
  const startedAt = sim.clock.now();
  return { sim, background: foreignDeletions(sim, world, startedAt), startedAt };
}

/**
 * Goes on with a saved run's simulated world: the world as it was saved, and the scenario's timed
 * foreign deletions that had not yet begun there (any whose time has passed begins at once).
 */
export function restoreWorld(saved: SavedSimulation, world: ScenarioWorld = {}): PreparedWorld {
  const sim = SimulatedAws.restore(saved.world);
  return { sim, background: foreignDeletions(sim, world, saved.scenarioStartedAt), startedAt: saved.scenarioStartedAt };
}

/** The scenario's foreign environments deleted by their owner `deleteAfterMinutes` after `startedAt`, unless already deleting or gone. */
function foreignDeletions(sim: SimulatedAws, world: ScenarioWorld, startedAt: number): Promise<unknown> {
  const setup = bindMachines(sim.ports(), { clock: sim.clock });
  const untouched = (region: string, name: string): boolean =>
    sim.inventory().environments.some((e) => e.region === region && e.name === name && e.status !== 'DELETING' && e.status !== 'DELETED');
  return Promise.all(
    (world.foreignEnvironments ?? [])
      .filter((env) => env.deleteAfterMinutes !== undefined && untouched(env.region, env.spec.name))
      .map(
        (env) =>
          new Promise<void>((resolve) => sim.clock.setTimeout(resolve, startedAt + (env.deleteAfterMinutes ?? 0) * 60_000 - sim.clock.now())).then(() =>
            runMachine(setup.environment, { operation: 'delete', region: env.region, name: env.spec.name }),
          ),
      ),
  );
}
