/**
 * The one place where machines meet adapters: `bindMachines` turns a set of ports, a clock and a
 * polling policy into the machines' actors through `provideShared` (`.provide()` without rebuilding
 * the chart). Users, tests, the CLI and the benchmarks all wire through here.
 */
import { fromPromise } from 'xstate';
import { sleep, systemClock, type Clock } from '../domain/clock';
import { AwsError, AwsErrorCode, isAwsError } from '../adapters/errors';
import type { AwsPorts, EnvironmentSpec, EnvironmentUpdate, NetworkConfiguration } from '../adapters/port';
import { accountMachine } from './account.machine';
import { environmentMachine } from './environment.machine';
import { backoffDelay, expectedDurationPolicy, nextPollAt, retryDelay, stableRandom, type PollPolicy, type PollRequest } from './polling';
import type { CallResult } from './results';
import { serviceLinkedRoleMachine } from './serviceLinkedRole.machine';
import { provideShared } from './sharedProvide';
import { timed, type CallName } from './timedCall';
import type { CreateAnswer } from './environment.types';
import type { DeletionAnswer, DeletionRequest } from './serviceLinkedRole.types';
import { attachVault, MissingSecretError, revealBody, SecretVault } from './secrets';
import { SharedCleanupChecks, type SharedCleanupOptions } from './sharedLister';
import { fromWakeUp } from './wakeUp';
import { fromPortCall } from './portCallActor';
import { findLeftovers, surveyAccount, type CallRetrier, type SurveyInput, type SurveyResult } from './survey';

/** Options of {@link bindMachines}. */
export interface BindOptions {
  /** The clock every wait uses; share the simulator's VirtualClock to run on virtual time. Default: wall clock. */
  clock?: Clock;
  /** Polling cadence. Default {@link expectedDurationPolicy}. */
  pollPolicy?: PollPolicy;
  /** A port call with no answer after this many ms is abandoned and counts as a retryable failure. Default 60 000, below every phase budget. */
  requestTimeoutMs?: number;
  /**
   * Cleanup checks after deletions: by default the environments waiting in one region share one
   * listing at most `maxAgeMs` old ({@link SharedCleanupChecks}); `false` lists once per check.
   */
  sharedCleanupChecks?: SharedCleanupOptions | false;
  /**
   * Where the clear Airflow configuration values of this binding's runs live while the machines
   * hold handles (see `machines/secrets.ts`). Default: a new, empty vault.
   */
  secrets?: SecretVault;
}

/** The machines bound to one account's ports. */
export interface BoundMachines {
  environment: typeof environmentMachine;
  serviceLinkedRole: typeof serviceLinkedRoleMachine;
  account: typeof accountMachine;
  clock: Clock;
  /** The vault `startMachine` seals these machines' configuration values into. */
  secrets: SecretVault;
}

/** The default of {@link BindOptions.requestTimeoutMs}. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Retries a call up to 4 times on retryable errors (a timeout included), with jittered exponential backoff on `clock`. */
function retryOn(clock: Clock, timeoutMs: number, signal: AbortSignal): CallRetrier {
  return async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await timed(clock, timeoutMs, { service: 'mwaa', operation: 'survey' }, signal, call);
      } catch (error) {
        if (!isAwsError(error) || !error.retryable || attempt >= 3) throw error;
        // A signal of its own: a survey's parallel backoffs would otherwise pile listeners onto the actor's.
        const backoff = backoffDelay(attempt, stableRandom('survey', clock.now() + attempt), { baseMs: 1_000, capMs: 8_000, floorMs: 200 });
        await sleep(clock, retryDelay(backoff, error), AbortSignal.any([signal]));
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
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError('requestTimeoutMs must be a positive number of milliseconds');
  const cleanupChecks = options.sharedCleanupChecks === false ? null : new SharedCleanupChecks(ports.network, clock, options.sharedCleanupChecks);
  const vault = options.secrets ?? new SecretVault();
  const mwaa = (operation: string): CallName => ({ service: 'mwaa', operation });
  const iam = (operation: string): CallName => ({ service: 'iam', operation });
  /** A spec or update with clear configuration values; a value this process lacks fails as invalid input, not retried. */
  const reveal = <T extends EnvironmentSpec | EnvironmentUpdate>(region: string, body: T, operation: string): T => {
    try {
      return revealBody(vault, region, body);
    } catch (e) {
      if (!(e instanceof MissingSecretError)) throw e;
      throw new AwsError({ code: AwsErrorCode.InvalidInput, message: e.message, retryable: false, service: 'mwaa', operation });
    }
  };

  const waitUntil = fromWakeUp<{ until: number }>(clock, (input) => input.until);
  const waitForNextPoll = fromWakeUp<PollRequest>(clock, (input) => nextPollAt(policy, input));

  const environment = provideShared(environmentMachine, {
    actors: {
      getEnvironment: fromPortCall(clock, timeoutMs, mwaa('getEnvironment'), (i: { region: string; name: string }, s) => ports.mwaa.getEnvironment(i.region, i.name, s)),
      // Every create is preceded by a lookup in the same step, so no create is ever re-sent (after
      // a lost answer or a restore in the middle of one) without first looking for the first one.
      lookUpOrCreateEnvironment: fromPortCall(clock, timeoutMs, mwaa('createEnvironment'), async (i: { region: string; spec: EnvironmentSpec }, s): Promise<CreateAnswer> => {
        // Handles become clear values only here, and before any call, so a missing one sends nothing.
        const spec = reveal(i.region, i.spec, 'createEnvironment');
        const existing = await ports.mwaa.getEnvironment(i.region, i.spec.name, s);
        if (existing !== null) return { existing };
        return { created: await ports.mwaa.createEnvironment(i.region, spec, s) };
      }),
      updateEnvironment: fromPortCall(clock, timeoutMs, mwaa('updateEnvironment'), (i: { region: string; update: EnvironmentUpdate }, s) =>
        ports.mwaa.updateEnvironment(i.region, reveal(i.region, i.update, 'updateEnvironment'), s),
      ),
      deleteEnvironment: fromPortCall(clock, timeoutMs, mwaa('deleteEnvironment'), async (i: { region: string; name: string }, s) => {
        await ports.mwaa.deleteEnvironment(i.region, i.name, s);
        return null;
      }),
      findLeftovers: fromPortCall(clock, timeoutMs, { service: 'ec2', operation: 'findLeftovers' }, (i: { region: string; network: NetworkConfiguration }, s) =>
        cleanupChecks ? cleanupChecks.find(i.region, i.network, s) : findLeftovers(ports.network, i.region, i.network, s),
      ),
      waitUntil,
      waitForNextPoll,
    },
  });

  const slr = ports.serviceLinkedRole;
  const bindRole = (): typeof serviceLinkedRoleMachine => provideShared(serviceLinkedRoleMachine, {
    actors: {
      getRole: fromPortCall(clock, timeoutMs, iam('getRole'), (_: Record<string, never>, s) => slr.getRole(s)),
      createRole: fromPortCall(clock, timeoutMs, iam('createRole'), (i: { description: string | null }, s) =>
        slr.createRole(i.description === null ? {} : { description: i.description }, s),
      ),
      updateRoleDescription: fromPortCall(clock, timeoutMs, iam('updateDescription'), (i: { description: string }, s) => slr.updateDescription(i.description, s)),
      // The freshness of the survey is checked here, at the moment of the request, so no resend
      // (retry, restore, older snapshot) can rest on an old verdict.
      deleteRole: fromPortCall(clock, timeoutMs, iam('deleteRole'), async (i: DeletionRequest, s): Promise<DeletionAnswer> => {
        const ageMs = clock.now() - i.surveyedAt;
        if (ageMs > i.maxVerdictAgeMs) return { sent: false, verdictAgeMs: ageMs };
        return { sent: true, verdictAgeMs: ageMs, ...(await slr.deleteRole(s)) };
      }),
      getDeletionStatus: fromPortCall(clock, timeoutMs, iam('getDeletionStatus'), (i: { deletionTaskId: string }, s) => slr.getDeletionStatus(i.deletionTaskId, s)),
      waitUntil,
      waitForNextPoll,
    },
  });

  const bindAccount = (): typeof accountMachine => provideShared(accountMachine, {
    actors: {
      environment,
      serviceLinkedRole: role(),
      surveyAccount: fromPromise<CallResult<SurveyResult>, SurveyInput>(async ({ input, signal }) => {
        const startedAt = clock.now();
        try {
          const value = await surveyAccount(ports, input, () => clock.now(), signal, retryOn(clock, timeoutMs, signal));
          return { ok: true, value, at: clock.now(), startedAt };
        } catch (error) {
          if (!isAwsError(error)) throw error;
          return { ok: false, error: error.toJSON(), at: clock.now(), startedAt };
        }
      }),
      waitForNextPoll,
    },
  });

  // The role and account machines are bound on first use: most runs drive environments only.
  let serviceLinkedRole: typeof serviceLinkedRoleMachine | undefined;
  let account: typeof accountMachine | undefined;
  function role(): typeof serviceLinkedRoleMachine {
    if (!serviceLinkedRole) attachVault((serviceLinkedRole = bindRole()), vault);
    return serviceLinkedRole;
  }
  attachVault(environment, vault);
  return {
    environment,
    get serviceLinkedRole() {
      return role();
    },
    get account() {
      if (!account) attachVault((account = bindAccount()), vault);
      return account;
    },
    clock,
    secrets: vault,
  };
}
