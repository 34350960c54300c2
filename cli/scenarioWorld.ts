/**
 * Builds a simulated account from a plan file's `simulator` section.
 */
import { createSimulatedAws, type SimulatedAws } from '../adapters/simulator';
import { bindMachines } from '../machines/wiring';
import { runMachine } from '../machines/run';
import { scenarioSimulatorOptions, type ScenarioWorld } from './planFile';

/** A simulated account prepared as the scenario describes, plus the background work it scheduled. */
export interface PreparedWorld {
  sim: SimulatedAws;
  /** Settles when every scheduled foreign deletion has finished. */
  background: Promise<unknown>;
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
  const start = sim.clock.now();
  const background = Promise.all(
    foreign
      .filter((env) => env.deleteAfterMinutes !== undefined)
      .map(
        (env) =>
          new Promise<void>((resolve) => sim.clock.setTimeout(resolve, start + (env.deleteAfterMinutes ?? 0) * 60_000 - sim.clock.now())).then(() =>
            runMachine(setup.environment, { operation: 'delete', region: env.region, name: env.spec.name }),
          ),
      ),
  );
  return { sim, background };
}
