/**
 * The pieces the least-privilege policies are made of: the exact ARN of the MWAA service-linked
 * role, the checks on partitions and execution role ARNs, and the PassRole statement.
 */
import { SERVICE_LINKED_ROLE } from '../port';

/** IAM's characters for role names and path segments. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH_SEGMENT = /^[\w+=,.@-]+$/;

/** Throws a RangeError unless `partition` looks like an AWS partition name. */
export function assertPartition(partition: string): void {
  if (!/^aws(-[a-z]+)*$/.test(partition)) throw new RangeError(`"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov)`);
}

/** The one ARN of the MWAA service-linked role in `account` (`*`: any account). */
export function serviceLinkedRoleArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:role${SERVICE_LINKED_ROLE.path}${SERVICE_LINKED_ROLE.roleName}`;
}

/** True when `arn` holds an IAM wildcard (`*` or `?`), which lets it match more than one role. */
export function isWildcardRole(arn: string): boolean {
  return arn.includes('*') || arn.includes('?');
}

/**
 * Throws a RangeError unless `arn` is one IAM role of `partition`: `arn:<partition>:iam::<12
 * digits>:role/<path/>name`, no wildcard, no other service or resource type.
 */
export function assertExecutionRoleArn(arn: string, partition: string): void {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(.+)$/.exec(arn);
  const parts = m?.[3]?.split('/') ?? [];
  const name = parts.at(-1) ?? '';
  if (m === null || !ROLE_NAME.test(name) || !parts.slice(0, -1).every((p) => PATH_SEGMENT.test(p))) {
    throw new RangeError(`"${arn}" is not an IAM role ARN (arn:${partition}:iam::123456789012:role/name)`);
  }
  if (m[1] !== partition) throw new RangeError(`the role ${arn} is in partition ${m[1] ?? '?'}, not in the plan's ${partition}`);
}

/** The PassRole statement: the roles, to MWAA only. */
export function passRoleStatement(arns: readonly string[]): Record<string, unknown> {
  return {
    Sid: 'PassExecutionRoleToMwaa',
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: arns.length === 1 ? arns[0] : [...arns],
    Condition: { StringEquals: { 'iam:PassedToService': SERVICE_LINKED_ROLE.servicePrincipal } },
  };
}
