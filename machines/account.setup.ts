/**
 * The account orchestrator's vocabulary: its placeholder actors (the environment and role machines,
 * the survey, the waits), named guards and named actions. Actions that read an actor's answer take
 * it as typed params.
 */
import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { serializeError } from '../adapters/errors';
import { afterSurvey, blockersFromRole, environmentKey, isForeign, refusalBackoffMs, settled } from './account.context';
import type { AccountContext, AccountEvent, AccountInput, AccountOutcome } from './account.types';
import type { ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';
import { environmentMachine } from './environment.machine';
import type { EnvironmentOutcome } from './environment.types';
import type { PollRequest } from './polling';
import { resumedTimes, type CallResult, type WokeUp } from './results';
import { serviceLinkedRoleMachine } from './serviceLinkedRole.machine';
import type { SurveyInput, SurveyResult } from './survey';

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

/** The environment child that sent `event`, when it is a child's done or error event. */
const childOf = (event: AccountEvent): string | null => ('actorId' in event ? event.actorId : null);

/** The account orchestrator statechart (unbound: see `bindMachines`). */

/** The vocabulary of the chart: every state config is built with its `createStateConfig`, and the machine with its `createMachine`. */
export const accountSetup = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as { context: AccountContext; input: AccountInput; output: AccountOutcome; events: AccountEvent },
  actors: accountActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    planIs: ({ context }, params: { plan: AccountContext['plan'] }) => context.plan === params.plan,
    roleEnsured: (_, role: ServiceLinkedRoleOutcome) => role.result === 'ensured',
    roleOutcomeIs: ({ context }, params: { result: NonNullable<AccountContext['role']>['result'] }) => context.role?.result === params.result,
    roleFailedTransiently: ({ context }) => context.role?.result === 'failed' && context.role.error.retryable,
    isChildDone: ({ context, event }) => 'output' in event && context.running.includes(childOf(event) ?? ''),
    isChildError: ({ context, event }) => 'error' in event && context.running.includes(childOf(event) ?? ''),
    allSettled: ({ context }) => context.running.length === 0,
    surveyFailed: ({ context }) => context.surveyError !== null,
    somethingBlocks: ({ context }) => context.blockers.length > 0,
    someRegionUnreadable: ({ context }) => context.surveyErrors.length > 0,
    notSettled: ({ context }) => !settled(context),
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
      const id = event.actorId;
      const output = event.output;
      return {
        running: context.running.filter((r) => r !== id),
        results: { ...context.results, [environmentKey(output.region, output.name)]: output },
      };
    }),
    recordChildError: assign(({ context, event }) => {
      if (!('error' in event)) return {};
      const id = event.actorId;
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
});
