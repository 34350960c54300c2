/**
 * Model-based tests of the account orchestrator: xstate/graph walks its statechart with every
 * outcome its children and its survey can report, and each path is replayed on a live
 * orchestrator whose children are scripted, checking the ordering invariants after every step.
 */
import type { EventObject } from 'xstate';
import type { SerializedAwsError } from '../../adapters/errors';
import { accountMachine } from '../../machines/account.machine';
import type { AccountContext, AccountInput } from '../../machines/account.types';
import type { EnvironmentOutcome } from '../../machines/environment.types';
import type { ServiceLinkedRoleOutcome } from '../../machines/serviceLinkedRole.types';
import type { Blocker } from '../../machines/survey';
import { replay, STEP_MS, traverse, T0, type PathStep } from '../support/model';
import { specFor } from '../support/world';

const ENVIRONMENTS = [
  { region: 'eu-west-1', spec: specFor('alpha') },
  { region: 'us-east-1', spec: specFor('beta') },
];
const REGIONS = ['eu-west-1', 'us-east-1'];
const fatal: SerializedAwsError = { code: 'AccessDenied', message: 'denied', retryable: false };
const throttled: SerializedAwsError = { code: 'Throttled', message: 'slow down', retryable: true };
const blocker: Blocker = { region: 'us-east-1', kind: 'environment', id: 'foreign', status: 'AVAILABLE' };

const envOutcome = (id: string, result: 'available' | 'createFailed' | 'deleted' | 'leftovers'): EnvironmentOutcome => {
  const [op = 'create', key = ''] = id.split(':');
  const [region = '', name = ''] = key.split('/');
  const base = { region, name, operation: op as 'create' | 'delete' };
  switch (result) {
    case 'available':
      return { ...base, result, arn: `arn:${name}`, adopted: false };
    case 'createFailed':
      return { ...base, result, arn: `arn:${name}`, error: { errorCode: 'INCORRECT_CONFIGURATION' } };
    case 'deleted':
      return { ...base, result, cleanupVerified: true };
    case 'leftovers':
      return { ...base, result, leftovers: [{ region, kind: 'vpcEndpoint', id: 'vpce-1', status: 'available' }] };
  }
};

const ROLE_ENSURE: ServiceLinkedRoleOutcome[] = [
  { result: 'ensured', ownership: 'created', arn: 'arn:role', description: null, trustPolicyDrift: [] },
  { result: 'failed', error: fatal },
];
const ROLE_DELETE: ServiceLinkedRoleOutcome[] = [
  { result: 'deleted', deletionTaskId: 'task/1', verdictAgeMs: 1_000 },
  { result: 'kept', reason: 'adopted' },
  { result: 'blocked', deletionTaskId: 'task/1', reason: 'in use', blockers: [{ region: 'ap-south-1', resources: ['arn:env'] }], verdictAgeMs: 1_000 },
  { result: 'notSent', reason: 'stale', verdictAgeMs: 600_000 },
  { result: 'failed', error: throttled },
  { result: 'failed', error: fatal },
];
const survey = (now: number, over: Record<string, unknown>) => ({
  ok: true,
  value: { startedAt: now, surveyed: REGIONS, blockers: [], networks: [], errors: [], skipped: [], ...over },
});
const SURVEYS = (now: number) => [
  survey(now, {}),
  survey(now, { blockers: [blocker] }),
  survey(now, { surveyed: ['eu-west-1'], errors: [{ region: 'us-east-1', error: throttled }] }),
  { ok: false, error: fatal },
];

/** The events the orchestrator can receive in `snapshot`: its children's answers, and the user's. */
function accountEvents(snapshot: unknown): EventObject[] {
  const snap = snapshot as { context: AccountContext; children: Record<string, unknown>; value: unknown };
  const now = snap.context.now ?? T0;
  // As XState sends it: the child's id in the type and in `actorId`.
  const done = (id: string, output: unknown): EventObject => ({ type: `xstate.done.actor.${id}`, output, actorId: id }) as EventObject;
  const events: EventObject[] = [];
  for (const id of Object.keys(snap.children)) {
    if (id === 'ensureRole') events.push(...ROLE_ENSURE.map((o) => done(id, o)));
    else if (id === 'deleteRole') events.push(...ROLE_DELETE.map((o) => done(id, o)));
    else if (id === 'survey') events.push(...SURVEYS(now).map((o) => done(id, { ...o, at: now + STEP_MS, startedAt: now })));
    else if (id === 'blockedWait' || id === 'settleWait') events.push(done(id, { at: now + STEP_MS, startedAt: now }));
  }
  // Spawned environment children, by the ids the orchestrator is still waiting on.
  for (const id of snap.context.running) {
    const results = id.startsWith('create:') ? (['available', 'createFailed'] as const) : (['deleted', 'leftovers'] as const);
    events.push(...results.map((r) => done(id, envOutcome(id, r))));
  }
  if (snap.value === 'ready') events.push({ type: 'TEARDOWN' }, { type: 'DELETE_ROLE' });
  if (JSON.stringify(snap.value) === JSON.stringify({ roleGate: 'blocked' })) events.push({ type: 'RECHECK' });
  return events;
}

const invariant = (ctx: unknown, step: PathStep): void => {
  const c = ctx as AccountContext;
  const value = JSON.stringify(step.state.value);
  // The role's deletion is requested only right after a survey that read every region and found nothing using it.
  if (value === '"deletingRole"') {
    expect(c.blockers).toEqual([]);
    expect(c.surveyErrors).toEqual([]);
    expect(c.surveyError).toBeNull();
    expect(c.surveyedAt).not.toBeNull();
  }
  // No environment is created before the role is ensured.
  if (c.running.some((id) => id.startsWith('create:'))) expect(c.role?.result).toBe('ensured');
  // While blocked, the context says exactly why: what blocks, which region could not be read, or what IAM said.
  if (value === JSON.stringify({ roleGate: 'blocked' })) {
    expect(c.waitReason).not.toBeNull();
    if (c.waitReason === 'inUse') expect(c.blockers.length).toBeGreaterThan(0);
    if (c.waitReason === 'unreadable') expect(c.surveyErrors.length > 0 || c.surveyError !== null).toBe(true);
  }
};

const ONE = ENVIRONMENTS.slice(0, 1);

// Shortest paths to every state (told apart by value, running children, blockers and the role's outcome).
// No settling wait in the model: one step is one second, the settle window would never pass.
const timeouts = { settleMs: 0 };
const inputs: Array<[string, AccountInput, boolean]> = [
  ['apply, shortest paths', { plan: 'apply', regions: REGIONS, environments: ONE, timeouts }, false],
  ['teardown, shortest paths', { plan: 'teardown', regions: REGIONS, environments: ONE, roleOwnership: 'created', timeouts }, false],
  ['deleteRole, shortest paths', { plan: 'deleteRole', regions: REGIONS, forceRoleDeletion: true, timeouts }, false],
  ['deleteRole with a settle window, shortest paths', { plan: 'deleteRole', regions: REGIONS, forceRoleDeletion: true, timeouts: { settleMs: 3_000 } }, false],
  ['apply with two environments, shortest paths', { plan: 'apply', regions: REGIONS, environments: ENVIRONMENTS, timeouts }, false],
  ['teardown with two environments, shortest paths', { plan: 'teardown', regions: REGIONS, environments: ENVIRONMENTS, roleOwnership: 'created', timeouts }, false],
];

describe.each(inputs)('account orchestrator model (%s)', (_name, input, simple) => {
  // States are told apart by value and by which children are still running, so every child's answer is explored.
  const paths = traverse(accountMachine, input, accountEvents, simple, (s) => {
    const snap = s as { value: unknown; context: AccountContext };
    return JSON.stringify([snap.value, snap.context.running, snap.context.blockers.length > 0, snap.context.role?.result ?? null]);
  });

  it('has generated paths to replay', () => {
    expect(paths.length).toBeGreaterThan(3);
  });

  it.each(paths.map((p, i) => [i, p.steps.map((s) => s.event.type.replace('xstate.done.actor.', '')).join(' > '), p] as const))(
    'path %i: %s',
    async (_i, _label, path) => {
      await replay(accountMachine, ['environment', 'serviceLinkedRole', 'surveyAccount', 'waitForNextPoll'], input, path.steps, invariant);
    },
  );
});
