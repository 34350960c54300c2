/**
 * Pure mapping of IAM shapes to the domain: the role (with its URL-encoded trust policy decoded),
 * deletion-task reports, and a drift check of a live role against the documented one.
 */
import type { GetServiceLinkedRoleDeletionStatusCommandOutput, Role } from '@aws-sdk/client-iam';
import { SERVICE_LINKED_ROLE, type DeletionTaskReport, type DeletionTaskStatus, type PolicyDocument, type ServiceLinkedRole } from '../port';
import { trustPolicyDrift } from '../../domain/serviceLinkedRolePolicies';
import { compact } from './compact';

/** The stand-in trust policy when IAM returned none: it matches nothing, so drift reports it. */
export const EMPTY_POLICY: PolicyDocument = { Version: '', Statement: [] };

/**
 * Decodes a policy document as IAM returns it: URL-encoded JSON (RFC 3986), or plain JSON from
 * emulators that skip the encoding. Throws a SyntaxError when it is neither.
 */
export function decodePolicyDocument(doc: string): PolicyDocument {
  let text = doc;
  if (!doc.trimStart().startsWith('{')) {
    try {
      text = decodeURIComponent(doc);
    } catch {
      throw new SyntaxError('policy document is neither JSON nor URL-encoded JSON');
    }
  }
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new SyntaxError('policy document is not a JSON object');
  const { Version, Statement } = parsed as { Version?: unknown; Statement?: unknown };
  const statements = Array.isArray(Statement) ? Statement : Statement === undefined ? [] : [Statement];
  return {
    Version: typeof Version === 'string' ? Version : '',
    Statement: statements.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null),
  };
}

/** IAM `Role` → domain role. */
export function roleFromSdk(role: Role): ServiceLinkedRole {
  return compact({
    roleName: role.RoleName ?? '',
    roleId: role.RoleId ?? '',
    arn: role.Arn ?? '',
    path: role.Path ?? '',
    createdAt: role.CreateDate instanceof Date ? role.CreateDate.getTime() : 0,
    description: role.Description,
    trustPolicy: role.AssumeRolePolicyDocument === undefined ? EMPTY_POLICY : decodePolicyDocument(role.AssumeRolePolicyDocument),
    maxSessionDuration: role.MaxSessionDuration,
  });
}

/** GetServiceLinkedRoleDeletionStatus output → domain report. */
export function deletionReportFromSdk(out: Pick<GetServiceLinkedRoleDeletionStatusCommandOutput, 'Status' | 'Reason'>): DeletionTaskReport {
  return compact({
    status: out.Status as DeletionTaskStatus,
    reason: out.Reason?.Reason,
    roleUsage: (out.Reason?.RoleUsageList ?? []).map((u) => ({ region: u.Region ?? '', resources: u.Resources ?? [] })),
  });
}

/**
 * How a live role differs from the documented `AWSServiceRoleForAmazonMWAA`: trust policy (see
 * {@link trustPolicyDrift}), name and path. Empty when it matches.
 */
export function serviceLinkedRoleDrift(role: ServiceLinkedRole): string[] {
  const drift: string[] = [];
  if (role.roleName !== SERVICE_LINKED_ROLE.roleName) drift.push(`role name is ${role.roleName}, not ${SERVICE_LINKED_ROLE.roleName}`);
  if (role.path !== SERVICE_LINKED_ROLE.path) drift.push(`role path is ${role.path}, not ${SERVICE_LINKED_ROLE.path}`);
  drift.push(...trustPolicyDrift(role.trustPolicy));
  return drift;
}
