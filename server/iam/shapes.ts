/**
 * IAM's awsQuery documents: the `Role` element (trust policy URL-encoded, as IAM sends it), the
 * deletion-status members, the success envelope `<XResponse><XResult/><ResponseMetadata/></XResponse>`
 * and the error document `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
import type { DeletionTaskReport, ServiceLinkedRole } from '../../adapters/port';
import { requestId, type WireResponse } from '../wire';
import { xmlDocument, xmlList, type XmlNode } from '../xml';

/** The API version every awsQuery IAM request carries. */
export const IAM_API_VERSION = '2010-05-08';
const XMLNS = `https://iam.amazonaws.com/doc/${IAM_API_VERSION}/`;

/** An ISO 8601 instant as IAM writes it: whole seconds without a fraction, milliseconds only when there are some. */
export const iamDate = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** The `Role` member of a domain role. */
export function roleToXml(role: ServiceLinkedRole): XmlNode {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: iamDate(role.createdAt),
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trustPolicy)),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

/** The members of a GetServiceLinkedRoleDeletionStatus result. */
export function deletionReportToXml(report: DeletionTaskReport): XmlNode {
  const usage = report.roleUsage.map((u) => ({ Region: u.region, Resources: xmlList('member', u.resources) }));
  const hasReason = report.reason !== undefined || usage.length > 0;
  return {
    Status: report.status,
    Reason: hasReason ? { Reason: report.reason, RoleUsageList: xmlList('member', usage) } : undefined,
  };
}

const xml = (status: number, body: string): WireResponse => ({
  status,
  headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() },
  body,
});

/** A successful answer to `action`, with `result` (when the action has one) inside `<{action}Result>`. */
export function iamSuccess(action: string, result: XmlNode | undefined): WireResponse {
  return xml(
    200,
    xmlDocument(`${action}Response`, XMLNS, {
      ...(result === undefined ? {} : { [`${action}Result`]: result }),
      ResponseMetadata: { RequestId: requestId() },
    }),
  );
}

/** IAM's error document: `Sender` faults below 500, `Receiver` from 500 on. */
export function iamErrorResponse(code: string, status: number, message: string): WireResponse {
  return xml(
    status,
    xmlDocument('ErrorResponse', XMLNS, {
      Error: { Type: status >= 500 ? 'Receiver' : 'Sender', Code: code, Message: message },
      RequestId: requestId(),
    }),
  );
}
