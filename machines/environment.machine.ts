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
import type { EnvironmentContext, EnvironmentInput, EnvironmentOutcome, RequestKind } from './environment.types';
import { backoffDelay, stableRandom, type PollRequest } from './polling';
import { base, DECIDE_AFTER_POLL, failedOutput, observe, phaseStart, pollEnvironment, pollRequest, sleepUntilNextPoll } from './environment.steps';
import type { CallResult, Leftover, WokeUp } from './results';

const notBound = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not bound to an adapter: build the machines with bindMachines(ports)`);
};

/** Placeholder actors; `bindMachines` provides the real ones. */
export const environmentActors = {
  getEnvironment: fromPromise<CallResult<Environment | null>, { region: string; name: string }>(notBound('getEnvironment')),
  createEnvironment: fromPromise<CallResult<{ arn: string }>, { region: string; spec: EnvironmentSpec }>(notBound('createEnvironment')),
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
    callRetryable: ({ context }) => context.lastCallFailed && context.lastError?.retryable === true,
    // An IAM role created moments ago makes CreateEnvironment fail validation until IAM propagates;
    // local validation already passed, so InvalidInput here is retried inside the request window.
    requestRetryable: ({ context }) =>
      context.lastCallFailed &&
      (context.lastError?.retryable === true ||
        (context.pendingRequest === 'create' && context.lastError?.code === AwsErrorCode.InvalidInput)) &&
      context.now !== null &&
      context.requestRetryUntil !== null &&
      context.now < context.requestRetryUntil,
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
        phaseStartedAt: context.phaseStartedAt,
        deadline: context.deadline,
        // A failed lookup is retried like a failed request, inside the same window.
        requestAttempts: context.requestAttempts + 1,
        requestRetryUntil: context.requestRetryUntil ?? result.at + context.timeouts.requestRetryMs,
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
      const result = (event as unknown as Observation<{ arn: string } | null>).output;
      return {
        now: result.at,
        lastCallFailed: !result.ok,
        lastError: result.ok ? null : result.error,
        arn: result.ok && result.value ? result.value.arn : context.arn,
        requestAttempts: context.requestAttempts + 1,
        requestRetryUntil: context.requestRetryUntil ?? result.at + context.timeouts.requestRetryMs,
      };
    }),
    recordLeftovers: assign(({ context, event }) => {
      const result = (event as unknown as Observation<Leftover[]>).output;
      return { ...observe(context, result), leftovers: result.ok ? result.value : context.leftovers };
    }),
    recordWake: assign(({ event }) => ({ now: (event as unknown as { output: WokeUp }).output.at })),
    requestLookup: assign({ pendingRequest: 'lookup' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    requestCreate: assign({ pendingRequest: 'create' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    requestUpdate: assign({ pendingRequest: 'update' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    requestDelete: assign({ pendingRequest: 'delete' as RequestKind, requestAttempts: 0, requestRetryUntil: null }),
    planRequestRetry: assign(({ context }) => ({
      nextPollAt:
        (context.now ?? 0) +
        backoffDelay(context.requestAttempts, stableRandom(`${context.name}/request`, context.requestAttempts), {
          baseMs: 2_000,
          capMs: 20_000,
          floorMs: 500,
        }),
    })),
    planNextPoll: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    startCreatePhase: assign(({ context }) => phaseStart(context, 'create')),
    startPendingPhase: assign(({ context }) => phaseStart(context, 'pending')),
    startUpdatePhase: assign(({ context }) => phaseStart(context, 'update')),
    startCleanupPhase: assign(({ context }) => phaseStart(context, 'cleanup')),
    markAdopted: assign({ adopted: true }),
    reportSpecConflict: assign(({ context }) => ({
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
        { guard: { type: 'operationIs', params: { operation: 'create' } }, target: 'lookingUp' },
        { guard: { type: 'operationIs', params: { operation: 'update' } }, target: 'awaitingIdle' },
        { target: 'deleting' },
      ],
    },
    lookingUp: {
      invoke: {
        id: 'lookup',
        src: 'getEnvironment',
        input: ({ context }) => ({ region: context.region, name: context.name }),
        onDone: { target: 'afterLookup', actions: 'recordLookup' },
      },
    },
    afterLookup: {
      always: [
        { guard: 'requestRetryable', target: 'requestBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailed', target: 'failed' },
        { guard: 'environmentAbsent', target: 'requestingCreate', actions: 'requestCreate' },
        { guard: 'existingMatchesSpec', target: 'creating', actions: ['markAdopted', 'startCreatePhase'] },
        { target: 'failed', actions: 'reportSpecConflict' },
      ],
    },
    requestingCreate: {
      invoke: {
        id: 'create',
        src: 'createEnvironment',
        input: ({ context }) => ({ region: context.region, spec: context.spec as EnvironmentSpec }),
        onDone: { target: 'afterCreateRequest', actions: 'recordRequest' },
      },
    },
    afterCreateRequest: {
      always: [
        // A repeated create (after a restore or a lost answer) finds its own environment: adopt it.
        { guard: { type: 'callFailedWith', params: { code: 'AlreadyExists' } }, target: 'lookingUp', actions: 'requestLookup' },
        { guard: 'requestRetryable', target: 'requestBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailed', target: 'failed' },
        { target: 'creating', actions: 'startCreatePhase' },
      ],
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
        { guard: { type: 'requestIs', params: { request: 'lookup' } }, target: 'lookingUp' },
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
        { guard: 'callFailed', target: 'failed' },
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
        { guard: 'callFailed', target: 'failed' },
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
            { guard: 'callRetryable', target: 'sleeping', actions: 'planNextPoll' },
            { guard: 'callFailed', target: '#environment.failed' },
            { guard: 'leftoversRemain', target: 'leftoversSeen' },
            { target: '#environment.deleted' },
          ],
        },
        leftoversSeen: {
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
