/**
 * Input, context and output of the service-linked role machine; plain JSON throughout.
 */
import type { SerializedAwsError } from '../adapters/errors';
import type { DeletionTaskReport, RoleUsage, ServiceLinkedRole } from '../adapters/port';

/** Whether this product created the role or found it already there. */
export type RoleOwnership = 'created' | 'adopted';

/** Time budgets of the role machine, in ms. */
export interface RoleTimeouts {
  /** How long a just-created role may stay invisible to GetRole (IAM eventual consistency). Default 5 min. */
  visibleMs: number;
  /** How long a deletion task may run. Default 30 min. */
  deletionMs: number;
  /** How long to retry a request that fails transiently. Default 2 min. */
  requestRetryMs: number;
}

/** Defaults for {@link RoleTimeouts}. */
export const DEFAULT_ROLE_TIMEOUTS: Readonly<RoleTimeouts> = {
  visibleMs: 5 * 60_000,
  deletionMs: 30 * 60_000,
  requestRetryMs: 2 * 60_000,
};

/** What the role machine is asked to do. */
export type ServiceLinkedRoleInput =
  | {
      operation: 'ensure';
      /** Wanted description; an existing role's description is changed to it (the only editable field). */
      description?: string;
      timeouts?: Partial<RoleTimeouts>;
    }
  | {
      operation: 'delete';
      /** Who owns the role, as recorded by `ensure`. An adopted role is only deleted when `force` is set. */
      ownership?: RoleOwnership | null;
      force?: boolean;
      timeouts?: Partial<RoleTimeouts>;
    };

/** The role machine's context. */
export interface ServiceLinkedRoleContext {
  operation: ServiceLinkedRoleInput['operation'];
  description: string | null;
  force: boolean;
  ownership: RoleOwnership | null;
  timeouts: RoleTimeouts;
  inputProblem: string | null;
  phase: 'roleVisible' | 'roleDeletion';
  now: number | null;
  phaseStartedAt: number | null;
  deadline: number | null;
  attempt: number;
  nextPollAt: number;
  role: ServiceLinkedRole | null;
  /** When the role was last seen absent: a role created after that is ours. */
  absentSince: number | null;
  deletionTaskId: string | null;
  task: DeletionTaskReport | null;
  /** IAM no longer knows the task (purged after a fast deletion): confirm with GetRole. */
  taskPurged: boolean;
  lastError: SerializedAwsError | null;
  lastCallFailed: boolean;
  requestAttempts: number;
  requestRetryUntil: number | null;
}

/** How a role machine ended. */
export type ServiceLinkedRoleOutcome =
  | { result: 'ensured'; ownership: RoleOwnership; arn: string; description: string | null; trustPolicyDrift: string[] }
  | { result: 'deleted'; deletionTaskId: string | null }
  | { result: 'kept'; reason: string }
  | { result: 'blocked'; deletionTaskId: string; reason: string; blockers: RoleUsage[] }
  | { result: 'failed'; error: SerializedAwsError }
  | { result: 'timedOut'; phase: ServiceLinkedRoleContext['phase'] }
  | { result: 'invalidInput'; message: string };
