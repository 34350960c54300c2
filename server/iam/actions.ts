/**
 * IAM on its awsQuery wire protocol (`Action=...&Version=2010-05-08`, XML answers), for the one
 * role the simulated account knows: `AWSServiceRoleForAmazonMWAA` of `airflow.amazonaws.com`.
 * Served: GetRole, CreateServiceLinkedRole, UpdateRoleDescription, DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus, and the edits IAM refuses on a service-linked role
 * (DeleteRole, UpdateAssumeRolePolicy, Put/Attach/DetachRolePolicy) plus UpdateRole, which may
 * change its description only.
 *
 * IAM is global: the region of the credential scope does not matter (clients given a custom
 * endpoint sign IAM for their own region, not for the partition's home region).
 */
import { deletionTaskNotFoundMessage, roleNotFoundMessage } from '../../domain/awsMessages';
import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import type { ProtectedRoleAction, RoleUpdate } from '../../adapters/simulator';
import { coralMessage } from '../../domain/validation';
import type { ServiceHandler, ServiceTarget } from '../service';
import { FrontError, wireFormOf, type WireResponse } from '../wire';
import type { XmlNode } from '../xml';
import { deletionReportToXml, IAM_API_VERSION, iamErrorResponse, iamSuccess, roleToXml } from './shapes';

/** One IAM action: its parameters in, its result members out (`undefined` for actions without a result). */
type IamAction = (params: URLSearchParams, target: ServiceTarget) => Promise<XmlNode | undefined>;

const noSuchRole = (roleName: string): FrontError => new FrontError('NoSuchEntity', 404, roleNotFoundMessage(roleName));

/** A required parameter, or IAM's `ValidationError` naming it. */
function param(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) throw new FrontError('ValidationError', 400, coralMessage(name.charAt(0).toLowerCase() + name.slice(1), null, 'Member must not be null'));
  return value;
}

/** The one role name the simulated account has; any other is absent. */
function checkedRoleName(params: URLSearchParams): string {
  const roleName = param(params, 'RoleName');
  if (roleName !== SERVICE_LINKED_ROLE.roleName) throw noSuchRole(roleName);
  return roleName;
}

/** An edit IAM reserves to AWS on a service-linked role, answered as the simulated IAM decides. */
const protectedEdit =
  (action: ProtectedRoleAction, update: (params: URLSearchParams) => RoleUpdate = () => ({})): IamAction =>
  async (params, { sim }) => {
    checkedRoleName(params);
    await sim.modifyRole(sim.accountId, action, update(params));
    return action === 'UpdateRole' ? {} : undefined;
  };

const ACTIONS: Readonly<Record<string, IamAction>> = {
  async GetRole(params, { ports }) {
    const roleName = checkedRoleName(params);
    const role = await ports.serviceLinkedRole.getRole();
    // The port's `null` is the wire's NoSuchEntity.
    if (role === null) throw noSuchRole(roleName);
    return { Role: roleToXml(role) };
  },
  async CreateServiceLinkedRole(params, { ports }) {
    const service = param(params, 'AWSServiceName');
    if (service !== SERVICE_LINKED_ROLE.servicePrincipal) {
      throw new FrontError('InvalidInput', 400, `This endpoint only serves ${SERVICE_LINKED_ROLE.servicePrincipal}, not ${service}`);
    }
    if (params.has('CustomSuffix')) throw new FrontError('InvalidInput', 400, `Custom suffix is not allowed for ${service}`);
    const description = params.get('Description');
    return { Role: roleToXml(await ports.serviceLinkedRole.createRole(description === null ? {} : { description })) };
  },
  async UpdateRoleDescription(params, { ports }) {
    checkedRoleName(params);
    return { Role: roleToXml(await ports.serviceLinkedRole.updateDescription(param(params, 'Description'))) };
  },
  async DeleteServiceLinkedRole(params, { ports }) {
    checkedRoleName(params);
    const { deletionTaskId } = await ports.serviceLinkedRole.deleteRole();
    return { DeletionTaskId: deletionTaskId };
  },
  async GetServiceLinkedRoleDeletionStatus(params, { ports }) {
    const taskId = param(params, 'DeletionTaskId');
    const report = await ports.serviceLinkedRole.getDeletionStatus(taskId);
    if (report === null) throw new FrontError('NoSuchEntity', 404, deletionTaskNotFoundMessage(taskId));
    return deletionReportToXml(report);
  },
  DeleteRole: protectedEdit('DeleteRole'),
  UpdateAssumeRolePolicy: protectedEdit('UpdateAssumeRolePolicy'),
  PutRolePolicy: protectedEdit('PutRolePolicy'),
  AttachRolePolicy: protectedEdit('AttachRolePolicy'),
  DetachRolePolicy: protectedEdit('DetachRolePolicy'),
  UpdateRole: protectedEdit('UpdateRole', (params) => {
    const description = params.get('Description');
    const duration = params.get('MaxSessionDuration');
    return { ...(description === null ? {} : { description }), ...(duration === null ? {} : { maxSessionDuration: Number(duration) }) };
  }),
};

async function answer(params: URLSearchParams, target: ServiceTarget): Promise<WireResponse> {
  const action = param(params, 'Action');
  const version = param(params, 'Version');
  const run = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (version !== IAM_API_VERSION || run === undefined) throw new FrontError('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);
  return iamSuccess(action, await run(params, target));
}

/** Serves one IAM request (form POST, or GET with the parameters in the query). */
export const serveIam: ServiceHandler = async (request, target) => {
  try {
    return await answer(request.method === 'POST' ? new URLSearchParams(request.body) : request.query, target);
  } catch (e) {
    if (e instanceof FrontError) return iamErrorResponse(e.code, e.status, e.message);
    const wire = wireFormOf(e, { name: 'ServiceFailure', status: 500 });
    return iamErrorResponse(wire.name, wire.status, wire.message);
  }
};
