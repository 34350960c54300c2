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
}

/** Defaults for {@link RoleTimeouts}. */
export const DEFAULT_ROLE_TIMEOUTS: Readonly<RoleTimeouts> = {
  visibleMs: 5 * 60_000,
  deletionMs: 30 * 60_000,
};

/** The survey a deletion request rests on: nothing used the role when it began. */
export interface DeletionVerdict {
  /** When the clean survey began (ms epoch, on the machines' clock). */
  surveyedAt: number;
  /** The request is not sent if the survey is older than this at the moment of sending. Default 2 min. */
  maxAgeMs?: number;
}

/** The default of {@link DeletionVerdict.maxAgeMs}. */
export const DEFAULT_MAX_VERDICT_AGE_MS = 2 * 60_000;

/** The input of the `deleteRole` actor: the verdict whose age it checks at the moment of sending. */
export interface DeletionRequest {
  surveyedAt: number;
  maxVerdictAgeMs: number;
}

/** What the `deleteRole` actor did: sent the request (IAM's task id), or refused because the verdict was too old. */
export type DeletionAnswer =
  | { sent: true; deletionTaskId: string; verdictAgeMs: number }
  | { sent: false; verdictAgeMs: number };

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
      /**
       * The survey of every region that found nothing using the role. Required: IAM's own check
       * may not cover DELETING environments or MWAA's cleanup after them, so the request is sent
       * only on a fresh clean survey. The account machine supplies it.
       */
      verdict: DeletionVerdict;
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
  /** CreateServiceLinkedRole requests made (counted before each is sent, so a restore mid-request still counts it). */
  createRequests: number;
  verdict: DeletionRequest | null;
  /** Age of the verdict when the deletion request was sent, or found too old. */
  verdictAgeMs: number | null;
  /** The deletion request was not sent: its verdict was too old. */
  verdictStale: boolean;
  /** IAM forgot the task and still shows the role: how long to keep looking before calling it refused. */
  confirmUntil: number | null;
}

/** How a role machine ended. */
export type ServiceLinkedRoleOutcome =
  | { result: 'ensured'; ownership: RoleOwnership; arn: string; description: string | null; trustPolicyDrift: string[] }
  | { result: 'deleted'; deletionTaskId: string | null; verdictAgeMs: number | null }
  | { result: 'kept'; reason: string }
  | { result: 'blocked'; deletionTaskId: string; reason: string; blockers: RoleUsage[]; verdictAgeMs: number | null }
  /** The request was not sent: the survey it rested on was older than allowed when the request was due. */
  | { result: 'notSent'; reason: string; verdictAgeMs: number }
  | { result: 'failed'; error: SerializedAwsError }
  | { result: 'timedOut'; phase: ServiceLinkedRoleContext['phase'] }
  | { result: 'invalidInput'; message: string };
