/**
 * Model-based tests: xstate/graph walks the real machines' statecharts with scripted actor
 * answers (every status, error and timing the ports can produce), and each generated path is
 * then replayed on a live actor whose actors are deferred promises, checking invariants after
 * every step.
 */
import type { EventObject } from 'xstate';
import type { SerializedAwsError } from '../../adapters/errors';
import type { Environment, EnvironmentSpec } from '../../adapters/port';
import { environmentActors, environmentMachine } from '../../machines/environment.machine';
import type { EnvironmentContext, EnvironmentInput } from '../../machines/environment.types';
import { serviceLinkedRoleActors, serviceLinkedRoleMachine } from '../../machines/serviceLinkedRole.machine';
import type { ServiceLinkedRoleContext, ServiceLinkedRoleInput } from '../../machines/serviceLinkedRole.types';
import { replay, STEP_MS, traverse, T0, type PathStep } from '../support/model';
import { specFor } from '../support/world';

const REGION = 'eu-west-1';
const spec: EnvironmentSpec = specFor('analytics');

const err = (code: SerializedAwsError['code'], retryable = false): SerializedAwsError => ({ code, message: code, retryable });
const envWith = (status: Environment['status'], over: Partial<Environment> = {}): Environment => ({
  ...spec,
  arn: `arn:aws:airflow:${REGION}:123456789012:environment/analytics`,
  status,
  createdAt: T0,
  ...over,
});

type Snap = { context: { now: number | null; deadline: number | null }; children: Record<string, unknown> };
type Answer = { ok: true; value: unknown } | { ok: false; error: SerializedAwsError };

const ok = (value: unknown): Answer => ({ ok: true, value });
const fail = (error: SerializedAwsError): Answer => ({ ok: false, error });

/** Every answer each environment actor (by invoke id) can give. */
const ENVIRONMENT_ANSWERS: Record<string, Answer[]> = {
  create: [
    ok({ created: { arn: 'arn' } }),
    ok({ existing: envWith('CREATING') }),
    ok({ existing: envWith('AVAILABLE', { environmentClass: 'mw1.large' }) }),
    fail(err('AlreadyExists')),
    fail(err('InvalidInput')),
    fail(err('Throttled', true)),
    fail(err('AccessDenied')),
  ],
  confirmCreate: [ok(null), ok(envWith('CREATING')), ok(envWith('AVAILABLE', { environmentClass: 'mw1.large' })), fail(err('Throttled', true)), fail(err('AccessDenied'))],
  pollCreate: [ok(envWith('CREATING')), ok(envWith('AVAILABLE')), ok(envWith('CREATE_FAILED', { lastUpdate: { status: 'FAILED', error: { errorCode: 'X', errorMessage: 'y' } } })), ok(envWith('PENDING')), ok(null), fail(err('Unavailable', true)), fail(err('AccessDenied'))],
  pollPending: [ok(envWith('PENDING')), ok(envWith('AVAILABLE')), ok(envWith('CREATE_FAILED'))],
  pollIdle: [ok(envWith('UPDATING')), ok(envWith('AVAILABLE')), ok(envWith('CREATE_FAILED')), ok(null), fail(err('Throttled', true))],
  update: [ok({ arn: 'arn' }), fail(err('Conflict')), fail(err('InvalidInput')), fail(err('Throttled', true))],
  pollUpdate: [ok(envWith('UPDATING')), ok(envWith('CREATING_SNAPSHOT')), ok(envWith('AVAILABLE', { lastUpdate: { status: 'SUCCESS' } })), ok(envWith('AVAILABLE', { lastUpdate: { status: 'FAILED' } })), ok(envWith('UPDATE_FAILED')), ok(envWith('UNAVAILABLE'))],
  pollDelete: [ok(envWith('AVAILABLE')), ok(envWith('UPDATING')), ok(envWith('DELETING')), ok(null), fail(err('Throttled', true))],
  pollDeletable: [ok(envWith('AVAILABLE')), ok(envWith('UPDATING')), ok(envWith('DELETING')), ok(null), fail(err('Throttled', true))],
  delete: [ok(null), fail(err('NotFound')), fail(err('Conflict')), fail(err('Unavailable', true)), fail(err('AccessDenied'))],
  findLeftovers: [ok([]), ok([{ region: REGION, kind: 'vpcEndpoint', id: 'vpce-1', status: 'available' }]), fail(err('Throttled', true))],
};

/** Every answer each role actor can give. */
const ROLE_ANSWERS: Record<string, Answer[]> = {
  getRole: [ok(null), ok({ roleName: 'AWSServiceRoleForAmazonMWAA', roleId: 'r', arn: 'arn:role', path: '/', createdAt: T0, trustPolicy: { Version: '2012-10-17', Statement: [] } }), fail(err('Throttled', true)), fail(err('AccessDenied'))],
  createRole: [ok({ roleName: 'r', roleId: 'r', arn: 'arn:role', path: '/', createdAt: T0 + 60_000, trustPolicy: { Version: '2012-10-17', Statement: [] } }), fail(err('AlreadyExists')), fail(err('Throttled', true)), fail(err('AccessDenied'))],
  deleteRole: [ok({ sent: true, deletionTaskId: 'task/1', verdictAgeMs: 1_000 }), ok({ sent: false, verdictAgeMs: 600_000 }), fail(err('NotFound')), fail(err('Unavailable', true))],
  getDeletionStatus: [ok({ status: 'IN_PROGRESS', roleUsage: [] }), ok({ status: 'SUCCEEDED', roleUsage: [] }), ok({ status: 'FAILED', reason: 'in use', roleUsage: [{ region: REGION, resources: ['arn:env'] }] }), ok(null)],
};
ROLE_ANSWERS['pollRole'] = ROLE_ANSWERS['getRole']!;
ROLE_ANSWERS['confirmRole'] = ROLE_ANSWERS['getRole']!;

/** A still-waiting answer per polling actor, sent once past the deadline to reach the timeout paths. */
const LATE_ANSWERS: Record<string, Answer> = {
  pollCreate: ok(envWith('CREATING')),
  pollPending: ok(envWith('PENDING')),
  pollIdle: ok(envWith('UPDATING')),
  pollUpdate: ok(envWith('UPDATING')),
  pollDelete: ok(envWith('DELETING')),
  pollDeletable: ok(envWith('DELETING')),
  findLeftovers: ok([{ region: REGION, kind: 'vpcEndpoint', id: 'vpce-1', status: 'available' }]),
  pollRole: ok(null),
  getDeletionStatus: ok({ status: 'IN_PROGRESS', roleUsage: [] }),
};

/** The done events the active child of `snapshot` can send, each timed after the machine's "now". */
function eventsFor(answers: Record<string, Answer[]>) {
  return (snapshot: unknown): EventObject[] => {
    const snap = snapshot as Snap;
    const now = snap.context.now ?? T0;
    const events: EventObject[] = [];
    for (const id of Object.keys(snap.children)) {
      if (id.startsWith('sleep') || id.endsWith('Backoff')) {
        events.push({ type: `xstate.done.actor.${id}`, late: false, output: { at: now + STEP_MS, startedAt: now } } as EventObject);
        continue;
      }
      for (const answer of answers[id] ?? []) {
        events.push({ type: `xstate.done.actor.${id}`, late: false, output: { ...answer, at: now + STEP_MS, startedAt: now } } as EventObject);
      }
      // One answer that arrives after the deadline, for the waits that end in a timeout.
      const late = LATE_ANSWERS[id];
      if (late && snap.context.deadline !== null) {
        events.push({ type: `xstate.done.actor.${id}`, late: true, output: { ...late, at: snap.context.deadline + 1, startedAt: now } } as EventObject);
      }
    }
    return events;
  };
}

const environmentInvariant = (ctx: unknown, step: PathStep): void => {
  const c = ctx as EnvironmentContext;
  // CreateEnvironment is only requested after a lookup found nothing.
  if (JSON.stringify(step.state.value) === '{"creating":"requesting"}') expect(c.environment).toBeNull();
  // UpdateEnvironment is only requested once the environment is idle.
  if (JSON.stringify(step.state.value) === '{"updating":"requesting"}') expect(['AVAILABLE', 'UPDATE_FAILED']).toContain(c.environment?.status);
  // A deadline, once set, lies after the phase start.
  if (c.deadline !== null && c.phaseStartedAt !== null) expect(c.deadline).toBeGreaterThan(c.phaseStartedAt);
};

const roleInvariant = (ctx: unknown, step: PathStep): void => {
  const c = ctx as ServiceLinkedRoleContext;
  // Deletion is only requested for a role this product created, or when forced, and always on a survey's verdict.
  if (JSON.stringify(step.state.value) === '"requestingDeletion"') {
    expect(c.ownership === 'created' || c.force).toBe(true);
    expect(c.verdict).not.toBeNull();
    // Never requested twice by the role machine itself: a resend needs a fresh survey.
    expect(c.requestAttempts).toBe(0);
  }
};

const environmentInputs: Array<[string, EnvironmentInput]> = [
  ['create', { operation: 'create', region: REGION, spec }],
  ['update', { operation: 'update', region: REGION, update: { name: 'analytics', maxWorkers: 5 } }],
  ['delete', { operation: 'delete', region: REGION, name: 'analytics', network: spec.networkConfiguration }],
];

const roleInputs: Array<[string, ServiceLinkedRoleInput]> = [
  ['ensure', { operation: 'ensure' }],
  ['delete', { operation: 'delete', ownership: 'created', verdict: { surveyedAt: T0 } }],
  ['forced delete', { operation: 'delete', force: true, verdict: { surveyedAt: T0 } }],
];

describe.each(environmentInputs)('environment machine model (%s)', (_name, input) => {
  // States are told apart by value and by whether our create was accepted: a not-found means lag then, loss otherwise.
  const paths = traverse(environmentMachine, input, eventsFor(ENVIRONMENT_ANSWERS), true, (s) => {
    const snap = s as { value: unknown; context: EnvironmentContext };
    return JSON.stringify([snap.value, snap.context.createAcceptedAt !== null]);
  });

  it('has generated paths to replay', () => {
    expect(paths.length).toBeGreaterThan(5);
  });

  it.each(paths.map((p, i) => [i, p.steps.map((s) => s.event.type.replace('xstate.done.actor.', '')).join(' > '), p] as const))(
    'path %i: %s',
    async (_i, _label, path) => {
      await replay(environmentMachine, Object.keys(environmentActors), input, path.steps, environmentInvariant);
    },
  );
});

describe.each(roleInputs)('service-linked role machine model (%s)', (_name, input) => {
  const paths = traverse(serviceLinkedRoleMachine, input, eventsFor(ROLE_ANSWERS), true);

  it('has generated paths to replay', () => {
    expect(paths.length).toBeGreaterThan(2);
  });

  it.each(paths.map((p, i) => [i, p.steps.map((s) => s.event.type.replace('xstate.done.actor.', '')).join(' > '), p] as const))(
    'path %i: %s',
    async (_i, _label, path) => {
        await replay(serviceLinkedRoleMachine, Object.keys(serviceLinkedRoleActors), input, path.steps, roleInvariant);
    },
  );
});
