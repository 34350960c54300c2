/**
 * The environment machine's vocabulary: its placeholder actors, named guards and named actions.
 * Actions that read an actor's answer take it as typed params (`params: ({ event }) => event.output`
 * at each transition), so nothing here casts an event. The charts are in `environment.create.ts`,
 * `environment.update.ts`, `environment.delete.ts` and `environment.outcomes.ts`.
 */
import { assign, fromPromise, setup } from 'xstate';
import { AwsErrorCode } from '../adapters/errors';
import type { Environment, EnvironmentSpec, EnvironmentUpdate, NetworkConfiguration } from '../adapters/port';
import { phaseBudget } from './environment.context';
import { classify, reconcileUpdate, specMismatches, type Verdict } from './environment.logic';
import { observe, phaseStart, resumed } from './environment.steps';
import type { CreateAnswer, EnvironmentContext, EnvironmentInput, EnvironmentOutcome, RequestKind } from './environment.types';
import { backoffDelay, retryDelay, stableRandom, type PollRequest } from './polling';
import { failedHard, retryableNow, type CallResult, type Leftover, type WokeUp } from './results';

const notBound = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not bound to an adapter: build the machines with bindMachines(ports)`);
};

/** Placeholder actors; `bindMachines` provides the real ones. */
export const environmentActors = {
  getEnvironment: fromPromise<CallResult<Environment | null>, { region: string; name: string }>(notBound('getEnvironment')),
  lookUpOrCreateEnvironment: fromPromise<CallResult<CreateAnswer>, { region: string; spec: EnvironmentSpec }>(notBound('lookUpOrCreateEnvironment')),
  updateEnvironment: fromPromise<CallResult<{ arn: string }>, { region: string; update: EnvironmentUpdate }>(notBound('updateEnvironment')),
  deleteEnvironment: fromPromise<CallResult<null>, { region: string; name: string }>(notBound('deleteEnvironment')),
  findLeftovers: fromPromise<CallResult<Leftover[]>, { region: string; network: NetworkConfiguration }>(notBound('findLeftovers')),
  waitUntil: fromPromise<WokeUp, { until: number }>(notBound('waitUntil')),
  waitForNextPoll: fromPromise<WokeUp, PollRequest>(notBound('waitForNextPoll')),
};

type Ctx = EnvironmentContext;

/** The environment machine's setup: every state config is built with its `createStateConfig`. */
export const environmentSetup = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as {
    context: Ctx;
    input: EnvironmentInput;
    output: EnvironmentOutcome;
  },
  actors: environmentActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    operationIs: ({ context }, params: { operation: Ctx['operation'] }) => context.operation === params.operation,
    callFailed: ({ context }) => context.lastCallFailed,
    callFailedWith: ({ context }, params: { code: AwsErrorCode }) => context.lastCallFailed && context.lastError?.code === params.code,
    callFailedHard: ({ context }) => failedHard(context),
    requestRetryable: ({ context }) => retryableNow(context),
    // A refused create may still have made the environment: an earlier request of ours whose
    // answer was lost (or was in flight at a restore), or a duplicate name in wording we cannot read.
    createMayExist: ({ context }) =>
      context.lastError?.code === AwsErrorCode.AlreadyExists ||
      (context.lastError?.code === AwsErrorCode.InvalidInput && (context.createRequests > 1 || context.restores > 0)),
    notVisibleYet: ({ context }) =>
      context.phase === 'create' &&
      context.verdict === 'missing' &&
      context.environment === null &&
      context.createAcceptedAt !== null &&
      context.now !== null &&
      context.now < context.createAcceptedAt + context.timeouts.visibilityMs,
    confirmExpired: ({ context }) => context.confirmUntil !== null && context.now !== null && context.now >= context.confirmUntil,
    environmentAbsent: ({ context }) => context.environment === null,
    existingMatchesSpec: ({ context }) => context.mismatches.length === 0,
    // Asked to converge, and every differing field is one UpdateEnvironment can change.
    mayUpdateExisting: ({ context }) => context.updateIfDifferent && context.spec !== null && reconcileUpdate(context.spec, context.mismatches) !== null,
    verdictIs: ({ context }, params: { verdict: Verdict }) => context.verdict === params.verdict,
    returnWhenPending: ({ context }) => context.returnWhenPending,
    deadlinePassed: ({ context }) => context.deadline !== null && context.now !== null && context.now >= context.deadline,
    leftoversRemain: ({ context }) => context.leftovers.length > 0,
    networkKnown: ({ context }) => context.network !== null,
  },
  actions: {
    recordLookup: assign(({ context }, result: CallResult<Environment | null>) => {
      const environment = result.ok ? result.value : context.environment;
      return {
        ...observe(context, result),
        environment,
        arn: environment?.arn ?? context.arn,
        mismatches: environment && context.spec ? specMismatches(context.spec, environment) : [],
      };
    }),
    recordObservation: assign(({ context }, result: CallResult<Environment | null>) => {
      const environment = result.ok ? result.value : context.environment;
      return {
        ...observe(context, result),
        environment,
        arn: environment?.arn ?? context.arn,
        network: environment?.networkConfiguration ?? context.network,
        verdict: result.ok ? classify(context.phase as Exclude<Ctx['phase'], 'cleanup'>, environment) : null,
      };
    }),
    recordRequest: assign(({ context }, result: CallResult<{ arn: string } | CreateAnswer | null>) => {
      const moved = resumed(context, result.startedAt);
      const value = result.ok ? result.value : null;
      const arn = value === null ? null : 'arn' in value ? value.arn : 'created' in value ? value.created.arn : value.existing.arn;
      // The propagation refusal gets its own short window; other transient failures the phase's budget.
      const window =
        !result.ok && result.error.code === AwsErrorCode.InvalidInput ? context.timeouts.requestRetryMs : phaseBudget(context, context.pendingRequest);
      return {
        ...moved,
        now: result.at,
        lastCallFailed: !result.ok,
        lastError: result.ok ? null : result.error,
        arn: arn ?? context.arn,
        requestAttempts: context.requestAttempts + 1,
        requestRetryUntil: moved.requestRetryUntil ?? context.requestRetryUntil ?? result.at + window,
      };
    }),
    recordCreateAnswer: assign(({ context }, result: CallResult<CreateAnswer>) => {
      if (!result.ok) return { createFailure: result.error };
      if ('created' in result.value) return { createAcceptedAt: result.at, createFailure: null };
      const environment = result.value.existing;
      return {
        environment,
        createFailure: null,
        mismatches: context.spec ? specMismatches(context.spec, environment) : [],
      };
    }),
    startConfirmingCreate: assign(({ context }) => ({
      confirmUntil: (context.now ?? 0) + context.timeouts.visibilityMs,
      attempt: 0,
      phaseStartedAt: context.now,
    })),
    restoreCreateFailure: assign(({ context }) => ({ lastCallFailed: true, lastError: context.createFailure ?? context.lastError })),
    countCreateRequest: assign(({ context }) => ({ createRequests: context.createRequests + 1 })),
    recordLeftovers: assign(({ context }, result: CallResult<Leftover[]>) => ({
      ...observe(context, result),
      leftovers: result.ok ? result.value : context.leftovers,
    })),
    recordWake: assign(({ context }, woke: WokeUp) => ({ ...resumed(context, woke.startedAt), now: woke.at })),
    requestUpdate: assign({ pendingRequest: 'update' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    requestDelete: assign({ pendingRequest: 'delete' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    planRequestRetry: assign(({ context }) => ({
      nextPollAt:
        (context.now ?? 0) +
        retryDelay(
          backoffDelay(context.requestAttempts, stableRandom(`${context.name}/request`, context.requestAttempts), { baseMs: 2_000, capMs: 60_000, floorMs: 1_000 }),
          context.lastError,
        ),
    })),
    planNextPoll: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    startCreatePhase: assign(({ context }) => phaseStart(context, 'create')),
    startPendingPhase: assign(({ context }) => phaseStart(context, 'pending')),
    startUpdatePhase: assign(({ context }) => phaseStart(context, 'update')),
    startCleanupPhase: assign(({ context }) => phaseStart(context, 'cleanup')),
    // Adopted: it was there before this run ever asked for it (our first create step found it).
    markAdoptedIfFirst: assign(({ context }) => ({ adopted: context.createRequests <= 1 && context.createAcceptedAt === null })),
    planUpdateOfExisting: assign(({ context }) => ({
      ...phaseStart(context, 'awaitIdle'),
      update: context.spec === null ? null : reconcileUpdate(context.spec, context.mismatches),
      adopted: true,
      pendingRequest: 'update',
      requestAttempts: 0,
      requestRetryUntil: null,
    })),
    reportSpecConflict: assign(({ context }) => ({
      foreign: true,
      lastCallFailed: true,
      lastError: {
        code: AwsErrorCode.Conflict,
        message: context.updateIfDifferent
          ? `environment ${context.name} exists in ${context.region} with a different ${context.mismatches.join(', ')}, which cannot change after creation: delete it and create it again`
          : `environment ${context.name} already exists in ${context.region} with a different ${context.mismatches.join(', ')}`,
        retryable: false,
      },
    })),
  },
});
