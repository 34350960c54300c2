/**
 * The plan-scoped policy is sufficient and minimal, shown on a whole lifecycle sent through the
 * real SDK adapter: apply (the role created, two environments, one tagged), apply again with a
 * changed plan (the role's description and one environment updated), then teardown and the
 * role's deletion. Every request the adapter sent is evaluated by an IAM policy simulator against
 * the policy `planPolicy` makes for that plan: all are allowed; without any one statement, any
 * one action or any one resource of the policy, at least one is denied.
 */
import { waitFor } from 'xstate';
import { planPolicy } from '../../adapters/aws/policy';
import type { PolicyDocument } from '../../adapters/port';
import type { ManagedEnvironment } from '../../machines/account.types';
import { startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { specFor } from '../support/world';
import { denied, distinctRequests, type Account, type IamRequest } from './iamRequests';
import { startRecordingAws, type RecordingAws, type SentCommand } from '../aws/support/recordingAws';

const ACCOUNT: Account = { id: '123456789012', partition: 'aws' };
const REGIONS = ['eu-west-1', 'us-east-1'];
const FIRST: ManagedEnvironment[] = [
  { region: 'eu-west-1', spec: specFor('alpha', { executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa-alpha', tags: { team: 'data' } }) },
  { region: 'us-east-1', spec: specFor('beta', { executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-beta' }) },
];
const SECOND: ManagedEnvironment[] = FIRST.map((e) => (e.spec.name === 'beta' ? { ...e, spec: { ...e.spec, maxWorkers: 4 } } : e));

let aws: RecordingAws;
let sent: SentCommand[];
let requests: IamRequest[];
let policy: PolicyDocument;
let outcomes: { firstApply: string; secondApply: Record<string, string>; teardown: string };

beforeAll(async () => {
  aws = await startRecordingAws();
  const bound = bindMachines(aws.adapter, { clock: aws.wire.sim.clock });
  const apply = (environments: ManagedEnvironment[], roleDescription: string, roleOwnership: 'created' | null) =>
    startMachine(bound.account, { plan: 'apply', regions: REGIONS, environments, roleDescription, updateExisting: true, roleOwnership });

  const first = apply(FIRST, 'MWAA, first plan', null);
  const ready = await aws.drive(waitFor(first.actor, (s) => s.matches('ready') || s.status !== 'active'));
  first.actor.stop();
  const second = apply(SECOND, 'MWAA, second plan', ready.context.ownership === 'created' ? 'created' : null);
  const readyAgain = await aws.drive(waitFor(second.actor, (s) => s.matches('ready') || s.status !== 'active'));
  second.actor.send({ type: 'TEARDOWN' });
  const done = await aws.drive(second.done);
  outcomes = {
    firstApply: JSON.stringify(ready.value),
    secondApply: Object.fromEntries(Object.entries(readyAgain.context.results).map(([k, r]) => [k, r.result])),
    teardown: done.result,
  };
  sent = aws.sent;
  requests = distinctRequests(sent, ACCOUNT);
  policy = planPolicy({ environments: SECOND, regions: REGIONS, roleDescription: true });
}, 180_000);

afterAll(async () => {
  await aws?.close();
});

/** `policy` with its statements changed by `edit` (which may drop one, or return it narrowed). */
const without = (edit: (s: Record<string, unknown>, i: number) => Record<string, unknown> | null): PolicyDocument => ({
  ...policy,
  Statement: policy.Statement.flatMap((s, i) => {
    const edited = edit(s, i);
    return edited === null ? [] : [edited];
  }),
});
const list = (v: unknown): string[] => [v].flat().map(String);

describe('the recorded lifecycle', () => {
  it('ran apply, a converging apply and teardown to the role deletion', () => {
    expect(outcomes).toEqual({
      firstApply: '"ready"',
      secondApply: { 'eu-west-1/alpha': 'available', 'us-east-1/beta': 'updated' },
      teardown: 'roleDeleted',
    });
  });

  it('sent every command a lifecycle needs through the SDK adapter', () => {
    const commands = new Set(sent.map((s) => s.command));
    expect([...commands].sort()).toEqual(
      [
        'CreateEnvironmentCommand',
        'CreateServiceLinkedRoleCommand',
        'DeleteEnvironmentCommand',
        'DeleteServiceLinkedRoleCommand',
        'DescribeNetworkInterfacesCommand',
        'DescribeRegionsCommand',
        'DescribeVpcEndpointsCommand',
        'GetEnvironmentCommand',
        'GetRoleCommand',
        'GetServiceLinkedRoleDeletionStatusCommand',
        'ListEnvironmentsCommand',
        'UpdateEnvironmentCommand',
        'UpdateRoleDescriptionCommand',
      ].sort(),
    );
  });
});

describe('the plan-scoped policy', () => {
  it('allows every request the lifecycle sent', async () => {
    expect(requests.length).toBeGreaterThan(15);
    expect(sent.length).toBeGreaterThan(100);
    expect(await denied(policy, requests, ACCOUNT)).toEqual([]);
  });

  it('needs every statement: without any one, a request is denied', async () => {
    for (const [i, statement] of policy.Statement.entries()) {
      const refused = await denied(
        without((_s, j) => (j === i ? null : _s)),
        requests,
        ACCOUNT,
      );
      expect({ statement: statement['Sid'], refused: refused.length > 0 }).toEqual({ statement: statement['Sid'], refused: true });
    }
  });

  it('needs every action of every statement', async () => {
    for (const [i, statement] of policy.Statement.entries()) {
      for (const action of list(statement['Action'])) {
        const narrowed = without((s, j) => {
          if (j !== i) return s;
          const rest = list(s['Action']).filter((a) => a !== action);
          return rest.length === 0 ? null : { ...s, Action: rest };
        });
        expect({ action, refused: (await denied(narrowed, requests, ACCOUNT)).length > 0 }).toEqual({ action, refused: true });
      }
    }
  });

  it('needs every resource it names', async () => {
    for (const [i, statement] of policy.Statement.entries()) {
      const resources = list(statement['Resource']);
      if (resources.length < 2) continue;
      for (const resource of resources) {
        const narrowed = without((s, j) => (j === i ? { ...s, Resource: resources.filter((r) => r !== resource) } : s));
        expect({ resource, refused: (await denied(narrowed, requests, ACCOUNT)).length > 0 }).toEqual({ resource, refused: true });
      }
    }
  });

  it('denies what the plan does not touch', async () => {
    const outside: IamRequest[] = [
      { action: 'airflow:DeleteEnvironment', resource: 'arn:aws:airflow:eu-west-1:123456789012:environment/someone-else', context: {} },
      { action: 'airflow:CreateEnvironment', resource: 'arn:aws:airflow:ap-south-1:123456789012:environment/alpha', context: {} },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/admin', context: { 'iam:PassedToService': 'airflow.amazonaws.com' } },
      { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/mwaa-beta', context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      { action: 'iam:GetRole', resource: 'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS', context: {} },
      { action: 'iam:DeleteServiceLinkedRole', resource: 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA_2', context: {} },
      { action: 'iam:CreateServiceLinkedRole', resource: 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA', context: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
      { action: 'airflow:UntagResource', resource: 'arn:aws:airflow:eu-west-1:123456789012:environment/alpha', context: {} },
    ];
    expect(await denied(policy, outside, ACCOUNT)).toEqual(outside);
  });
});
