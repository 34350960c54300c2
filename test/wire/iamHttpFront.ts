/**
 * A test-only HTTP front that serves the simulator's service-linked-role port as IAM's awsQuery
 * wire protocol: form POSTs `Action=...&Version=2010-05-08`, XML answers
 * `<XResponse><XResult>...</XResult><ResponseMetadata><RequestId/></ResponseMetadata></XResponse>`
 * and XML errors `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 *
 * It serves the five calls the adapter makes: GetRole, CreateServiceLinkedRole,
 * UpdateRoleDescription, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus. The role's
 * trust policy goes out URL-encoded, as IAM sends it. Like the simulator, it knows one role only:
 * `AWSServiceRoleForAmazonMWAA` for `airflow.amazonaws.com`.
 */
import { randomUUID } from 'node:crypto';
import { deletionTaskNotFoundMessage, roleNotFoundMessage } from '../../adapters/awsMessages';
import { SERVICE_LINKED_ROLE, type DeletionTaskReport, type ServiceLinkedRole, type ServiceLinkedRolePort } from '../../adapters/port';
import { coralMessage } from '../../adapters/validation';
import { startHttpFront, wireFormOf, type HttpFront, type WireRequest, type WireResponse } from './httpFront';

/** The API version every awsQuery IAM request carries. */
export const IAM_API_VERSION = '2010-05-08';
const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An error the front raises itself, already in wire form. */
class FrontError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Escapes text for an XML element. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One element, or nothing when `value` is undefined. Strings are escaped; nested XML is passed as `{ xml }`. */
function el(name: string, value: string | number | { xml: string } | undefined): string {
  if (value === undefined) return '';
  const inner = typeof value === 'object' ? value.xml : xmlText(String(value));
  return `<${name}>${inner}</${name}>`;
}

/** The `Role` element of a domain role, with the trust policy URL-encoded as IAM sends it. */
export function roleToXml(role: ServiceLinkedRole): string {
  return el('Role', {
    xml: [
      el('Path', role.path),
      el('RoleName', role.roleName),
      el('RoleId', role.roleId),
      el('Arn', role.arn),
      el('CreateDate', new Date(role.createdAt).toISOString()),
      el('AssumeRolePolicyDocument', encodeURIComponent(JSON.stringify(role.trustPolicy))),
      el('Description', role.description),
      el('MaxSessionDuration', role.maxSessionDuration),
    ].join(''),
  });
}

/** The members of a GetServiceLinkedRoleDeletionStatus result. */
export function deletionReportToXml(report: DeletionTaskReport): string {
  const usage = report.roleUsage
    .map((u) => el('member', { xml: el('Region', u.region) + el('Resources', { xml: u.resources.map((r) => el('member', r)).join('') }) }))
    .join('');
  const hasReason = report.reason !== undefined || report.roleUsage.length > 0;
  return (
    el('Status', report.status) +
    (hasReason ? el('Reason', { xml: el('Reason', report.reason) + (usage === '' ? '' : el('RoleUsageList', { xml: usage })) }) : '')
  );
}

const xml = (status: number, body: string): WireResponse => ({
  status,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

/** A successful awsQuery answer for `action` with `result` inside `<{action}Result>`. */
function success(action: string, result: string): WireResponse {
  return xml(
    200,
    `<${action}Response xmlns="${XMLNS}">${el(`${action}Result`, { xml: result })}` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

/** IAM's error document: `Sender` faults below 500, `Receiver` from 500 on. */
export function iamErrorResponse(code: string, status: number, message: string): WireResponse {
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `${el('Code', code)}${el('Message', message)}</Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

const noSuchRole = (roleName: string): FrontError => new FrontError('NoSuchEntity', 404, roleNotFoundMessage(roleName));

/** A required parameter, or IAM's `ValidationError` naming it. */
function param(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw new FrontError('ValidationError', 400, coralMessage(member, null, 'Member must not be null'));
  }
  return value;
}

/** The one role name the simulated account has; any other is absent. */
function checkedRoleName(params: URLSearchParams): string {
  const roleName = param(params, 'RoleName');
  if (roleName !== SERVICE_LINKED_ROLE.roleName) throw noSuchRole(roleName);
  return roleName;
}

async function route(port: ServiceLinkedRolePort, request: WireRequest): Promise<WireResponse> {
  const scope = request.scope;
  if (scope === null) throw new FrontError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
  if (scope.service !== 'iam') throw new FrontError('SignatureDoesNotMatch', 403, `Credential should be scoped to correct service: 'iam'.`);
  if (scope.region !== 'us-east-1') throw new FrontError('SignatureDoesNotMatch', 403, 'Credential should be scoped to a valid region.');
  if (request.method !== 'POST') throw new FrontError('InvalidAction', 400, `IAM takes POST requests, not ${request.method}`);

  const params = new URLSearchParams(request.body);
  const action = param(params, 'Action');
  const version = param(params, 'Version');
  if (version !== IAM_API_VERSION) throw new FrontError('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);

  switch (action) {
    case 'GetRole': {
      const roleName = checkedRoleName(params);
      const role = await port.getRole();
      // The port's `null` is the wire's NoSuchEntity.
      if (role === null) throw noSuchRole(roleName);
      return success(action, roleToXml(role));
    }
    case 'CreateServiceLinkedRole': {
      const service = param(params, 'AWSServiceName');
      if (service !== SERVICE_LINKED_ROLE.servicePrincipal) {
        throw new FrontError('InvalidInput', 400, `This front only serves ${SERVICE_LINKED_ROLE.servicePrincipal}, not ${service}`);
      }
      if (params.has('CustomSuffix')) throw new FrontError('InvalidInput', 400, `Custom suffix is not allowed for ${service}`);
      const description = params.get('Description');
      const role = await port.createRole(description === null ? {} : { description });
      return success(action, roleToXml(role));
    }
    case 'UpdateRoleDescription': {
      checkedRoleName(params);
      const role = await port.updateDescription(param(params, 'Description'));
      return success(action, roleToXml(role));
    }
    case 'DeleteServiceLinkedRole': {
      checkedRoleName(params);
      const { deletionTaskId } = await port.deleteRole();
      return success(action, el('DeletionTaskId', deletionTaskId));
    }
    case 'GetServiceLinkedRoleDeletionStatus': {
      const taskId = param(params, 'DeletionTaskId');
      const report = await port.getDeletionStatus(taskId);
      if (report === null) throw new FrontError('NoSuchEntity', 404, deletionTaskNotFoundMessage(taskId));
      return success(action, deletionReportToXml(report));
    }
    default:
      throw new FrontError('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);
  }
}

/**
 * Starts the IAM front. `port` is read per request, so one front can serve a fresh simulator per
 * test; the simulator must run without virtual latency (the default).
 *
 * @example
 * const front = await startIamHttpFront(() => sim.ports().serviceLinkedRole);
 * const aws = createAwsPorts({ endpoints: { iam: front.url }, credentials, maxAttempts: 1 });
 */
export function startIamHttpFront(port: () => ServiceLinkedRolePort): Promise<HttpFront> {
  return startHttpFront(async (request) => {
    try {
      return await route(port(), request);
    } catch (e) {
      if (e instanceof FrontError) return iamErrorResponse(e.code, e.status, e.message);
      const wire = wireFormOf(e, { name: 'ServiceFailure', status: 500 });
      return iamErrorResponse(wire.name, wire.status, wire.message);
    }
  });
}
