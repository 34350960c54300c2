/**
 * The account orchestrator: the ordering brain for one account across regions. Environments are
 * created only after the service-linked role is ensured, and run as child actors in parallel. The
 * role's deletion is requested only once a survey of every watched region finds no environment,
 * no `AmazonMWAAManaged` endpoint and no MWAA network interface; until then the orchestrator sits
 * in `roleGate.blocked`, whose context lists each blocker, and re-checks after a delay, when a
 * child finishes, or on RECHECK.
 */
import { assign, enqueueActions, fromPromise, setup } from 'xstate';
import { serializeError } from '../adapters/errors';
import { assertRegionName } from '../adapters/regions';
import type { AccountContext, AccountEvent, AccountInput, AccountOutcome } from './account.types';
import { environmentMachine } from './environment.machine';
import type { EnvironmentOutcome } from './environment.types';
import type { PollRequest } from './polling';
import type { CallResult, WokeUp } from './results';
import { serviceLinkedRoleMachine } from './serviceLinkedRole.machine';
import type { Blocker, KnownNetwork, SurveyResult } from './survey';
import { dedupeNetworks } from './survey';

const notBound = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} is not bound to an adapter: build the machines with bindMachines(ports)`);
};

/** Placeholder actors; `bindMachines` provides the bound ones. */
export const accountActors = {
  environment: environmentMachine,
  serviceLinkedRole: serviceLinkedRoleMachine,
  surveyAccount: fromPromise<CallResult<SurveyResult>, { regions: string[]; knownNetworks: KnownNetwork[] }>(notBound('surveyAccount')),
  waitForNextPoll: fromPromise<WokeUp, PollRequest>(notBound('waitForNextPoll')),
};

const DONE_PREFIX = 'xstate.done.actor.';
const ERROR_PREFIX = 'xstate.error.actor.';
const DEFAULT_BLOCKED_MS = 6 * 3600_000;

/** The key of a managed environment in results: `region/name`. */
export const environmentKey = (region: string, name: string): string => `${region}/${name}`;

function initialContext(input: AccountInput): AccountContext {
  let inputProblem: string | null = null;
  const environments = input.environments ?? [];
  try {
    if (input.regions.length === 0) throw new RangeError('regions must list at least one MWAA region');
    input.regions.forEach(assertRegionName);
    for (const env of environments) {
      assertRegionName(env.region);
      if (!input.regions.includes(env.region)) throw new RangeError(`environment ${env.spec.name} is in ${env.region}, which is not in regions`);
    }
    const keys = environments.map((e) => environmentKey(e.region, e.spec.name));
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) throw new RangeError(`environment ${dup} is listed twice`);
    const blockedMs = input.timeouts?.blockedMs;
    if (blockedMs !== undefined && !(blockedMs > 0)) throw new RangeError('timeouts.blockedMs must be a positive number of milliseconds');
  } catch (e) {
    inputProblem = (e as Error).message;
  }
  return {
    regions: [...new Set(input.regions)],
    environments,
    plan: input.plan,
    roleDescription: input.roleDescription ?? null,
    forceRoleDeletion: input.forceRoleDeletion === true,
    ownership: input.roleOwnership ?? null,
    environmentTimeouts: input.timeouts?.environment ?? {},
    roleTimeouts: input.timeouts?.role ?? {},
    blockedMs: input.timeouts?.blockedMs ?? DEFAULT_BLOCKED_MS,
    inputProblem,
    role: null,
    results: {},
    running: [],
    blockers: [],
    knownNetworks: environments.map((e) => ({ region: e.region, ...e.spec.networkConfiguration })),
    now: null,
    blockedSince: null,
    attempt: 0,
    surveyError: null,
  };
}

const childId = (event: { type: string }, prefix: string): string => event.type.slice(prefix.length);

const blockersFromRole = (role: AccountContext['role']): Blocker[] =>
  role?.result === 'blocked'
    ? role.blockers.flatMap((usage) => usage.resources.map((arn): Blocker => ({ region: usage.region, kind: 'environment', id: arn, status: 'IN_USE' })))
    : [];

const outcome = (context: AccountContext, result: 'roleDeleted' | 'roleKept'): AccountOutcome => ({
  result,
  environments: context.results,
  role: context.role,
});

/** The account orchestrator statechart (unbound: see `bindMachines`). */
export const accountMachine = setup({
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- XState infers every type from this assertion
  types: {} as { context: AccountContext; input: AccountInput; output: AccountOutcome; events: AccountEvent },
  actors: accountActors,
  guards: {
    inputInvalid: ({ context }) => context.inputProblem !== null,
    planIs: ({ context }, params: { plan: AccountContext['plan'] }) => context.plan === params.plan,
    roleEnsured: ({ event }) => (event as unknown as { output: AccountContext['role'] }).output?.result === 'ensured',
    roleOutcomeIs: ({ context }, params: { result: NonNullable<AccountContext['role']>['result'] }) => context.role?.result === params.result,
    isChildDone: ({ context, event }) => event.type.startsWith(DONE_PREFIX) && context.running.includes(childId(event, DONE_PREFIX)),
    isChildError: ({ context, event }) => event.type.startsWith(ERROR_PREFIX) && context.running.includes(childId(event, ERROR_PREFIX)),
    allSettled: ({ context }) => context.running.length === 0,
    surveyFailed: ({ context }) => context.surveyError !== null,
    surveyRetryable: ({ context }) => context.surveyError?.retryable === true,
    nothingBlocks: ({ context }) => context.blockers.length === 0,
    blockedTooLong: ({ context }) =>
      context.blockedSince !== null && context.now !== null && context.now >= context.blockedSince + context.blockedMs,
  },
  actions: {
    recordRole: assign(({ context, event }) => {
      const role = (event as unknown as { output: NonNullable<AccountContext['role']> }).output;
      return { role, ownership: role.result === 'ensured' ? role.ownership : context.ownership };
    }),
    spawnCreates: enqueueActions(({ context, enqueue }) => {
      const ids: string[] = [];
      for (const env of context.environments) {
        const id = `create:${environmentKey(env.region, env.spec.name)}`;
        ids.push(id);
        enqueue.spawnChild('environment', {
          id,
          systemId: id,
          input: { operation: 'create', region: env.region, spec: env.spec, timeouts: context.environmentTimeouts },
        });
      }
      enqueue.assign({ running: ids });
    }),
    spawnDeletes: enqueueActions(({ context, enqueue }) => {
      const ids: string[] = [];
      for (const env of context.environments) {
        const id = `delete:${environmentKey(env.region, env.spec.name)}`;
        ids.push(id);
        enqueue.spawnChild('environment', {
          id,
          systemId: id,
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
      const id = childId(event, DONE_PREFIX);
      const output = (event as unknown as { output: EnvironmentOutcome }).output;
      return {
        running: context.running.filter((r) => r !== id),
        results: { ...context.results, [environmentKey(output.region, output.name)]: output },
      };
    }),
    recordChildError: assign(({ context, event }) => {
      const id = childId(event, ERROR_PREFIX);
      const key = id.slice(id.indexOf(':') + 1);
      const [region = '', ...rest] = key.split('/');
      const failed: EnvironmentOutcome = {
        region,
        name: rest.join('/'),
        operation: id.startsWith('create:') ? 'create' : 'delete',
        result: 'failed',
        status: null,
        error: serializeError((event as unknown as { error: unknown }).error),
      };
      return { running: context.running.filter((r) => r !== id), results: { ...context.results, [key]: failed } };
    }),
    recordSurvey: assign(({ context, event }) => {
      const result = (event as unknown as { output: CallResult<SurveyResult> }).output;
      if (!result.ok) return { now: result.at, surveyError: result.error };
      return {
        now: result.at,
        surveyError: null,
        blockers: result.value.blockers,
        knownNetworks: dedupeNetworks([...context.knownNetworks, ...result.value.networks]),
      };
    }),
    markBlocked: assign(({ context }) => ({ blockedSince: context.blockedSince ?? context.now, attempt: context.attempt + 1 })),
    blockersFromRoleUsage: assign(({ context }) => ({ blockers: blockersFromRole(context.role) })),
    recordWake: assign(({ event }) => ({ now: (event as unknown as { output: WokeUp }).output.at })),
    clearBlocked: assign({ blockedSince: null }),
  },
}).createMachine({
  id: 'account',
  context: ({ input }) => initialContext(input),
  initial: 'routing',
  output: ({ event }) => (event as unknown as { output: AccountOutcome }).output,
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
          { guard: 'roleEnsured', target: 'provisioning', actions: 'recordRole' },
          { target: 'failed', actions: 'recordRole' },
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
    },
    roleGate: {
      initial: 'surveying',
      states: {
        surveying: {
          invoke: {
            id: 'survey',
            src: 'surveyAccount',
            input: ({ context }) => ({ regions: context.regions, knownNetworks: context.knownNetworks }),
            onDone: { target: 'deciding', actions: 'recordSurvey' },
          },
        },
        deciding: {
          always: [
            { guard: 'surveyRetryable', target: 'blocked' },
            { guard: 'surveyFailed', target: '#account.failed' },
            { guard: 'nothingBlocks', target: '#account.deletingRole', actions: 'clearBlocked' },
            { target: 'blocked' },
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
              deadline: context.blockedSince === null ? null : context.blockedSince + context.blockedMs,
            }),
            onDone: { target: 'surveying', actions: 'recordWake' },
          },
          on: {
            RECHECK: 'surveying',
            'xstate.done.actor.*': { guard: 'isChildDone', target: 'surveying', actions: 'recordChildDone' },
          },
        },
      },
    },
    deletingRole: {
      invoke: {
        id: 'deleteRole',
        src: 'serviceLinkedRole',
        input: ({ context }) => ({
          operation: 'delete' as const,
          ownership: context.ownership,
          force: context.forceRoleDeletion,
          timeouts: context.roleTimeouts,
        }),
        onDone: { target: 'afterRoleDeletion', actions: 'recordRole' },
      },
    },
    afterRoleDeletion: {
      always: [
        { guard: { type: 'roleOutcomeIs', params: { result: 'deleted' } }, target: 'roleDeleted' },
        { guard: { type: 'roleOutcomeIs', params: { result: 'kept' } }, target: 'roleKept' },
        // IAM refused: something in a region we do not watch, or that appeared since the survey.
        { guard: { type: 'roleOutcomeIs', params: { result: 'blocked' } }, target: 'roleGate.blocked', actions: 'blockersFromRoleUsage' },
        { target: 'failed' },
      ],
    },
    roleDeleted: { type: 'final', output: ({ context }) => outcome(context, 'roleDeleted') },
    roleKept: { type: 'final', output: ({ context }) => outcome(context, 'roleKept') },
    blockedOut: {
      type: 'final',
      output: ({ context }) => ({ result: 'blocked' as const, environments: context.results, blockers: context.blockers }),
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
