/**
 * The account orchestrator: the ordering brain for one account across regions. Environments are
 * created only after the service-linked role is ensured, and run as child actors in parallel. The
 * role's deletion is requested only right after a survey of every watched region (the plan's,
 * every enabled region where MWAA answers, and every region IAM named) found no environment, no
 * `AmazonMWAAManaged` endpoint and no MWAA network interface, once every region has been watched
 * without a gap for `settleMs`, and while that survey is younger than `verdictMaxAgeMs`; any
 * resend goes through a fresh survey. Until then it waits in `roleGate.blocked` (listing each
 * blocker and unreadable region) or `roleGate.settling`, and re-checks after a delay or on RECHECK.
 */
import { environmentKey, initialAccountContext, outcome, refusalBackoffMs, surveyInput, watchPollRequest } from './account.context';
import { accountSetup } from './account.setup';
import type { AccountOutcome } from './account.types';

export { accountActors } from './account.setup';
export { environmentKey, refusalBackoffMs };

/** The statechart (unbound: see `bindMachines`). */
export const accountMachine = accountSetup.createMachine({
  id: 'account',
  context: ({ input }) => initialAccountContext(input),
  initial: 'routing',
  // The run's outcome is the output of the final state it ended in.
  output: ({ event }) => event.output as AccountOutcome,
  states: {
    routing: {
      always: [
        { guard: 'inputInvalid', target: 'invalidInput' },
        { guard: { type: 'planIs', params: { plan: 'apply' } }, target: 'ensuringRole' },
        { guard: { type: 'planIs', params: { plan: 'teardown' } }, target: 'tearingDown' },
        { target: 'roleGate' },
      ],
    },
    ensuringRole: {
      invoke: {
        id: 'ensureRole',
        src: 'serviceLinkedRole',
        input: ({ context }) => ({
          operation: 'ensure' as const,
          ...(context.roleDescription === null ? {} : { description: context.roleDescription }),
          timeouts: context.roleTimeouts,
        }),
        onDone: [
          {
            guard: { type: 'roleEnsured', params: ({ event }) => event.output },
            target: 'provisioning',
            actions: { type: 'recordRole', params: ({ event }) => event.output },
          },
          { target: 'failed', actions: { type: 'recordRole', params: ({ event }) => event.output } },
        ],
      },
    },
    provisioning: {
      entry: 'spawnCreates',
      always: { guard: 'allSettled', target: 'ready' },
      on: {
        'xstate.done.actor.*': { guard: 'isChildDone', actions: 'recordChildDone' },
        'xstate.error.actor.*': { guard: 'isChildError', actions: 'recordChildError' },
      },
    },
    ready: {
      on: { TEARDOWN: 'tearingDown', DELETE_ROLE: 'roleGate' },
    },
    tearingDown: {
      entry: 'spawnDeletes',
      always: { guard: 'allSettled', target: 'roleGate' },
      on: {
        'xstate.done.actor.*': { guard: 'isChildDone', actions: 'recordChildDone' },
        'xstate.error.actor.*': { guard: 'isChildError', actions: 'recordChildError' },
      },
      // The account is watched while the environments go, so the settle window runs meanwhile.
      initial: 'watching',
      states: {
        watching: {
          invoke: {
            id: 'teardownSurvey',
            src: 'surveyAccount',
            input: ({ context }) => surveyInput(context),
            onDone: { target: 'waiting', actions: { type: 'recordSurvey', params: ({ event }) => event.output } },
          },
        },
        waiting: {
          entry: { type: 'markWaiting', params: { reason: 'inUse' } },
          invoke: {
            id: 'teardownWatchWait',
            src: 'waitForNextPoll',
            input: ({ context }) => watchPollRequest(context, 'account/teardown', null),
            onDone: { target: 'watching', actions: { type: 'recordWake', params: ({ event }) => event.output } },
          },
        },
      },
    },
    roleGate: {
      initial: 'surveying',
      states: {
        surveying: {
          invoke: {
            id: 'survey',
            src: 'surveyAccount',
            input: ({ context }) => surveyInput(context),
            onDone: { target: 'deciding', actions: { type: 'recordSurvey', params: ({ event }) => event.output } },
          },
        },
        deciding: {
          always: [
            { guard: 'surveyFailed', target: 'blocked', actions: { type: 'markWaiting', params: { reason: 'unreadable' } } },
            { guard: 'somethingBlocks', target: 'blocked', actions: { type: 'markWaiting', params: { reason: 'inUse' } } },
            { guard: 'someRegionUnreadable', target: 'blocked', actions: { type: 'markWaiting', params: { reason: 'unreadable' } } },
            { guard: 'notSettled', target: 'settling', actions: { type: 'markWaiting', params: { reason: 'settling' } } },
            { guard: 'refusalBackoffActive', target: 'settling', actions: { type: 'markWaiting', params: { reason: 'refused' } } },
            { target: '#account.deletingRole' },
          ],
        },
        blocked: {
          entry: 'markBlocked',
          always: { guard: 'blockedTooLong', target: '#account.blockedOut' },
          invoke: {
            id: 'blockedWait',
            src: 'waitForNextPoll',
            input: ({ context }) => ({
              phase: 'blocked' as const,
              attempt: context.attempt,
              phaseStartedAt: context.blockedSince ?? context.now ?? 0,
              now: context.now ?? 0,
              key: 'account/blocked',
              deadline: context.blockedSince === null || context.blockedMs === null ? null : context.blockedSince + context.blockedMs,
            }),
            onDone: { target: 'surveying', actions: { type: 'recordWake', params: ({ event }) => event.output } },
          },
          on: { RECHECK: 'surveying' },
        },
        // Nothing uses the role, but not every region has been watched long enough, or IAM refused
        // recently: survey again (keeping the watch continuous) until both have passed.
        settling: {
          invoke: {
            id: 'settleWait',
            src: 'waitForNextPoll',
            input: ({ context }) =>
              watchPollRequest(
                context,
                'account/settling',
                Math.max(
                  ...Object.values(context.watchSince).map((since) => since + context.settleMs),
                  context.refusedAt === null ? 0 : context.refusedAt + refusalBackoffMs(context.refusals),
                ),
              ),
            onDone: { target: 'surveying', actions: { type: 'recordWake', params: ({ event }) => event.output } },
          },
          on: { RECHECK: 'surveying' },
        },
      },
    },
    deletingRole: {
      entry: 'countDeletionRequest',
      invoke: {
        id: 'deleteRole',
        src: 'serviceLinkedRole',
        input: ({ context }) => ({
          operation: 'delete' as const,
          ownership: context.ownership,
          force: context.forceRoleDeletion,
          verdict: { surveyedAt: context.surveyedAt ?? 0, maxAgeMs: context.verdictMaxAgeMs },
          timeouts: context.roleTimeouts,
        }),
        onDone: { target: 'afterRoleDeletion', actions: { type: 'recordRole', params: ({ event }) => event.output } },
      },
    },
    afterRoleDeletion: {
      always: [
        { guard: { type: 'roleOutcomeIs', params: { result: 'deleted' } }, target: 'roleDeleted' },
        { guard: { type: 'roleOutcomeIs', params: { result: 'kept' } }, target: 'roleKept' },
        // IAM refused: something in a region we did not watch, or that appeared since the survey.
        { guard: { type: 'roleOutcomeIs', params: { result: 'blocked' } }, target: 'roleGate.blocked', actions: 'recordRefusal' },
        // Not sent (the survey got too old) or failed transiently: only a fresh survey may send it again.
        { guard: { type: 'roleOutcomeIs', params: { result: 'notSent' } }, target: 'roleGate.blocked', actions: { type: 'markWaiting', params: { reason: 'staleVerdict' } } },
        { guard: 'roleFailedTransiently', target: 'roleGate.blocked', actions: { type: 'markWaiting', params: { reason: 'requestFailed' } } },
        { target: 'failed' },
      ],
    },
    roleDeleted: { type: 'final', output: ({ context }) => outcome(context, 'roleDeleted') },
    roleKept: { type: 'final', output: ({ context }) => outcome(context, 'roleKept') },
    blockedOut: {
      type: 'final',
      output: ({ context }) => ({
        result: 'blocked' as const,
        environments: context.results,
        blockers: context.blockers,
        surveyErrors: context.surveyErrors,
        reason: context.waitReason,
        deletionRequests: context.deletionRequests,
      }),
    },
    failed: {
      type: 'final',
      output: ({ context }) => ({
        result: 'failed' as const,
        environments: context.results,
        role: context.role,
        error: context.surveyError ?? (context.role?.result === 'failed' ? context.role.error : null),
      }),
    },
    invalidInput: {
      type: 'final',
      output: ({ context }) => ({ result: 'invalidInput' as const, message: context.inputProblem ?? 'invalid input' }),
    },
  },
});
