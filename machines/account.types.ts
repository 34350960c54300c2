/**
 * Input, context and output of the account orchestrator; plain JSON throughout.
 */
import type { SerializedAwsError } from '../adapters/errors';
import type { EnvironmentSpec } from '../adapters/port';
import type { EnvironmentOutcome, EnvironmentTimeouts } from './environment.types';
import type { RoleOwnership, RoleTimeouts, ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';
import type { Blocker, KnownNetwork } from './survey';

/** One environment the orchestrator manages. */
export interface ManagedEnvironment {
  region: string;
  spec: EnvironmentSpec;
}

/** What the orchestrator starts with. */
export type AccountPlan = 'apply' | 'teardown' | 'deleteRole';

/** The account orchestrator's input. */
export interface AccountInput {
  /** Every MWAA region to watch for environments that use the role (not only the ones managed here). */
  regions: string[];
  /** The environments this orchestrator creates (apply) or deletes (teardown). */
  environments?: ManagedEnvironment[];
  /** `apply`: ensure the role, create the environments, then wait for TEARDOWN or DELETE_ROLE. `teardown`: delete the environments, then the role. `deleteRole`: only the role, once nothing uses it. */
  plan: AccountPlan;
  roleDescription?: string;
  /** Delete the role even if this product did not create it. Default false. */
  forceRoleDeletion?: boolean;
  /** Role ownership recorded by an earlier apply. */
  roleOwnership?: RoleOwnership | null;
  timeouts?: {
    environment?: Partial<EnvironmentTimeouts>;
    role?: Partial<RoleTimeouts>;
    /** How long to wait while something still uses the role before giving up. Default 6 h. */
    blockedMs?: number;
  };
}

/** Events the orchestrator accepts once applied, and the completion events of its environment children. */
export type AccountEvent =
  | { type: 'TEARDOWN' }
  | { type: 'DELETE_ROLE' }
  | { type: 'RECHECK' }
  | { type: `xstate.done.actor.${string}`; output: EnvironmentOutcome }
  | { type: `xstate.error.actor.${string}`; error: unknown };

/** The orchestrator's context. */
export interface AccountContext {
  regions: string[];
  environments: ManagedEnvironment[];
  plan: AccountPlan;
  roleDescription: string | null;
  forceRoleDeletion: boolean;
  ownership: RoleOwnership | null;
  environmentTimeouts: Partial<EnvironmentTimeouts>;
  roleTimeouts: Partial<RoleTimeouts>;
  blockedMs: number;
  inputProblem: string | null;
  role: ServiceLinkedRoleOutcome | null;
  /** Outcome per environment key (`region/name`), latest operation. */
  results: Record<string, EnvironmentOutcome>;
  /** Children still running, by actor id. */
  running: string[];
  blockers: Blocker[];
  knownNetworks: KnownNetwork[];
  now: number | null;
  blockedSince: number | null;
  attempt: number;
  surveyError: SerializedAwsError | null;
}

/** How the orchestrator ended. */
export type AccountOutcome =
  | { result: 'roleDeleted'; environments: Record<string, EnvironmentOutcome>; role: ServiceLinkedRoleOutcome | null }
  | { result: 'roleKept'; environments: Record<string, EnvironmentOutcome>; role: ServiceLinkedRoleOutcome | null }
  | { result: 'blocked'; environments: Record<string, EnvironmentOutcome>; blockers: Blocker[] }
  | { result: 'failed'; environments: Record<string, EnvironmentOutcome>; role: ServiceLinkedRoleOutcome | null; error: SerializedAwsError | null }
  | { result: 'invalidInput'; message: string };
