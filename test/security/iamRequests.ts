/**
 * What IAM authorizes for each command the adapter sent: the action (from the adapter's own
 * catalogue), the resource ARN as the Service Authorization Reference defines it, and the
 * condition keys the request carries; plus the dependent authorizations (PassRole on create and
 * update, TagResource on a create with tags). Evaluated with `@cloud-copilot/iam-simulate`.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { COMMAND_ACTIONS } from '../../adapters/aws/policy';
import { serviceLinkedRoleArn } from '../../adapters/aws/policyParts';
import { SERVICE_LINKED_ROLE, type PolicyDocument } from '../../adapters/port';
import type { SentCommand } from '../aws/support/recordingAws';

/** One authorization request. */
export interface IamRequest {
  action: string;
  resource: string;
  context: Record<string, string>;
}

/** Where the requests are made: the account and its partition. */
export interface Account {
  id: string;
  partition: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The IAM requests one command needs. Throws on a command the catalogue does not know. */
export function requestsOf(sent: SentCommand, account: Account): IamRequest[] {
  const action = (COMMAND_ACTIONS as Record<string, string | undefined>)[sent.command];
  if (action === undefined) throw new Error(`${sent.command} is not in the policy's command catalogue`);
  const environment = `arn:${account.partition}:airflow:${sent.region}:${account.id}:environment/${str(sent.input['Name'])}`;
  const role = serviceLinkedRoleArn(account.partition, account.id);
  const passRole = (arn: string): IamRequest => ({ action: 'iam:PassRole', resource: arn, context: { 'iam:PassedToService': SERVICE_LINKED_ROLE.servicePrincipal } });
  const plain = (resource: string): IamRequest[] => [{ action, resource, context: {} }];
  switch (sent.command) {
    case 'CreateEnvironmentCommand': {
      const tags = Object.keys(sent.input['Tags'] ?? {}).length > 0;
      return [...plain(environment), passRole(str(sent.input['ExecutionRoleArn'])), ...(tags ? [{ action: 'airflow:TagResource', resource: environment, context: {} }] : [])];
    }
    case 'UpdateEnvironmentCommand':
      return [...plain(environment), ...(sent.input['ExecutionRoleArn'] === undefined ? [] : [passRole(str(sent.input['ExecutionRoleArn']))])];
    case 'GetEnvironmentCommand':
    case 'DeleteEnvironmentCommand':
      return plain(environment);
    case 'GetRoleCommand':
    case 'UpdateRoleDescriptionCommand':
    case 'DeleteServiceLinkedRoleCommand':
      if (sent.input['RoleName'] !== SERVICE_LINKED_ROLE.roleName) throw new Error(`${sent.command} on an unexpected role ${str(sent.input['RoleName'])}`);
      return plain(role);
    case 'CreateServiceLinkedRoleCommand':
      return [{ action, resource: role, context: { 'iam:AWSServiceName': str(sent.input['AWSServiceName']) } }];
    case 'GetServiceLinkedRoleDeletionStatusCommand': {
      // task/aws-service-role/<service>/<role name>/<id>: the task of that role, authorized on the role.
      const path = str(sent.input['DeletionTaskId']).split('/').slice(1, -1).join('/');
      return plain(`arn:${account.partition}:iam::${account.id}:role/${path}`);
    }
    default:
      return plain('*');
  }
}

/** Every distinct request of `sent`. */
export function distinctRequests(sent: readonly SentCommand[], account: Account): IamRequest[] {
  const byKey = new Map<string, IamRequest>();
  for (const request of sent.flatMap((s) => requestsOf(s, account))) byKey.set(JSON.stringify(request), request);
  return [...byKey.values()];
}

/** Whether `policy`, as the caller's only identity policy, allows `request`; a simulation error throws. */
export async function allowed(policy: PolicyDocument, request: IamRequest, account: Account): Promise<boolean> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'mwaa-lifecycle', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: `arn:${account.partition}:iam::${account.id}:user/mwaa-operator`,
        action: request.action,
        resource: { resource: request.resource, accountId: account.id },
        contextVariables: request.context,
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`cannot simulate ${JSON.stringify(request)}: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed';
}

/** The requests `policy` does not allow. */
export async function denied(policy: PolicyDocument, requests: readonly IamRequest[], account: Account): Promise<IamRequest[]> {
  const out: IamRequest[] = [];
  for (const request of requests) if (!(await allowed(policy, request, account))) out.push(request);
  return out;
}
