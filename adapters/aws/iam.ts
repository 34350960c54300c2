/**
 * The service-linked-role port on @aws-sdk/client-iam. IAM is global, so there is one client and
 * no region argument.
 */
import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  UpdateRoleDescriptionCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { AwsError, AwsErrorCode, isAwsError } from '../errors';
import { SERVICE_LINKED_ROLE, type ServiceLinkedRole, type ServiceLinkedRolePort } from '../port';
import type { IamClientLike } from './clients';
import { callAws } from './errors';
import { deletionReportFromSdk, roleFromSdk } from './iamMapping';

/** Options of {@link createServiceLinkedRolePort}. */
export interface ServiceLinkedRolePortOptions {
  /**
   * The role name the IAM calls use. Default `AWSServiceRoleForAmazonMWAA`, which is what AWS
   * creates for `airflow.amazonaws.com`; only emulators need another (moto names it
   * `AWSServiceRoleForairflow`).
   */
  roleName?: string;
}

/** Builds the service-linked-role port over an IAM client. */
export function createServiceLinkedRolePort(client: () => IamClientLike, options: ServiceLinkedRolePortOptions = {}): ServiceLinkedRolePort {
  const roleName = options.roleName ?? SERVICE_LINKED_ROLE.roleName;

  /** Maps IAM's role, turning an undecodable trust policy into an AwsError like any other failure. */
  const toDomain = (role: Role, operation: string): ServiceLinkedRole => {
    try {
      return roleFromSdk(role);
    } catch (e) {
      throw new AwsError({
        code: AwsErrorCode.Unavailable,
        message: `${operation}: IAM returned a trust policy that could not be decoded`,
        service: 'iam',
        operation,
        retryable: false,
        cause: e,
      });
    }
  };

  const getRole = async (signal?: AbortSignal): Promise<ServiceLinkedRole | null> => {
    try {
      const out = await callAws('iam', 'getRole', signal, (o) => client().send(new GetRoleCommand({ RoleName: roleName }), o));
      return out.Role === undefined ? null : toDomain(out.Role, 'getRole');
    } catch (e) {
      if (isAwsError(e, AwsErrorCode.NotFound)) return null;
      throw e;
    }
  };

  /** IAM's answer usually carries the role; when it does not, read it back. */
  const roleOrReadBack = async (role: Role | undefined, operation: string, signal?: AbortSignal): Promise<ServiceLinkedRole> => {
    if (role !== undefined) return toDomain(role, operation);
    const read = await getRole(signal);
    if (read !== null) return read;
    throw new AwsError({
      code: AwsErrorCode.Unavailable,
      message: `${operation} succeeded but ${roleName} is not visible yet (IAM is eventually consistent)`,
      service: 'iam',
      operation,
    });
  };

  return {
    getRole,

    async createRole(options, signal) {
      const out = await callAws('iam', 'createRole', signal, (o) =>
        client().send(
          new CreateServiceLinkedRoleCommand({
            AWSServiceName: SERVICE_LINKED_ROLE.servicePrincipal,
            ...(options.description === undefined ? {} : { Description: options.description }),
          }),
          o,
        ),
      );
      return roleOrReadBack(out.Role, 'createRole', signal);
    },

    async updateDescription(description, signal) {
      const out = await callAws('iam', 'updateDescription', signal, (o) =>
        client().send(new UpdateRoleDescriptionCommand({ RoleName: roleName, Description: description }), o),
      );
      return roleOrReadBack(out.Role, 'updateDescription', signal);
    },

    async deleteRole(signal) {
      const out = await callAws('iam', 'deleteRole', signal, (o) =>
        client().send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName }), o),
      );
      return { deletionTaskId: out.DeletionTaskId ?? '' };
    },

    async getDeletionStatus(deletionTaskId, signal) {
      try {
        const out = await callAws('iam', 'getDeletionStatus', signal, (o) =>
          client().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: deletionTaskId }), o),
        );
        return deletionReportFromSdk(out);
      } catch (e) {
        // IAM purges finished tasks quickly; the caller confirms with getRole (see the port's TSDoc).
        if (isAwsError(e, AwsErrorCode.NotFound)) return null;
        throw e;
      }
    },
  };
}
