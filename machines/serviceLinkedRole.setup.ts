/**
 * The service-linked role machine's vocabulary: its placeholder actors (IAM calls and waits), named
 * guards and named actions. Actions that read an actor's answer take it as typed params.
 */
import { assign, fromPromise, setup } from 'xstate';
import { AwsErrorCode } from '../adapters/errors';
import type { DeletionTaskReport, ServiceLinkedRole } from '../adapters/port';
import { backoffDelay, retryDelay, stableRandom, type PollRequest } from './polling';
import { budget, observed, resumed } from './serviceLinkedRole.context';
import { failedHard, retryableNow, type CallResult, type WokeUp } from './results';
import {
  type DeletionAnswer,
  type DeletionRequest,
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
  deleteRole: fromPromise<CallResult<DeletionAnswer>, DeletionRequest>(notBound('deleteRole')),
  getDeletionStatus: fromPromise<CallResult<DeletionTaskReport | null>, { deletionTaskId: string }>(notBound('getDeletionStatus')),
  waitUntil: fromPromise<WokeUp, { until: number }>(notBound('waitUntil')),
  waitForNextPoll: fromPromise<WokeUp, PollRequest>(notBound('waitForNextPoll')),
};

type Ctx = ServiceLinkedRoleContext;

/** The vocabulary of the chart: the machine is built with its `createMachine`. */
export const serviceLinkedRoleSetup = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as { context: Ctx; input: ServiceLinkedRoleInput; output: ServiceLinkedRoleOutcome },
  actors: serviceLinkedRoleActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    isEnsure: ({ context }) => context.operation === 'ensure',
    mayDelete: ({ context }) => context.ownership === 'created' || context.force,
    callFailed: ({ context }) => context.lastCallFailed,
    callFailedHard: ({ context }) => failedHard(context),
    callFailedWith: ({ context }, params: { code: AwsErrorCode }) => context.lastCallFailed && context.lastError?.code === params.code,
    requestRetryable: ({ context }) => retryableNow(context),
    roleVisible: ({ context }) => context.role !== null,
    descriptionDiffers: ({ context }) => context.description !== null && context.role !== null && (context.role.description ?? '') !== context.description,
    verdictStale: ({ context }) => context.verdictStale,
    confirmExpired: ({ context }) => context.confirmUntil !== null && context.now !== null && context.now >= context.confirmUntil,
    taskIs: ({ context }, params: { status: DeletionTaskReport['status'] }) => context.task?.status === params.status,
    taskPurged: ({ context }) => context.taskPurged,
    deadlinePassed: ({ context }) => context.deadline !== null && context.now !== null && context.now >= context.deadline,
  },
  actions: {
    recordRole: assign(({ context }, result: CallResult<ServiceLinkedRole | null>) => {
      const role = result.ok ? result.value : context.role;
      return {
        ...observed(context, result),
        role,
        absentSince: result.ok && role === null && context.absentSince === null ? result.at : context.absentSince,
      };
    }),
    recordRequest: assign(({ context }, result: CallResult<unknown>) => {
      const moved = resumed(context, result.startedAt);
      const deadline = moved.deadline ?? context.deadline;
      return {
        ...moved,
        now: result.at,
        lastCallFailed: !result.ok,
        lastError: result.ok ? null : result.error,
        requestAttempts: context.requestAttempts + 1,
        // Transient failures are retried for the rest of the phase's budget, never past it.
        requestRetryUntil: moved.requestRetryUntil ?? context.requestRetryUntil ?? deadline ?? result.at + budget(context),
      };
    }),
    recordDeletionAnswer: assign((_, result: CallResult<DeletionAnswer>) => {
      if (!result.ok) return {};
      return {
        verdictAgeMs: result.value.verdictAgeMs,
        verdictStale: !result.value.sent,
        deletionTaskId: result.value.sent ? result.value.deletionTaskId : null,
      };
    }),
    countCreateRequest: assign(({ context }) => ({ createRequests: context.createRequests + 1 })),
    startConfirmWindow: assign(({ context }) => ({ confirmUntil: context.confirmUntil ?? (context.now ?? 0) + context.timeouts.visibleMs })),
    recordTask: assign(({ context }, result: CallResult<DeletionTaskReport | null>) => {
      return {
        ...observed(context, result),
        task: result.ok ? result.value : context.task,
        taskPurged: result.ok && result.value === null,
      };
    }),
    recordWake: assign(({ context }, woke: WokeUp) => ({ ...resumed(context, woke.startedAt), now: woke.at })),
    decideOwnership: assign(({ context }) => ({
      // Ours when we asked IAM to create it after seeing it absent: no clock comparison (IAM's
      // CreateDate and ours may disagree by minutes), and the count is persisted before each
      // request, so a restore in the middle of one keeps it. A concurrent creator in that same
      // window cannot be told apart; the account gate still protects everything that uses the role.
      ownership: context.ownership ?? (context.createRequests > 0 ? 'created' : 'adopted'),
    })),
    planNextPoll: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    planRequestRetry: assign(({ context }) => ({
      nextPollAt:
        (context.now ?? 0) +
        retryDelay(backoffDelay(context.requestAttempts, stableRandom('iam/request', context.requestAttempts), { baseMs: 1_000, capMs: 30_000, floorMs: 1_000 }), context.lastError),
    })),
  },
});
