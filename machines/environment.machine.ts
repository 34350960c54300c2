/**
 * The environment machine: creates, updates or deletes one MWAA environment through the ports,
 * waits through MWAA's statuses with explicit polling states, and ends in a final state whose
 * output says exactly what happened. Waits are invoked `waitUntil` actors with absolute deadlines
 * in context, so a snapshot restored at any state resumes, and every port call it makes is safe
 * to repeat (a restore re-runs the call that was in flight).
 */
import { assign, fromPromise, setup } from 'xstate';
import { AwsErrorCode } from '../adapters/errors';
import type { Environment, EnvironmentSpec, EnvironmentUpdate, NetworkConfiguration } from '../adapters/port';
import { initialEnvironmentContext } from './environment.context';
import { classify, specMismatches, type Verdict } from './environment.logic';
import { phaseBudget } from './environment.context';
import type { CreateAnswer, EnvironmentContext, EnvironmentInput, EnvironmentOutcome, RequestKind } from './environment.types';
import { backoffDelay, retryDelay, stableRandom, type PollRequest } from './polling';
import { base, DECIDE_AFTER_POLL, failedOutput, observe, phaseStart, pollEnvironment, pollRequest, resumed, sleepUntilNextPoll } from './environment.steps';
import type { CallResult, Leftover, WokeUp } from './results';

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
type Observation<T> = { output: CallResult<T> };

/** The environment lifecycle statechart (unbound: see `bindMachines`). */
export const environmentMachine = setup({
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
    callFailedHard: ({ context }) => context.lastCallFailed && context.lastError?.retryable !== true,
    // Only transient failures are retried (throttling, 5xx, timeouts, MWAA refusing a create while
    // IAM propagates a new execution role), and only inside the request's window.
    requestRetryable: ({ context }) =>
      context.lastCallFailed &&
      context.lastError?.retryable === true &&
      context.now !== null &&
      context.requestRetryUntil !== null &&
      context.now < context.requestRetryUntil,
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
    verdictIs: ({ context }, params: { verdict: Verdict }) => context.verdict === params.verdict,
    returnWhenPending: ({ context }) => context.returnWhenPending,
    deadlinePassed: ({ context }) => context.deadline !== null && context.now !== null && context.now >= context.deadline,
    requestIs: ({ context }, params: { request: RequestKind }) => context.pendingRequest === params.request,
    leftoversRemain: ({ context }) => context.leftovers.length > 0,
    networkKnown: ({ context }) => context.network !== null,
  },
  actions: {
    recordLookup: assign(({ context, event }) => {
      const result = (event as unknown as Observation<Environment | null>).output;
      const environment = result.ok ? result.value : context.environment;
      return {
        ...observe(context, result),
        environment,
        arn: environment?.arn ?? context.arn,
        mismatches: environment && context.spec ? specMismatches(context.spec, environment) : [],
      };
    }),
    recordObservation: assign(({ context, event }) => {
      const result = (event as unknown as Observation<Environment | null>).output;
      const environment = result.ok ? result.value : context.environment;
      return {
        ...observe(context, result),
        environment,
        arn: environment?.arn ?? context.arn,
        network: environment?.networkConfiguration ?? context.network,
        verdict: result.ok ? classify(context.phase as Exclude<Ctx['phase'], 'cleanup'>, environment) : null,
      };
    }),
    recordRequest: assign(({ context, event }) => {
      const result = (event as unknown as Observation<{ arn: string } | CreateAnswer | null>).output;
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
    recordCreateAnswer: assign(({ context, event }) => {
      const result = (event as unknown as Observation<CreateAnswer>).output;
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
    recordLeftovers: assign(({ context, event }) => {
      const result = (event as unknown as Observation<Leftover[]>).output;
      return { ...observe(context, result), leftovers: result.ok ? result.value : context.leftovers };
    }),
    recordWake: assign(({ context, event }) => {
      const woke = (event as unknown as { output: WokeUp }).output;
      return { ...resumed(context, woke.startedAt), now: woke.at };
    }),
    requestCreate: assign({ pendingRequest: 'create' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
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
    reportSpecConflict: assign(({ context }) => ({
      foreign: true,
      lastCallFailed: true,
      lastError: {
        code: AwsErrorCode.Conflict,
        message: `environment ${context.name} already exists in ${context.region} with a different ${context.mismatches.join(', ')}`,
        retryable: false,
      },
    })),
  },
}).createMachine({
  id: 'environment',
  context: ({ input }) => initialEnvironmentContext(input),
  initial: 'routing',
  output: ({ event }) => (event as unknown as { output: EnvironmentOutcome }).output,
  states: {
    routing: {
      always: [
        { guard: 'inputInvalid', target: 'invalidInput' },
        { guard: { type: 'operationIs', params: { operation: 'create' } }, target: 'requestingCreate' },
        { guard: { type: 'operationIs', params: { operation: 'update' } }, target: 'awaitingIdle' },
        { target: 'deleting' },
      ],
    },
    requestingCreate: {
      // Counted before the step runs, so a restore while it is in flight still knows a create may have been sent.
      entry: 'countCreateRequest',
      invoke: {
        id: 'create',
        src: 'lookUpOrCreateEnvironment',
        input: ({ context }) => ({ region: context.region, spec: context.spec as EnvironmentSpec }),
        onDone: { target: 'afterCreateRequest', actions: ['recordRequest', 'recordCreateAnswer'] },
      },
    },
    afterCreateRequest: {
      always: [
        // The lookup found it: ours from an earlier request, or someone's with the same spec (adopted).
        { guard: 'callFailed', target: 'afterCreateRefused' },
        { guard: 'environmentAbsent', target: 'creating', actions: 'startCreatePhase' },
        { guard: 'existingMatchesSpec', target: 'creating', actions: ['markAdoptedIfFirst', 'startCreatePhase'] },
        { target: 'failed', actions: 'reportSpecConflict' },
      ],
    },
    afterCreateRefused: {
      always: [
        { guard: 'requestRetryable', target: 'requestBackoff', actions: 'planRequestRetry' },
        { guard: 'createMayExist', target: 'confirmingCreate', actions: 'startConfirmingCreate' },
        { guard: 'callFailedHard', target: 'failed' },
        // Transient failures that outlasted the create budget.
        { target: 'timedOut' },
      ],
    },
    // MWAA refused the create, but the environment may exist and not show yet: look, with backoff,
    // for as long as a new environment may stay invisible; then report AWS's refusal.
    confirmingCreate: {
      initial: 'sleeping',
      states: {
        polling: {
          invoke: {
            id: 'confirmCreate',
            src: 'getEnvironment',
            input: ({ context }) => ({ region: context.region, name: context.name }),
            onDone: { target: 'deciding', actions: 'recordLookup' },
          },
        },
        deciding: {
          always: [
            { guard: 'callFailedHard', target: '#environment.failed' },
            { guard: 'callFailed', target: 'waiting' },
            { guard: 'environmentAbsent', target: 'waiting' },
            { guard: 'existingMatchesSpec', target: '#environment.creating', actions: 'startCreatePhase' },
            { target: '#environment.failed', actions: 'reportSpecConflict' },
          ],
        },
        waiting: {
          always: [
            { guard: 'confirmExpired', target: '#environment.failed', actions: 'restoreCreateFailure' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: {
          invoke: {
            id: 'sleepConfirmCreate',
            src: 'waitForNextPoll',
            input: ({ context }) => ({ ...pollRequest(context), phase: 'createVisible' as const, deadline: context.confirmUntil }),
            onDone: { target: 'polling', actions: 'recordWake' },
          },
        },
      },
    },
    requestBackoff: {
      invoke: {
        id: 'requestBackoff',
        src: 'waitUntil',
        input: ({ context }) => ({ until: context.nextPollAt }),
        onDone: { target: 'retryingRequest', actions: 'recordWake' },
      },
    },
    retryingRequest: {
      always: [
        { guard: { type: 'requestIs', params: { request: 'create' } }, target: 'requestingCreate' },
        { guard: { type: 'requestIs', params: { request: 'update' } }, target: 'requestingUpdate' },
        { target: 'requestingDelete' },
      ],
    },
    creating: {
      initial: 'polling',
      states: { polling: pollEnvironment('pollCreate'), deciding: { always: [...DECIDE_AFTER_POLL] }, sleeping: sleepUntilNextPoll('sleepCreate') },
    },
    pending: {
      always: { guard: 'returnWhenPending', target: 'pendingReturned' },
      entry: 'startPendingPhase',
      initial: 'sleeping',
      states: {
        polling: pollEnvironment('pollPending'),
        deciding: { always: [...DECIDE_AFTER_POLL] },
        sleeping: { entry: 'planNextPoll', ...sleepUntilNextPoll('sleepPending') },
      },
    },
    awaitingIdle: {
      initial: 'polling',
      states: { polling: pollEnvironment('pollIdle'), deciding: { always: [...DECIDE_AFTER_POLL] }, sleeping: sleepUntilNextPoll('sleepIdle') },
    },
    requestingUpdate: {
      invoke: {
        id: 'update',
        src: 'updateEnvironment',
        input: ({ context }) => ({ region: context.region, update: context.update as EnvironmentUpdate }),
        onDone: { target: 'afterUpdateRequest', actions: 'recordRequest' },
      },
    },
    afterUpdateRequest: {
      always: [
        // Busy again (maintenance, or our own update already running after a restore): wait it out.
        { guard: { type: 'callFailedWith', params: { code: 'Conflict' } }, target: 'updating', actions: 'startUpdatePhase' },
        { guard: 'requestRetryable', target: 'requestBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailedHard', target: 'failed' },
        { guard: 'callFailed', target: 'timedOut' },
        { target: 'updating', actions: 'startUpdatePhase' },
      ],
    },
    updating: {
      initial: 'polling',
      states: { polling: pollEnvironment('pollUpdate'), deciding: { always: [...DECIDE_AFTER_POLL] }, sleeping: sleepUntilNextPoll('sleepUpdate') },
    },
    deleting: {
      initial: 'polling',
      states: { polling: pollEnvironment('pollDelete'), deciding: { always: [...DECIDE_AFTER_POLL] }, sleeping: sleepUntilNextPoll('sleepDelete') },
    },
    requestingDelete: {
      invoke: {
        id: 'delete',
        src: 'deleteEnvironment',
        input: ({ context }) => ({ region: context.region, name: context.name }),
        onDone: { target: 'afterDeleteRequest', actions: 'recordRequest' },
      },
    },
    afterDeleteRequest: {
      always: [
        // Already gone (or DELETED): the delete is done; confirm the cleanup.
        { guard: { type: 'callFailedWith', params: { code: 'NotFound' } }, target: 'confirmingCleanup' },
        // Became busy between our look and our request: go back to waiting.
        { guard: { type: 'callFailedWith', params: { code: 'Conflict' } }, target: 'deleting' },
        { guard: 'requestRetryable', target: 'requestBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailedHard', target: 'failed' },
        { guard: 'callFailed', target: 'timedOut' },
        { target: 'deleting' },
      ],
    },
    confirmingCleanup: {
      entry: 'startCleanupPhase',
      initial: 'routing',
      states: {
        routing: { always: [{ guard: 'networkKnown', target: 'checking' }, { target: '#environment.deletedUnverified' }] },
        checking: {
          invoke: {
            id: 'findLeftovers',
            src: 'findLeftovers',
            input: ({ context }) => ({ region: context.region, network: context.network as NetworkConfiguration }),
            onDone: { target: 'deciding', actions: 'recordLeftovers' },
          },
        },
        deciding: {
          always: [
            { guard: 'callFailedHard', target: '#environment.failed' },
            { guard: 'callFailed', target: 'notYetClean' },
            { guard: 'leftoversRemain', target: 'notYetClean' },
            { target: '#environment.deleted' },
          ],
        },
        notYetClean: {
          always: [
            { guard: 'leftoversRemain', target: 'lookAgainOrGiveUp' },
            { guard: 'deadlinePassed', target: '#environment.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        lookAgainOrGiveUp: {
          always: [{ guard: 'deadlinePassed', target: '#environment.leftovers' }, { target: 'sleeping', actions: 'planNextPoll' }],
        },
        sleeping: { invoke: { id: 'sleepCleanup', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'checking', actions: 'recordWake' } } },
      },
    },
    available: {
      type: 'final',
      output: ({ context }) => ({ ...base(context), result: 'available' as const, arn: context.arn ?? '', adopted: context.adopted }),
    },
    pendingReturned: {
      type: 'final',
      output: ({ context }) => ({ ...base(context), result: 'pending' as const, arn: context.arn ?? '' }),
    },
    createFailed: {
      type: 'final',
      output: ({ context }) => ({
        ...base(context),
        result: 'createFailed' as const,
        arn: context.arn ?? '',
        error: context.environment?.lastUpdate?.error ?? {},
      }),
    },
    updated: { type: 'final', output: ({ context }) => ({ ...base(context), result: 'updated' as const, arn: context.arn ?? '' }) },
    rolledBack: {
      type: 'final',
      output: ({ context }) => ({
        ...base(context),
        result: 'rolledBack' as const,
        arn: context.arn ?? '',
        status: context.environment?.status ?? 'UPDATE_FAILED',
        lastUpdate: context.environment?.lastUpdate ?? null,
      }),
    },
    updateFailed: {
      type: 'final',
      output: ({ context }) => ({
        ...failedOutput(context),
        error: { code: 'Unexpected' as const, message: `update left ${context.name} UNAVAILABLE`, retryable: false },
      }),
    },
    notUpdatable: {
      type: 'final',
      output: ({ context }) => ({
        ...failedOutput(context),
        error: {
          code: AwsErrorCode.Conflict,
          message: `environment ${context.name} is ${context.environment?.status ?? 'unknown'} and cannot be updated`,
          retryable: false,
        },
      }),
    },
    vanished: {
      type: 'final',
      output: ({ context }) => ({
        ...failedOutput(context),
        error: { code: AwsErrorCode.NotFound, message: `environment ${context.name} disappeared while it was being ${context.operation === 'create' ? 'created' : 'updated'}`, retryable: false },
      }),
    },
    deleted: { type: 'final', output: ({ context }) => ({ ...base(context), result: 'deleted' as const, cleanupVerified: true }) },
    deletedUnverified: { type: 'final', output: ({ context }) => ({ ...base(context), result: 'deleted' as const, cleanupVerified: false }) },
    leftovers: { type: 'final', output: ({ context }) => ({ ...base(context), result: 'leftovers' as const, leftovers: context.leftovers }) },
    timedOut: {
      type: 'final',
      output: ({ context }) => ({ ...base(context), result: 'timedOut' as const, phase: context.phase, status: context.environment?.status ?? null }),
    },
    failed: { type: 'final', output: ({ context }) => failedOutput(context) },
    invalidInput: {
      type: 'final',
      output: ({ context }) => ({ ...base(context), result: 'invalidInput' as const, message: context.inputProblem ?? 'invalid input' }),
    },
  },
});
