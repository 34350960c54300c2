/**
 * The service-linked role machine: ensures `AWSServiceRoleForAmazonMWAA` exists (creating it or
 * adopting it, then waiting until IAM shows it), or deletes it through IAM's asynchronous
 * deletion task, turning a FAILED task into a `blocked` outcome that names what still uses it.
 */
import { assign } from 'xstate';
import { trustPolicyDrift } from '../domain/serviceLinkedRolePolicies';
import { initialRoleContext, pollRequest } from './serviceLinkedRole.context';
import { serviceLinkedRoleSetup } from './serviceLinkedRole.setup';
import type { ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';

export { serviceLinkedRoleActors } from './serviceLinkedRole.setup';

/** The service-linked role statechart (unbound: see `bindMachines`). */
export const serviceLinkedRoleMachine = serviceLinkedRoleSetup.createMachine({
  id: 'serviceLinkedRole',
  context: ({ input }) => initialRoleContext(input),
  initial: 'routing',
  // The run's outcome is the output of the final state it ended in.
  output: ({ event }) => event.output as ServiceLinkedRoleOutcome,
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
      invoke: { id: 'getRole', src: 'getRole', input: () => ({}), onDone: { target: 'afterLookup', actions: { type: 'recordRole', params: ({ event }) => event.output } } },
    },
    afterLookup: {
      always: [
        { guard: 'callFailedHard', target: 'failed' },
        { guard: 'roleVisible', target: 'checkingDescription', actions: 'decideOwnership' },
        { guard: 'deadlinePassed', target: 'timedOut' },
        { guard: 'callFailed', target: 'lookupBackoff' },
        // Absent, even after a create that failed: ask (again). A create that did take effect
        // answers "has been taken", and the role is then awaited until IAM shows it.
        { target: 'creating' },
      ],
    },
    lookupBackoff: {
      entry: 'planNextPoll',
      invoke: { id: 'lookupBackoff', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'lookingUp', actions: { type: 'recordWake', params: ({ event }) => event.output } } },
    },
    creating: {
      // Counted before the request goes out, so a restore while it is in flight still knows it was sent.
      entry: 'countCreateRequest',
      invoke: {
        id: 'createRole',
        src: 'createRole',
        input: ({ context }) => ({ description: context.description }),
        onDone: { target: 'afterCreate', actions: { type: 'recordRequest', params: ({ event }) => event.output } },
      },
    },
    afterCreate: {
      always: [
        // "has been taken in this account": someone else (or our own earlier attempt) made it.
        { guard: { type: 'callFailedWith', params: { code: 'AlreadyExists' } }, target: 'waitingVisible' },
        { guard: 'requestRetryable', target: 'createBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailedHard', target: 'failed' },
        { guard: 'callFailed', target: 'timedOut' },
        { target: 'waitingVisible' },
      ],
    },
    createBackoff: {
      // Look before asking again: the request that failed may have been carried out.
      invoke: { id: 'createBackoff', src: 'waitUntil', input: ({ context }) => ({ until: context.nextPollAt }), onDone: { target: 'lookingUp', actions: { type: 'recordWake', params: ({ event }) => event.output } } },
    },
    waitingVisible: {
      initial: 'polling',
      states: {
        polling: { invoke: { id: 'pollRole', src: 'getRole', input: () => ({}), onDone: { target: 'deciding', actions: { type: 'recordRole', params: ({ event }) => event.output } } } },
        deciding: {
          always: [
            { guard: 'callFailedHard', target: '#serviceLinkedRole.failed' },
            { guard: 'roleVisible', target: '#serviceLinkedRole.checkingDescription', actions: 'decideOwnership' },
            { guard: 'deadlinePassed', target: '#serviceLinkedRole.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepVisible', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'polling', actions: { type: 'recordWake', params: ({ event }) => event.output } } } },
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
          { target: 'afterDescriptionUpdate', actions: { type: 'recordRequest', params: ({ event }) => event.output } },
        ],
      },
    },
    afterDescriptionUpdate: {
      always: [
        { guard: 'requestRetryable', target: 'descriptionBackoff', actions: 'planRequestRetry' },
        { guard: 'callFailedHard', target: 'failed' },
        { target: 'timedOut' },
      ],
    },
    descriptionBackoff: {
      invoke: {
        id: 'descriptionBackoff',
        src: 'waitUntil',
        input: ({ context }) => ({ until: context.nextPollAt }),
        onDone: { target: 'updatingDescription', actions: { type: 'recordWake', params: ({ event }) => event.output } },
      },
    },
    requestingDeletion: {
      invoke: {
        id: 'deleteRole',
        src: 'deleteRole',
        input: ({ context }) => context.verdict ?? { surveyedAt: 0, maxVerdictAgeMs: 0 },
        onDone: { target: 'afterDeletionRequest', actions: [
            { type: 'recordRequest', params: ({ event }) => event.output },
            { type: 'recordDeletionAnswer', params: ({ event }) => event.output },
          ],
        },
      },
    },
    afterDeletionRequest: {
      always: [
        // No role at all: nothing to delete, which is what was wanted.
        { guard: { type: 'callFailedWith', params: { code: 'NotFound' } }, target: 'deleted' },
        // Never re-sent from here: a resend must rest on a fresh survey, which only the account machine makes.
        { guard: 'callFailed', target: 'failed' },
        { guard: 'verdictStale', target: 'notSent' },
        { target: 'awaitingDeletion' },
      ],
    },
    awaitingDeletion: {
      initial: 'polling',
      states: {
        polling: {
          invoke: {
            id: 'getDeletionStatus',
            src: 'getDeletionStatus',
            input: ({ context }) => ({ deletionTaskId: context.deletionTaskId ?? '' }),
            onDone: { target: 'deciding', actions: { type: 'recordTask', params: ({ event }) => event.output } },
          },
        },
        deciding: {
          always: [
            { guard: 'callFailedHard', target: '#serviceLinkedRole.failed' },
            // IAM purges finished tasks quickly; a missing task is confirmed with GetRole.
            { guard: 'taskPurged', target: '#serviceLinkedRole.confirmingGone' },
            { guard: { type: 'taskIs', params: { status: 'SUCCEEDED' } }, target: '#serviceLinkedRole.confirmingGone' },
            { guard: { type: 'taskIs', params: { status: 'FAILED' } }, target: '#serviceLinkedRole.blocked' },
            { guard: 'deadlinePassed', target: '#serviceLinkedRole.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepDeletion', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'polling', actions: { type: 'recordWake', params: ({ event }) => event.output } } } },
      },
    },
    confirmingGone: {
      initial: 'checking',
      entry: 'startConfirmWindow',
      states: {
        checking: { invoke: { id: 'confirmRole', src: 'getRole', input: () => ({}), onDone: { target: 'deciding', actions: { type: 'recordRole', params: ({ event }) => event.output } } } },
        deciding: {
          always: [
            { guard: 'callFailedHard', target: '#serviceLinkedRole.failed' },
            { guard: 'callFailed', target: 'stillVisible' },
            { guard: 'roleVisible', target: 'stillVisible' },
            { target: '#serviceLinkedRole.deleted' },
          ],
        },
        // The task is done (or forgotten) but the role still shows: IAM may not have caught up yet.
        // Past the window, a role that is still there means IAM refused: the caller surveys again.
        stillVisible: {
          always: [
            { guard: 'confirmExpired', target: '#serviceLinkedRole.refusedUnexplained' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: { invoke: { id: 'sleepConfirm', src: 'waitForNextPoll', input: ({ context }) => pollRequest(context), onDone: { target: 'checking', actions: { type: 'recordWake', params: ({ event }) => event.output } } } },
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
    deleted: { type: 'final', output: ({ context }) => ({ result: 'deleted' as const, deletionTaskId: context.deletionTaskId, verdictAgeMs: context.verdictAgeMs }) },
    kept: {
      type: 'final',
      output: ({ context }) => ({
        result: 'kept' as const,
        reason: `the role is ${context.ownership ?? 'of unknown ownership'}: it was not created by this run, so it is only deleted with force`,
      }),
    },
    notSent: {
      type: 'final',
      output: ({ context }) => ({
        result: 'notSent' as const,
        reason: `the survey was ${Math.round((context.verdictAgeMs ?? 0) / 1000)} s old when the request was due (at most ${Math.round((context.verdict?.maxVerdictAgeMs ?? 0) / 1000)} s)`,
        verdictAgeMs: context.verdictAgeMs ?? 0,
      }),
    },
    blocked: {
      type: 'final',
      output: ({ context }) => ({
        result: 'blocked' as const,
        deletionTaskId: context.deletionTaskId ?? '',
        reason: context.task?.reason ?? 'the role is still in use',
        blockers: context.task?.roleUsage ?? [],
        verdictAgeMs: context.verdictAgeMs,
      }),
    },
    refusedUnexplained: {
      type: 'final',
      output: ({ context }) => ({
        result: 'blocked' as const,
        deletionTaskId: context.deletionTaskId ?? '',
        reason: 'IAM no longer reports the deletion task and the role still exists: the deletion was refused or has not happened',
        blockers: [],
        verdictAgeMs: context.verdictAgeMs,
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
