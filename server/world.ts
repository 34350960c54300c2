/**
 * The simulated world an endpoint serves: the current {@link SimulatedAws}, the scenario it was
 * made from (so it can be made again), and what it looks like now.
 */
import type { SimulatedAws, CallRecord, LogCounts, SimulatedInventory, WorldEvent } from '../adapters/simulator';
import type { ScenarioWorld } from '../cli/planFile';
import { prepareWorld } from '../cli/scenarioWorld';

/** Everything observable about the served world at one instant. */
export interface WorldSnapshot {
  /** Virtual ms epoch. */
  now: number;
  accountId: string;
  inventory: SimulatedInventory;
  events: WorldEvent[];
  calls: CallRecord[];
  logCounts: LogCounts;
}

/**
 * Holds the simulator behind an endpoint. Requests read {@link ServedWorld.sim} when they arrive,
 * so loading or resetting the world never disturbs a request already being answered.
 */
export class ServedWorld {
  private constructor(
    private current: SimulatedAws,
    private scenario: ScenarioWorld,
  ) {}

  /** A world prepared from `scenario` (role, foreign environments, plans, faults); the default world without one. */
  static async fromScenario(scenario: ScenarioWorld = {}): Promise<ServedWorld> {
    return new ServedWorld(await ServedWorld.prepare(scenario), scenario);
  }

  /** Serves a simulator built elsewhere; a reset then starts from the default world. */
  static of(sim: SimulatedAws): ServedWorld {
    return new ServedWorld(sim, {});
  }

  private static async prepare(scenario: ScenarioWorld): Promise<SimulatedAws> {
    const { sim, background } = await prepareWorld(scenario);
    // A foreign owner's scheduled deletion that fails shows in the world's calls; it must not end the process.
    background.catch(() => undefined);
    return sim;
  }

  /** The simulator requests are served from now. */
  get sim(): SimulatedAws {
    return this.current;
  }

  /** Serves `sim` from now on. */
  use(sim: SimulatedAws): void {
    this.current = sim;
  }

  /** Replaces the world with a fresh one prepared from `scenario`, which later resets repeat. */
  async load(scenario: ScenarioWorld): Promise<void> {
    const sim = await ServedWorld.prepare(scenario);
    this.scenario = scenario;
    this.current = sim;
  }

  /** Replaces the world with a fresh one prepared from the last scenario loaded. */
  async reset(): Promise<void> {
    this.current = await ServedWorld.prepare(this.scenario);
  }

  /** The world now: inventory of the default account, world events and the call log. */
  snapshot(): WorldSnapshot {
    const sim = this.current;
    return {
      now: sim.clock.now(),
      accountId: sim.accountId,
      inventory: sim.inventory(),
      events: sim.events(),
      calls: sim.calls(),
      logCounts: sim.logCounts(),
    };
  }
}
