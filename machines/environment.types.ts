/**
 * Input, context and output of the environment machine. Everything here is plain JSON, so a
 * persisted snapshot holds no client, credential or function.
 */
import type { SerializedAwsError } from '../adapters/errors';
import type {
  Environment,
  EnvironmentSpec,
  EnvironmentStatus,
  EnvironmentUpdate,
  LastUpdate,
  NetworkConfiguration,
} from '../adapters/port';
import type { EnvironmentPhase, Verdict } from './environment.logic';
import type { Leftover } from './results';

/** Time budgets of the environment machine, in ms. */
export interface EnvironmentTimeouts {
  /** Create until AVAILABLE. Default 120 min. */
  createMs: number;
  /** Time allowed in PENDING (customer-managed endpoints). Default 72 h, as MWAA itself. */
  pendingMs: number;
  /** Update, including the wait for a busy environment to become idle. Default 120 min. */
  updateMs: number;
  /** Delete until the environment is gone. Default 90 min. */
  deleteMs: number;
  /** After deletion, how long to wait for MWAA to remove its endpoints and interfaces. Default 30 min. */
  cleanupMs: number;
  /** How long to retry a create that MWAA refuses while IAM propagates a new execution role. Default 3 min. Other transient failures are retried for the rest of the phase's budget. */
  requestRetryMs: number;
  /** How long a just-created environment may stay invisible to GetEnvironment and ListEnvironments. Default 2 min. */
  visibilityMs: number;
}

/** Defaults for {@link EnvironmentTimeouts}. */
export const DEFAULT_ENVIRONMENT_TIMEOUTS: Readonly<EnvironmentTimeouts> = {
  createMs: 120 * 60_000,
  pendingMs: 72 * 3600_000,
  updateMs: 120 * 60_000,
  deleteMs: 90 * 60_000,
  cleanupMs: 30 * 60_000,
  requestRetryMs: 3 * 60_000,
  visibilityMs: 2 * 60_000,
};

/** What the create step found: the environment already there (looked up first), or the one it just asked for. */
export type CreateAnswer = { existing: Environment } | { created: { arn: string } };

/** Fields every environment input has. */
export interface CommonInput {
  region: string;
  timeouts?: Partial<EnvironmentTimeouts>;
}

/** What the environment machine is asked to do. */
export type EnvironmentInput =
  | (CommonInput & {
      operation: 'create';
      spec: EnvironmentSpec;
      /** End in `pending` instead of waiting in PENDING for customer-made endpoints. Default false. */
      returnWhenPending?: boolean;
      /**
       * When an environment of this name already exists with another spec, bring it to this spec
       * through UpdateEnvironment (ending `updated`) instead of failing as someone else's. Fields
       * AWS cannot change after creation (KMS key, endpoint management, subnets) still fail. Default false.
       */
      updateIfDifferent?: boolean;
    })
  | (CommonInput & { operation: 'update'; update: EnvironmentUpdate })
  | (CommonInput & {
      operation: 'delete';
      name: string;
      /** Where the environment lived; lets cleanup be verified even if it is already gone. */
      network?: NetworkConfiguration;
    });

/** Which request a backoff wait will retry. */
export type RequestKind = 'create' | 'update' | 'delete';

/** The environment machine's context. */
export interface EnvironmentContext {
  operation: EnvironmentInput['operation'];
  region: string;
  name: string;
  spec: EnvironmentSpec | null;
  update: EnvironmentUpdate | null;
  timeouts: EnvironmentTimeouts;
  returnWhenPending: boolean;
  /** Set when the input is invalid; no AWS call is made then. */
  inputProblem: string | null;
  phase: EnvironmentPhase | 'cleanup';
  /** Time of the latest answer from AWS (ms epoch), the machine's only notion of "now". */
  now: number | null;
  phaseStartedAt: number | null;
  /** Absolute end of the current phase's budget. */
  deadline: number | null;
  /** Polls made in this phase. */
  attempt: number;
  /** Absolute time the current sleep ends. */
  nextPollAt: number;
  environment: Environment | null;
  verdict: Verdict | null;
  lastError: SerializedAwsError | null;
  /** The last call failed (its error is in `lastError`). */
  lastCallFailed: boolean;
  arn: string | null;
  adopted: boolean;
  mismatches: string[];
  pendingRequest: RequestKind;
  requestAttempts: number;
  requestRetryUntil: number | null;
  network: NetworkConfiguration | null;
  leftovers: Leftover[];
  /** CreateEnvironment steps started (counted before each is sent, so a restore in the middle of one still counts it). */
  createRequests: number;
  /** How many times this machine was restored from a snapshot (set by `restoreSnapshot`); a request in flight then may have been sent twice. */
  restores: number;
  /** Why the last create was refused, kept while we look for an environment that request may have made after all. */
  createFailure: SerializedAwsError | null;
  /** When our create was accepted: until `visibilityMs` later, not finding the environment is lag, not loss. */
  createAcceptedAt: number | null;
  /** Until when not finding the environment after a refused create may still be lag. */
  confirmUntil: number | null;
  /** The environment exists with another spec: someone else's, never to be touched. */
  foreign: boolean;
  /** Bring an existing environment with another spec to this one through an update (create only). */
  updateIfDifferent: boolean;
}

/** Fields every environment outcome has. */
export interface CommonOutput {
  region: string;
  name: string;
  operation: EnvironmentInput['operation'];
}

/** How an environment machine ended. */
export type EnvironmentOutcome = CommonOutput &
  (
    | { result: 'available'; arn: string; adopted: boolean }
    | { result: 'pending'; arn: string }
    | { result: 'updated'; arn: string; changed?: string[] }
    | { result: 'rolledBack'; arn: string; status: EnvironmentStatus; lastUpdate: LastUpdate | null }
    | { result: 'deleted'; cleanupVerified: boolean }
    | { result: 'leftovers'; leftovers: Leftover[] }
    | { result: 'createFailed'; arn: string; error: { errorCode?: string; errorMessage?: string } }
    | { result: 'failed'; error: SerializedAwsError; status: EnvironmentStatus | null; foreign?: boolean }
    | { result: 'timedOut'; phase: EnvironmentContext['phase']; status: EnvironmentStatus | null }
    | { result: 'invalidInput'; message: string }
  );
