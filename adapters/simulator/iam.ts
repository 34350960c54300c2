/**
 * Simulated IAM for the one MWAA service-linked role per account: creation (by hand or by
 * CreateEnvironment), eventual consistency of GetRole, the description as the only editable
 * part, and asynchronous deletion tasks that fail while anything IAM counts as a use of the role
 * (the `roleInUseCheck` uncertainty) exists in any region.
 * Methods raise wire-shaped errors; the port layer (ports.ts) turns NoSuchEntity into `null`.
 */
import {
  deletionTaskNotFoundMessage,
  invalidDeletionTaskIdMessage,
  protectedRoleMessage,
  roleInUseReason,
  roleNotFoundMessage,
  roleTakenMessage,
} from '../../domain/awsMessages';
import type { AwsError } from '../errors';
import { DeletionTaskStatus, SERVICE_LINKED_ROLE, type RoleUsage } from '../port';
import { SERVICE_LINKED_ROLE_PERMISSIONS_POLICY, SERVICE_LINKED_ROLE_TRUST_POLICY } from '../../domain/serviceLinkedRolePolicies';
import { deepCopy } from './freeze';
import { serviceError, wireError } from './faults';
import { WorldEventKind, type PortOperation } from './types';
import { RoleInUseCheck } from './uncertainty';
import type { AccountState, DeletionTaskRecord, Ownership, RoleRecord, World } from './world';

/** Task ids look like `task/aws-service-role/<principal>/<role>/<uuid>`. */
const TASK_ID = /^task\/aws-service-role\/[\w+=,.@-]+\/[\w+=,.@-]+\/[\w-]+$/;
/** IAM's description pattern, max 1000 characters. Tab, LF and CR are part of IAM's own pattern. */
// eslint-disable-next-line no-control-regex
const DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
/** Role edits through the IAM API; all but an UpdateRole that sets only the description are refused for a service-linked role. */
export type ProtectedRoleAction = 'DeleteRole' | 'UpdateAssumeRolePolicy' | 'PutRolePolicy' | 'AttachRolePolicy' | 'DetachRolePolicy' | 'UpdateRole';

/** The fields of an UpdateRole request. */
export interface RoleUpdate {
  description?: string;
  maxSessionDuration?: number;
}

/** The SLR's ARN in an account. */
export const serviceLinkedRoleArn = (accountId: string, partition: string = 'aws'): string =>
  `arn:${partition}:iam::${accountId}:role${SERVICE_LINKED_ROLE.path}${SERVICE_LINKED_ROLE.roleName}`;

/** The IAM side of the simulator. */
export class IamService {
  constructor(private readonly world: World) {}

  /** The role as GetRole sees it: missing during the propagation lag. */
  getRole(account: AccountState): RoleRecord {
    const role = account.role;
    if (!role || this.world.now() < role.visibleAt) throw this.noSuchRole('iam.getRole');
    return role;
  }

  /** CreateServiceLinkedRole. */
  createRole(account: AccountState, description: string | undefined): RoleRecord {
    this.checkDescription('createRole', description);
    // The lag only hides the role from reads: IAM itself knows the name is taken.
    if (account.role) throw wireError('iam.createRole', 'InvalidInput', roleTakenMessage());
    return this.create(account, description, 'iam.createRole');
  }

  /** What CreateEnvironment does first: create the role when it is missing. */
  ensureRole(account: AccountState): void {
    if (!account.role) this.create(account, undefined, 'mwaa.createEnvironment');
  }

  /** UpdateRoleDescription, the one permitted edit. */
  updateDescription(account: AccountState, description: string): RoleRecord {
    this.checkDescription('updateDescription', description);
    if (!account.role) throw this.noSuchRole('iam.updateDescription');
    account.role.description = description;
    return account.role;
  }

  /**
   * Any other edit of the role. UpdateRole with a description and nothing else is the second way
   * to edit the description [DOC mwaa-slr] and changes it; everything else is refused as IAM
   * refuses it (an UpdateRole naming no field too, UNVERIFIED).
   */
  modify(account: AccountState, action: ProtectedRoleAction, update: RoleUpdate = {}): RoleRecord {
    const descriptionOnly = action === 'UpdateRole' && update.description !== undefined && update.maxSessionDuration === undefined;
    if (descriptionOnly) this.checkDescription(action, update.description);
    if (!account.role) throw serviceError('iam', action, 'NoSuchEntity', roleNotFoundMessage());
    if (!descriptionOnly || update.description === undefined) throw serviceError('iam', action, 'UnmodifiableEntity', protectedRoleMessage());
    account.role.description = update.description;
    return account.role;
  }

  /** DeleteServiceLinkedRole: the running task's id, or a new task. */
  deleteRole(account: AccountState): string {
    if (!account.role) throw this.noSuchRole('iam.deleteRole');
    const active = account.activeTaskId === null ? undefined : account.tasks.get(account.activeTaskId);
    if (active && (active.status === 'NOT_STARTED' || active.status === 'IN_PROGRESS')) return active.id;

    const id = `task${SERVICE_LINKED_ROLE.path}${SERVICE_LINKED_ROLE.roleName}/${this.world.rng.ids.uuid()}`;
    const task: DeletionTaskRecord = { id, status: DeletionTaskStatus.NOT_STARTED, roleUsage: [] };
    account.tasks.set(id, task);
    account.activeTaskId = id;
    this.world.emit(account.id, WorldEventKind.roleDeletionRequested, { detail: { taskId: id } });
    this.world.steps.schedule(this.world.rng.durations.duration(this.world.timings.slrDeletionStart), { kind: 'deletionTaskStart', accountId: account.id, taskId: id });
    return id;
  }

  /** A scheduled stage of a deletion task comes: it starts running, ends, or is forgotten. */
  runTaskStep(accountId: string, taskId: string, stage: 'start' | 'finish' | 'purge'): void {
    const account = this.world.account(accountId);
    const task = account.tasks.get(taskId);
    if (!task) return;
    if (stage === 'purge') {
      account.tasks.delete(taskId);
    } else if (stage === 'start') {
      this.setTaskStatus(account, task, DeletionTaskStatus.IN_PROGRESS);
      this.world.steps.schedule(this.world.rng.durations.duration(this.world.timings.slrDeletionRun), { kind: 'deletionTaskFinish', accountId, taskId });
    } else {
      this.finish(account, task);
    }
  }

  /** GetServiceLinkedRoleDeletionStatus. */
  deletionStatus(account: AccountState, taskId: string): DeletionTaskRecord {
    if (!TASK_ID.test(taskId) || taskId.length > 1000) {
      throw wireError('iam.getDeletionStatus', 'InvalidInput', invalidDeletionTaskIdMessage(taskId));
    }
    const task = account.tasks.get(taskId);
    if (!task) throw wireError('iam.getDeletionStatus', 'NoSuchEntity', deletionTaskNotFoundMessage(taskId));
    return task;
  }

  /**
   * What still uses the role, grouped by region, as the `roleInUseCheck` uncertainty counts it:
   * every environment record (`allEnvironments`), only those neither DELETING nor DELETED
   * (`activeEnvironments`), or every record plus the ids of the endpoints and interfaces MWAA has
   * not cleaned up yet (`environmentsAndCleanup`).
   */
  roleUsage(account: AccountState): RoleUsage[] {
    const check = this.world.uncertainty.roleInUseCheck;
    const byRegion = new Map<string, string[]>();
    const add = (region: string, resource: string): void => {
      byRegion.set(region, [...(byRegion.get(region) ?? []), resource]);
    };
    for (const env of account.environments.values()) {
      if (check === RoleInUseCheck.activeEnvironments && (env.status === 'DELETING' || env.status === 'DELETED')) continue;
      add(env.region, env.arn);
    }
    if (check === RoleInUseCheck.environmentsAndCleanup) {
      // Customer-made resources (no owner) never count; orphans are past any cleanup.
      const pending = (r: Ownership): boolean => r.ownerInstanceId !== null && !r.orphaned;
      for (const endpoint of account.endpoints.values()) if (pending(endpoint)) add(endpoint.region, endpoint.vpcEndpointId);
      for (const eni of account.interfaces.values()) if (pending(eni)) add(eni.region, eni.networkInterfaceId);
    }
    return [...byRegion.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, resources]) => ({ region, resources: resources.sort() }));
  }

  private finish(account: AccountState, task: DeletionTaskRecord): void {
    const usage = this.roleUsage(account);
    if (account.activeTaskId === task.id) account.activeTaskId = null;
    if (usage.length > 0) {
      task.reason = roleInUseReason();
      task.roleUsage = usage;
      this.setTaskStatus(account, task, DeletionTaskStatus.FAILED);
    } else {
      account.role = null;
      this.setTaskStatus(account, task, DeletionTaskStatus.SUCCEEDED);
      this.world.emit(account.id, WorldEventKind.roleDeleted, { detail: { taskId: task.id } });
    }
    const retention = this.world.rng.durations.duration(this.world.timings.deletionTaskRetention);
    // Zero retention purges synchronously, so even a poll at the same virtual instant finds nothing.
    if (retention <= 0) account.tasks.delete(task.id);
    else this.world.steps.schedule(retention, { kind: 'deletionTaskPurge', accountId: account.id, taskId: task.id });
  }

  private setTaskStatus(account: AccountState, task: DeletionTaskRecord, status: DeletionTaskStatus): void {
    task.status = status;
    const detail = { taskId: task.id, roleUsage: task.roleUsage.map((u) => ({ region: u.region, resources: [...u.resources] })) };
    this.world.emit(account.id, WorldEventKind.roleDeletionTask, { status, detail });
  }

  private create(account: AccountState, description: string | undefined, by: PortOperation): RoleRecord {
    const now = this.world.now();
    const role: RoleRecord = {
      roleName: SERVICE_LINKED_ROLE.roleName,
      roleId: `AROA${this.world.rng.ids.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}`,
      arn: serviceLinkedRoleArn(account.id, this.world.partition),
      path: SERVICE_LINKED_ROLE.path,
      // IAM stamps CreateDate with its own clock, which may differ from the caller's.
      createdAt: now + this.world.uncertainty.iamClockSkewMs,
      assumeRolePolicyDocument: encodeURIComponent(JSON.stringify(SERVICE_LINKED_ROLE_TRUST_POLICY)),
      permissionsPolicy: deepCopy(SERVICE_LINKED_ROLE_PERMISSIONS_POLICY),
      maxSessionDuration: 3600,
      visibleAt: now + this.world.rng.durations.duration(this.world.timings.roleVisibilityLag),
    };
    if (description !== undefined) role.description = description;
    account.role = role;
    this.world.emit(account.id, WorldEventKind.roleCreated, { detail: { roleId: role.roleId, by } });
    return role;
  }

  /**
   * IAM's input constraints fail with the protocol's unmodeled `ValidationError` (400), as awsQuery
   * services send it for a constraint violation ("N validation error(s) detected"); none of the
   * three operations models InvalidInput for it, and UpdateRoleDescription models no InvalidInput.
   */
  private checkDescription(method: string, description: string | undefined): void {
    if (description === undefined) return;
    if (description.length > 1000 || !DESCRIPTION.test(description)) {
      const constraint =
        description.length > 1000
          ? 'Member must have length less than or equal to 1000'
          : `Member must satisfy regular expression pattern: ${DESCRIPTION.source}`;
      const message = `1 validation error detected: Value '${description}' at 'description' failed to satisfy constraint: ${constraint}`;
      throw serviceError('iam', method, 'ValidationError', message);
    }
  }

  private noSuchRole(operation: PortOperation): AwsError {
    return wireError(operation, 'NoSuchEntity', roleNotFoundMessage());
  }
}
