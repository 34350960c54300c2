/**
 * The account orchestrator: the ordering brain for one account across regions. Environments are
 * created only after the service-linked role is ensured, and run as child actors in parallel. The
 * role's deletion is requested only right after a survey of every watched region (the plan's,
 * every enabled region where MWAA answers, and every region IAM named) found no environment, no
 * `AmazonMWAAManaged` endpoint and no MWAA network interface, once every region has been watched
 * without a gap for `settleMs`, and while that survey is younger than `verdictMaxAgeMs`; any
 * resend goes through a fresh survey. Until then it waits in `roleGate.blocked` (listing each
 * blocker and unreadable region) or `roleGate.settling`, and re-checks after a delay, when a child
 * finishes, or on RECHECK.
 */
import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { serializeError } from '../adapters/errors';
import {
  afterSurvey,
  blockersFromRole,
  environmentKey,
  initialAccountContext,
  isForeign,
  outcome,
  refusalBackoffMs,
  settled,
  surveyInput,
  watchPollRequest,
} from './account.context';
import type { AccountContext, AccountEvent, AccountInput, AccountOutcome } from './account.types';
import type { ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';
import { environmentMachine } from './environment.machine';
import type { EnvironmentOutcome } from './environment.types';
import type { PollRequest } from './polling';
import { resumedTimes, type CallResult, type WokeUp } from './results';
import { serviceLinkedRoleMachine } from './serviceLinkedRole.machine';
import type { SurveyInput, SurveyResult } from './survey';

export { environmentKey, refusalBackoffMs };

const notBound = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not bound to an adapter: build the machines with bindMachines(ports)`);
};

/** Placeholder actors; `bindMachines` provides the bound ones. */
export const accountActors = {
  environment: environmentMachine,
  serviceLinkedRole: serviceLinkedRoleMachine,
  surveyAccount: fromPromise<CallResult<SurveyResult>, SurveyInput>(notBound('surveyAccount')),
  waitForNextPoll: fromPromise<WokeUp, PollRequest>(notBound('waitForNextPoll')),
};

const DONE_PREFIX = 'xstate.done.actor.';
const ERROR_PREFIX = 'xstate.error.actor.';
const childId = (event: { type: string }, prefix: string): string => event.type.slice(prefix.length);

/** The account orchestrator statechart (unbound: see `bindMachines`). */
export const accountMachine = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as { context: AccountContext; input: AccountInput; output: AccountOutcome; events: AccountEvent },
  actors: accountActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    planIs: ({ context }, params: { plan: AccountContext['plan'] }) => context.plan === params.plan,
    roleEnsured: (_, role: ServiceLinkedRoleOutcome) => role.result === 'ensured',
    roleOutcomeIs: ({ context }, params: { result: NonNullable<AccountContext['role']>['result'] }) => context.role?.result === params.result,
    roleFailedTransiently: ({ context }) => context.role?.result === 'failed' && context.role.error.retryable,
    isChildDone: ({ context, event }) => event.type.startsWith(DONE_PREFIX) && context.running.includes(childId(event, DONE_PREFIX)),
    isChildError: ({ context, event }) => event.type.startsWith(ERROR_PREFIX) && context.running.includes(childId(event, ERROR_PREFIX)),
    allSettled: ({ context }) => context.running.length === 0,
    surveyFailed: ({ context }) => context.surveyError !== null,
    somethingBlocks: ({ context }) => context.blockers.length > 0,
    someRegionUnreadable: ({ context }) => context.surveyErrors.length > 0,
    notSettled: ({ context }) => !settled(context, Object.keys(context.watchSince)),
    refusalBackoffActive: ({ context }) =>
      context.refusedAt !== null && context.now !== null && context.now < context.refusedAt + refusalBackoffMs(context.refusals),
    blockedTooLong: ({ context }) =>
      context.blockedMs !== null && context.blockedSince !== null && context.now !== null && context.now >= context.blockedSince + context.blockedMs,
  },
  actions: {
    recordRole: assign(({ context }, role: ServiceLinkedRoleOutcome) => {
      const verdictAgeMs = role.result === 'deleted' || role.result === 'blocked' || role.result === 'notSent' ? role.verdictAgeMs : context.verdictAgeMs;
      // Once this product created the role, a later ensure that finds it there does not make it someone else's.
      const ownership = role.result === 'ensured' && context.ownership !== 'created' ? role.ownership : context.ownership;
      return { role, ownership, verdictAgeMs };
    }),
    spawnCreates: enqueueActions(({ context, enqueue }) => {
      const ids: string[] = [];
      for (const env of context.environments) {
        const id = `create:${environmentKey(env.region, env.spec.name)}`;
        ids.push(id);
        enqueue.spawnChild('environment', {
          id,
          input: { operation: 'create', region: env.region, spec: env.spec, timeouts: context.environmentTimeouts, updateIfDifferent: context.updateExisting },
        });
      }
      enqueue.assign({ running: ids });
    }),
    spawnDeletes: enqueueActions(({ context, enqueue }) => {
      const ids: string[] = [];
      for (const env of context.environments) {
        const key = environmentKey(env.region, env.spec.name);
        // Apply found someone else's environment under this name: it is not ours to delete.
        if (isForeign(context, key)) continue;
        const id = `delete:${key}`;
        ids.push(id);
        enqueue.spawnChild('environment', {
          id,
          input: {
            operation: 'delete',
            region: env.region,
            name: env.spec.name,
            network: env.spec.networkConfiguration,
            timeouts: context.environmentTimeouts,
          },
        });
      }
      enqueue.assign({ running: ids });
    }),
    recordChildDone: assign(({ context, event }) => {
      if (!('output' in event)) return {};
      const id = childId(event, DONE_PREFIX);
      const output = event.output;
      return {
        running: context.running.filter((r) => r !== id),
        results: { ...context.results, [environmentKey(output.region, output.name)]: output },
      };
    }),
    recordChildError: assign(({ context, event }) => {
      if (!('error' in event)) return {};
      const id = childId(event, ERROR_PREFIX);
      const key = id.slice(id.indexOf(':') + 1);
      const [region = '', ...rest] = key.split('/');
      const failed: EnvironmentOutcome = {
        region,
        name: rest.join('/'),
        operation: id.startsWith('create:') ? 'create' : 'delete',
        result: 'failed',
        status: null,
        error: serializeError(event.error),
      };
      return { running: context.running.filter((r) => r !== id), results: { ...context.results, [key]: failed } };
    }),
    recordSurvey: assign(({ context }, survey: CallResult<SurveyResult>) => afterSurvey(context, survey)),
    markBlocked: assign(({ context }) => ({ blockedSince: context.blockedSince ?? context.now })),
    markWaiting: assign(({ context }, params: { reason: NonNullable<AccountContext['waitReason']> }) => ({
      waitReason: params.reason,
      attempt: context.attempt + 1,
    })),
    countDeletionRequest: assign(({ context }) => ({ deletionRequests: context.deletionRequests + 1 })),
    recordRefusal: assign(({ context }) => {
      const usage = context.role?.result === 'blocked' ? context.role.blockers : [];
      return {
        blockers: blockersFromRole(context.role),
        // Regions IAM names join the watch list at once.
        regions: [...new Set([...context.regions, ...usage.map((u) => u.region)])],
        refusals: context.refusals + 1,
        refusedAt: context.now,
        waitReason: 'refused' as const,
        attempt: context.attempt + 1,
      };
    }),
    recordWake: assign(({ context }, woke: WokeUp) => {
      return { ...resumedTimes(context, woke.startedAt, ['blockedSince', 'refusedAt']), now: woke.at };
    }),
  },
}).createMachine({
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
