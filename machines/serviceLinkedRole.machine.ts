/**
 * The service-linked role machine: ensures `AWSServiceRoleForAmazonMWAA` exists (creating it or
 * adopting it, then waiting until IAM shows it), or deletes it through IAM's asynchronous
 * deletion task, turning a FAILED task into a `blocked` outcome that names what still uses it.
 */
import { assign, fromPromise, setup } from 'xstate';
import { AwsErrorCode } from '../adapters/errors';
import type { DeletionTaskReport, ServiceLinkedRole } from '../adapters/port';
import { trustPolicyDrift } from '../adapters/serviceLinkedRolePolicies';
import { backoffDelay, stableRandom, type PollRequest } from './polling';
import { resolveTimeouts } from './timeouts';
import type { CallResult, WokeUp } from './results';
import {
  DEFAULT_ROLE_TIMEOUTS,
  type RoleTimeouts,
  type ServiceLinkedRoleContext,
  type ServiceLinkedRoleInput,
  type ServiceLinkedRoleOutcome,
} from './serviceLinkedRole.types';

const notBound = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not bound to an adapter: build the machines with bindMachines(ports)`);
};

/** Placeholder actors; `bindMachines` provides the real ones. */
export const serviceLinkedRoleActors = {
  getRole: fromPromise<CallResult<ServiceLinkedRole | null>, Record<string, never>>(notBound('getRole')),
  createRole: fromPromise<CallResult<ServiceLinkedRole>, { description: string | null }>(notBound('createRole')),
  updateRoleDescription: fromPromise<CallResult<ServiceLinkedRole>, { description: string }>(notBound('updateRoleDescription')),
  deleteRole: fromPromise<CallResult<{ deletionTaskId: string }>, Record<string, never>>(notBound('deleteRole')),
  getDeletionStatus: fromPromise<CallResult<DeletionTaskReport | null>, { deletionTaskId: string }>(notBound('getDeletionStatus')),
  waitUntil: fromPromise<WokeUp, { until: number }>(notBound('waitUntil')),
  waitForNextPoll: fromPromise<WokeUp, PollRequest>(notBound('waitForNextPoll')),
};

type Ctx = ServiceLinkedRoleContext;

/** IAM's description character set: tab, line feed, carriage return, printable ASCII and Latin-1. */
function isIamDescriptionText(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const ok = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff);
    if (!ok) return false;
  }
  return true;
}

function initialContext(input: ServiceLinkedRoleInput): Ctx {
  let timeouts: RoleTimeouts = DEFAULT_ROLE_TIMEOUTS;
  let inputProblem: string | null = null;
  try {
    timeouts = resolveTimeouts(DEFAULT_ROLE_TIMEOUTS, input.timeouts);
  } catch (e) {
    inputProblem = (e as Error).message;
  }
  const description = input.operation === 'ensure' ? (input.description ?? null) : null;
  // IAM's description limit and character set, checked here so a bad description fails before any call.
  if (description !== null && (description.length > 1000 || !isIamDescriptionText(description))) {
    inputProblem = 'description must be at most 1000 printable Latin-1 characters';
  }
  return {
    operation: input.operation,
    description,
    force: input.operation === 'delete' && input.force === true,
    ownership: input.operation === 'delete' ? (input.ownership ?? null) : null,
    timeouts,
    inputProblem,
    phase: input.operation === 'ensure' ? 'roleVisible' : 'roleDeletion',
    now: null,
    phaseStartedAt: null,
    deadline: null,
    attempt: 0,
    nextPollAt: 0,
    role: null,
    absentSince: null,
    deletionTaskId: null,
    task: null,
    taskPurged: false,
    lastError: null,
    lastCallFailed: false,
    requestAttempts: 0,
    requestRetryUntil: null,
  };
}

const budget = (ctx: Ctx): number => (ctx.phase === 'roleVisible' ? ctx.timeouts.visibleMs : ctx.timeouts.deletionMs);

function observed<T>(context: Ctx, result: CallResult<T>): Partial<Ctx> {
  const started = context.phaseStartedAt ?? result.at;
  return {
    now: result.at,
    phaseStartedAt: started,
    deadline: context.deadline ?? started + budget(context),
    lastCallFailed: !result.ok,
    lastError: result.ok ? null : result.error,
  };
}

const outputOf = <T>(event: unknown): CallResult<T> => (event as { output: CallResult<T> }).output;

const pollRequest = (context: Ctx): PollRequest => ({
  phase: context.phase,
  attempt: context.attempt,
  phaseStartedAt: context.phaseStartedAt ?? context.now ?? 0,
  now: context.now ?? 0,
  key: `iam/AWSServiceRoleForAmazonMWAA/${context.phase}`,
  deadline: context.deadline,
});

/** The service-linked role statechart (unbound: see `bindMachines`). */
export const serviceLinkedRoleMachine = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as { context: Ctx; input: ServiceLinkedRoleInput; output: ServiceLinkedRoleOutcome },
  actors: serviceLinkedRoleActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    isEnsure: ({ context }) => context.operation === 'ensure',
    mayDelete: ({ context }) => context.ownership === 'created' || context.force,
    callFailed: ({ context }) => context.lastCallFailed,
    callFailedWith: ({ context }, params: { code: AwsErrorCode }) => context.lastCallFailed && context.lastError?.code === params.code,
    callRetryable: ({ context }) => context.lastCallFailed && context.lastError?.retryable === true,
    requestRetryable: ({ context }) =>
      context.lastCallFailed &&
      context.lastError?.retryable === true &&
      context.now !== null &&
      context.requestRetryUntil !== null &&
      context.now < context.requestRetryUntil,
    roleVisible: ({ context }) => context.role !== null,
    descriptionDiffers: ({ context }) => context.description !== null && context.role !== null && (context.role.description ?? '') !== context.description,
    createAttempted: ({ context }) => context.requestAttempts > 0,
    taskIs: ({ context }, params: { status: DeletionTaskReport['status'] }) => context.task?.status === params.status,
    taskPurged: ({ context }) => context.taskPurged,
    deadlinePassed: ({ context }) => context.deadline !== null && context.now !== null && context.now >= context.deadline,
  },
  actions: {
    recordRole: assign(({ context, event }) => {
      const result = outputOf<ServiceLinkedRole | null>(event);
      const role = result.ok ? result.value : context.role;
      return {
        ...observed(context, result),
        role,
        absentSince: result.ok && role === null && context.absentSince === null ? result.at : context.absentSince,
      };
    }),
    recordRequest: assign(({ context, event }) => {
      const result = outputOf<unknown>(event);
      return {
        now: result.at,
        lastCallFailed: !result.ok,
        lastError: result.ok ? null : result.error,
        requestAttempts: context.requestAttempts + 1,
        requestRetryUntil: context.requestRetryUntil ?? result.at + context.timeouts.requestRetryMs,
      };
    }),
    recordTaskId: assign(({ event }) => {
      const result = outputOf<{ deletionTaskId: string }>(event);
      return result.ok ? { deletionTaskId: result.value.deletionTaskId } : {};
    }),
    recordTask: assign(({ context, event }) => {
      const result = outputOf<DeletionTaskReport | null>(event);
      return {
        ...observed(context, result),
        task: result.ok ? result.value : context.task,
        taskPurged: result.ok && result.value === null,
      };
    }),
    recordWake: assign(({ event }) => ({ now: (event as unknown as { output: WokeUp }).output.at })),
    decideOwnership: assign(({ context }) => ({
      // A role created after we saw it absent is ours (a concurrent creator in that same window is
      // indistinguishable, and is the reason adopted roles are never deleted without `force`).
      ownership:
        context.ownership ??
        (context.absentSince !== null && context.role !== null && context.role.createdAt >= context.absentSince - 1000 ? 'created' : 'adopted'),
    })),
    planNextPoll: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    planRequestRetry: assign(({ context }) => ({
      nextPollAt:
        (context.now ?? 0) +
        backoffDelay(context.requestAttempts, stableRandom('iam/request', context.requestAttempts), { baseMs: 1_000, capMs: 20_000, floorMs: 500 }),
    })),
  },
}).createMachine({
  id: 'serviceLinkedRole',
  context: ({ input }) => initialContext(input),
  initial: 'routing',
  output: ({ event }) => (event as unknown as { output: ServiceLinkedRoleOutcome }).output,
  states: {
    routing: {
      always: [
        { guard: 'inputInvalid', target: 'invalidInput' },
        { guard: 'isEnsure', target: 'lookingUp' },
        { guard: 'mayDelete', target: 'requestingDeletion' },
        { target: 'kept' },
      ],
    },
    lookingUp: {
      invoke: { id: 'getRole', src: 'getRole', input: () => ({}), onDone: { target: 'afterLookup', actions: 'recordRole' } },
    },
    afterLookup: {
      always: [
        { guard: 'callRetryable', target: 'lookupBackoff' },
        { guard: 'callFailed', target: 'failed' },
        { guard: 'roleVisible', target: 'checkingDescription', actions: 'decideOwnership' },
        // We asked IAM to create it already: it exists, IAM just does not show it yet.
        { guard: 'createAttempted', target: 'waitingVisible' },
        { target: 'creating' },
      ],
    },
    lookupBackoff: {
      entry: 'planNextPoll',
      invoke: { id: 'lookupBackoff', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'lookingUp', actions: 'recordWake' } },
    },
    creating: {
      invoke: {
        id: 'createRole',
        src: 'createRole',
        input: ({ context }) => ({ description: context.description }),
        onDone: { target: 'afterCreate', actions: 'recordRequest' },
      },
    },
    afterCreate: {
      always: [
        // "has been taken in this account": someone else (or our own earlier attempt) made it.
        { guard: { type: 'callFailedWith', params: { code: 'AlreadyExists' } }, target: 'waitingVisible' },
        { guard: 'requestRetryable', target: 'createBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailed', target: 'failed' },
        { target: 'waitingVisible' },
      ],
    },
    createBackoff: {
      invoke: { id: 'createBackoff', src: 'waitUntil', input: ({ context }) => ({ until: context.nextPollAt }), onDone: { target: 'creating', actions: 'recordWake' } },
    },
    waitingVisible: {
      initial: 'polling',
      states: {
        polling: { invoke: { id: 'pollRole', src: 'getRole', input: () => ({}), onDone: { target: 'deciding', actions: 'recordRole' } } },
        deciding: {
          always: [
            { guard: 'callRetryable', target: 'sleeping', actions: 'planNextPoll' },
            { guard: 'callFailed', target: '#serviceLinkedRole.failed' },
            { guard: 'roleVisible', target: '#serviceLinkedRole.checkingDescription', actions: 'decideOwnership' },
            { guard: 'deadlinePassed', target: '#serviceLinkedRole.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepVisible', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'polling', actions: 'recordWake' } } },
      },
    },
    checkingDescription: {
      always: [{ guard: 'descriptionDiffers', target: 'updatingDescription' }, { target: 'ensured' }],
    },
    updatingDescription: {
      invoke: {
        id: 'updateRoleDescription',
        src: 'updateRoleDescription',
        input: ({ context }) => ({ description: context.description ?? '' }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'ensured',
            actions: assign(({ event }) => ({ role: event.output.ok ? event.output.value : null, now: event.output.at })),
          },
          { target: 'failed', actions: 'recordRequest' },
        ],
      },
    },
    requestingDeletion: {
      invoke: {
        id: 'deleteRole',
        src: 'deleteRole',
        input: () => ({}),
        onDone: { target: 'afterDeletionRequest', actions: ['recordRequest', 'recordTaskId'] },
      },
    },
    afterDeletionRequest: {
      always: [
        // No role at all: nothing to delete, which is what was wanted.
        { guard: { type: 'callFailedWith', params: { code: 'NotFound' } }, target: 'deleted' },
        { guard: 'requestRetryable', target: 'deletionBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailed', target: 'failed' },
        { target: 'awaitingDeletion' },
      ],
    },
    deletionBackoff: {
      invoke: { id: 'deletionBackoff', src: 'waitUntil', input: ({ context }) => ({ until: context.nextPollAt }), onDone: { target: 'requestingDeletion', actions: 'recordWake' } },
    },
    awaitingDeletion: {
      initial: 'polling',
      states: {
        polling: {
          invoke: {
            id: 'getDeletionStatus',
            src: 'getDeletionStatus',
            input: ({ context }) => ({ deletionTaskId: context.deletionTaskId ?? '' }),
            onDone: { target: 'deciding', actions: 'recordTask' },
          },
        },
        deciding: {
          always: [
            { guard: 'callRetryable', target: 'sleeping', actions: 'planNextPoll' },
            { guard: 'callFailed', target: '#serviceLinkedRole.failed' },
            // IAM purges finished tasks quickly; a missing task is confirmed with GetRole.
            { guard: 'taskPurged', target: '#serviceLinkedRole.confirmingGone' },
            { guard: { type: 'taskIs', params: { status: 'SUCCEEDED' } }, target: '#serviceLinkedRole.confirmingGone' },
            { guard: { type: 'taskIs', params: { status: 'FAILED' } }, target: '#serviceLinkedRole.blocked' },
            { guard: 'deadlinePassed', target: '#serviceLinkedRole.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepDeletion', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'polling', actions: 'recordWake' } } },
      },
    },
    confirmingGone: {
      initial: 'checking',
      states: {
        checking: { invoke: { id: 'confirmRole', src: 'getRole', input: () => ({}), onDone: { target: 'deciding', actions: 'recordRole' } } },
        deciding: {
          always: [
            { guard: 'callRetryable', target: 'sleeping', actions: 'planNextPoll' },
            { guard: 'callFailed', target: '#serviceLinkedRole.failed' },
            { guard: 'roleVisible', target: 'stillVisible' },
            { target: '#serviceLinkedRole.deleted' },
          ],
        },
        // Task done but the role still shows: IAM has not caught up yet, so look again until the deadline.
        stillVisible: {
          always: [
            { guard: 'deadlinePassed', target: '#serviceLinkedRole.failed', actions: assign({ lastError: { code: AwsErrorCode.Conflict, message: 'the deletion task finished but the role still exists', retryable: false }, lastCallFailed: true }) },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepConfirm', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'checking', actions: 'recordWake' } } },
      },
    },
    ensured: {
      type: 'final',
      output: ({ context }) => ({
        result: 'ensured' as const,
        ownership: context.ownership ?? 'adopted',
        arn: context.role?.arn ?? '',
        description: context.role?.description ?? null,
        trustPolicyDrift: context.role ? trustPolicyDrift(context.role.trustPolicy) : [],
      }),
    },
    deleted: { type: 'final', output: ({ context }) => ({ result: 'deleted' as const, deletionTaskId: context.deletionTaskId }) },
    kept: {
      type: 'final',
      output: ({ context }) => ({
        result: 'kept' as const,
        reason: `the role is ${context.ownership ?? 'of unknown ownership'}: it was not created by this run, so it is only deleted with force`,
      }),
    },
    blocked: {
      type: 'final',
      output: ({ context }) => ({
        result: 'blocked' as const,
        deletionTaskId: context.deletionTaskId ?? '',
        reason: context.task?.reason ?? 'the role is still in use',
        blockers: context.task?.roleUsage ?? [],
      }),
    },
    failed: {
      type: 'final',
      output: ({ context }) => ({
        result: 'failed' as const,
        error: context.lastError ?? { code: 'Unexpected' as const, message: 'failed without an error', retryable: false },
      }),
    },
    timedOut: { type: 'final', output: ({ context }) => ({ result: 'timedOut' as const, phase: context.phase }) },
    invalidInput: { type: 'final', output: ({ context }) => ({ result: 'invalidInput' as const, message: context.inputProblem ?? 'invalid input' }) },
  },
});
