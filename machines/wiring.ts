/**
 * The one place where machines meet adapters: `bindMachines` turns a set of ports, a clock and a
 * polling policy into the machines' actors through `.provide()`. Users, tests, the CLI and the
 * benchmarks all wire through here.
 */
import { fromPromise } from 'xstate';
import { sleep, systemClock, sleepUntil, type Clock } from '../adapters/clock';
import { isAwsError } from '../adapters/errors';
import type { AwsPorts, EnvironmentSpec, EnvironmentUpdate, NetworkConfiguration } from '../adapters/port';
import { accountMachine } from './account.machine';
import { environmentMachine } from './environment.machine';
import { backoffDelay, expectedDurationPolicy, nextPollAt, stableRandom, type PollPolicy, type PollRequest } from './polling';
import type { CallResult, WokeUp } from './results';
import { serviceLinkedRoleMachine } from './serviceLinkedRole.machine';
import { findLeftovers, surveyAccount, type CallRetrier, type KnownNetwork } from './survey';

/** Options of {@link bindMachines}. */
export interface BindOptions {
  /** The clock every wait uses; share the simulator's VirtualClock to run on virtual time. Default: wall clock. */
  clock?: Clock;
  /** Polling cadence. Default {@link expectedDurationPolicy}. */
  pollPolicy?: PollPolicy;
}

/** The machines bound to one account's ports. */
export interface BoundMachines {
  environment: typeof environmentMachine;
  serviceLinkedRole: typeof serviceLinkedRoleMachine;
  account: typeof accountMachine;
  clock: Clock;
}

/**
 * Wraps a port call as a promise actor whose output is a {@link CallResult}: coded AWS errors
 * become values stamped with the clock's time; anything else (a bug) still rejects.
 */
function portCall<I, T>(clock: Clock, call: (input: I, signal: AbortSignal) => Promise<T>) {
  return fromPromise<CallResult<T>, I>(async ({ input, signal }) => {
    try {
      const value = await call(input, signal);
      return { ok: true, value, at: clock.now() };
    } catch (error) {
      if (!isAwsError(error)) throw error;
      return { ok: false, error: error.toJSON(), at: clock.now() };
    }
  });
}

/** Retries a call up to 4 times on retryable errors, with jittered exponential backoff on `clock`. */
function retryOn(clock: Clock, signal: AbortSignal): CallRetrier {
  return async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!isAwsError(error) || !error.retryable || attempt >= 3) throw error;
        await sleep(clock, backoffDelay(attempt, stableRandom('survey', clock.now() + attempt), { baseMs: 1_000, capMs: 8_000, floorMs: 200 }), signal);
      }
    }
  };
}

/**
 * Binds the machines to `ports`.
 *
 * @example
 * const sim = createSimulatedAws();
 * const machines = bindMachines(sim.ports(), { clock: sim.clock });
 * const outcome = await sim.clock.run(runMachine(machines.environment, { operation: 'create', region: 'eu-west-1', spec }));
 */
export function bindMachines(ports: AwsPorts, options: BindOptions = {}): BoundMachines {
  const clock = options.clock ?? systemClock;
  const policy = options.pollPolicy ?? expectedDurationPolicy;

  const waitUntil = fromPromise<WokeUp, { until: number }>(async ({ input, signal }) => {
    await sleepUntil(clock, input.until, signal);
    return { at: clock.now() };
  });
  const waitForNextPoll = fromPromise<WokeUp, PollRequest>(async ({ input, signal }) => {
    await sleepUntil(clock, nextPollAt(policy, input), signal);
    return { at: clock.now() };
  });

  const environment = environmentMachine.provide({
    actors: {
      getEnvironment: portCall(clock, (i: { region: string; name: string }, s) => ports.mwaa.getEnvironment(i.region, i.name, s)),
      createEnvironment: portCall(clock, (i: { region: string; spec: EnvironmentSpec }, s) =>
        ports.mwaa.createEnvironment(i.region, i.spec, s),
      ),
      updateEnvironment: portCall(clock, (i: { region: string; update: EnvironmentUpdate }, s) =>
        ports.mwaa.updateEnvironment(i.region, i.update, s),
      ),
      deleteEnvironment: portCall(clock, async (i: { region: string; name: string }, s) => {
        await ports.mwaa.deleteEnvironment(i.region, i.name, s);
        return null;
      }),
      findLeftovers: portCall(clock, (i: { region: string; network: NetworkConfiguration }, s) =>
        findLeftovers(ports.network, i.region, i.network, s),
      ),
      waitUntil,
      waitForNextPoll,
    },
  });

  const slr = ports.serviceLinkedRole;
  const serviceLinkedRole = serviceLinkedRoleMachine.provide({
    actors: {
      getRole: portCall(clock, (_: Record<string, never>, s) => slr.getRole(s)),
      createRole: portCall(clock, (i: { description: string | null }, s) =>
        slr.createRole(i.description === null ? {} : { description: i.description }, s),
      ),
      updateRoleDescription: portCall(clock, (i: { description: string }, s) => slr.updateDescription(i.description, s)),
      deleteRole: portCall(clock, (_: Record<string, never>, s) => slr.deleteRole(s)),
      getDeletionStatus: portCall(clock, (i: { deletionTaskId: string }, s) => slr.getDeletionStatus(i.deletionTaskId, s)),
      waitUntil,
      waitForNextPoll,
    },
  });

  const account = accountMachine.provide({
    actors: {
      environment,
      serviceLinkedRole,
      surveyAccount: portCall(clock, (i: { regions: string[]; knownNetworks: KnownNetwork[] }, s) =>
        surveyAccount(ports, i.regions, i.knownNetworks, s, retryOn(clock, s)),
      ),
      waitForNextPoll,
    },
  });

  return { environment, serviceLinkedRole, account, clock };
}
