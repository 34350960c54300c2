/**
 * Input, context and output of the account orchestrator; plain JSON throughout.
 */
import type { DoneActorEvent, ErrorActorEvent } from 'xstate';
import type { SerializedAwsError } from '../adapters/errors';
import type { EnvironmentSpec } from '../adapters/port';
import type { EnvironmentOutcome, EnvironmentTimeouts } from './environment.types';
import type { RoleOwnership, RoleTimeouts, ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';
import type { Blocker, KnownNetwork, RegionProblem, SkippedRegion } from './survey';

/** One environment the orchestrator manages. */
export interface ManagedEnvironment {
  region: string;
  spec: EnvironmentSpec;
}

/** What the orchestrator starts with. */
export type AccountPlan = 'apply' | 'teardown' | 'deleteRole';

/** The account orchestrator's input. */
export interface AccountInput {
  /** Regions to watch for environments that use the role, whatever the account's region list says (at least those of `environments`). */
  regions: string[];
  /**
   * Also watch every region the account has enabled where MWAA answers (EC2's region list, asked
   * at every survey), so an environment in a region nobody listed still blocks the role. Default
   * true; turning it off makes `regions` the whole watch list.
   */
  discoverRegions?: boolean;
  /** The environments this orchestrator creates (apply) or deletes (teardown). */
  environments?: ManagedEnvironment[];
  /** `apply`: ensure the role, create the environments, then wait for TEARDOWN or DELETE_ROLE. `teardown`: delete the environments, then the role. `deleteRole`: only the role, once nothing uses it. */
  plan: AccountPlan;
  roleDescription?: string;
  /** Delete the role even if this product did not create it. Default false. */
  forceRoleDeletion?: boolean;
  /** Role ownership recorded by an earlier apply. */
  roleOwnership?: RoleOwnership | null;
  /**
   * `apply`: an environment of the plan that already exists with another spec is brought to the
   * plan's spec through UpdateEnvironment (its outcome is `updated`, with the fields it changed),
   * instead of being left alone as someone else's. Default false.
   */
  updateExisting?: boolean;
  timeouts?: {
    environment?: Partial<EnvironmentTimeouts>;
    role?: Partial<RoleTimeouts>;
    /** How long to wait while something still uses the role before giving up. Default 6 h; `Infinity` waits for ever. */
    blockedMs?: number;
    /**
     * How long every watched region must have been surveyed, without a gap, before the role's
     * deletion is requested. It covers MWAA resources the surveys never saw (an environment whose
     * deletion began before the first survey, or that ListEnvironments no longer shows while it
     * is DELETING): their cleanup must end within this time. Default 45 min.
     */
    settleMs?: number;
    /** A deletion request is sent only if the clean survey it rests on began at most this long before. Default 2 min. */
    verdictMaxAgeMs?: number;
  };
}

/**
 * Events the orchestrator accepts once applied, and, in XState's own types, what its spawned
 * environment children send when they end (each names its child in `actorId`).
 */
export type AccountEvent = { type: 'TEARDOWN' } | { type: 'DELETE_ROLE' } | { type: 'RECHECK' } | DoneActorEvent<EnvironmentOutcome> | ErrorActorEvent;

/** Why the role gate is waiting instead of requesting the deletion. */
export type GateWait = 'inUse' | 'unreadable' | 'settling' | 'refused' | 'staleVerdict' | 'requestFailed';

/** The orchestrator's context. */
export interface AccountContext {
  /** The watch list: the input's regions plus every region IAM named as still using the role. */
  regions: string[];
  discoverRegions: boolean;
  environments: ManagedEnvironment[];
  plan: AccountPlan;
  roleDescription: string | null;
  forceRoleDeletion: boolean;
  /** See {@link AccountInput.updateExisting}. */
  updateExisting: boolean;
  ownership: RoleOwnership | null;
  environmentTimeouts: Partial<EnvironmentTimeouts>;
  roleTimeouts: Partial<RoleTimeouts>;
  /** `null`: wait for ever. */
  blockedMs: number | null;
  settleMs: number;
  verdictMaxAgeMs: number;
  inputProblem: string | null;
  role: ServiceLinkedRoleOutcome | null;
  /** Outcome per environment key (`region/name`), latest operation. */
  results: Record<string, EnvironmentOutcome>;
  /** Children still running, by actor id. */
  running: string[];
  blockers: Blocker[];
  knownNetworks: KnownNetwork[];
  now: number | null;
  /** When the gate first had to wait; IAM refusals and clean surveys do not reset it. */
  blockedSince: number | null;
  attempt: number;
  surveyError: SerializedAwsError | null;
  /** Regions the last survey could not read, with their errors. */
  surveyErrors: RegionProblem[];
  /** Regions the last survey skipped, and why. */
  skippedRegions: SkippedRegion[];
  /** When the last survey began. */
  surveyedAt: number | null;
  /** Since when each region has been read with no more than 10 minutes between two reads of it. */
  watchSince: Record<string, number>;
  /** When the last survey that read each watched region completely began. */
  readAt: Record<string, number>;
  /** Deletion requests sent by this gate, and how many IAM refused. */
  deletionRequests: number;
  refusals: number;
  /** When IAM last refused; the next request waits an exponential backoff from then. */
  refusedAt: number | null;
  waitReason: GateWait | null;
  /** Age of the verdict when the last deletion request went out. */
  verdictAgeMs: number | null;
}

/** How the orchestrator ended. */
export type AccountOutcome =
  | {
      result: 'roleDeleted';
      environments: Record<string, EnvironmentOutcome>;
      role: ServiceLinkedRoleOutcome | null;
      /** Age of the clean survey when the deletion request went out, ms. */
      verdictAgeMs: number | null;
      deletionRequests: number;
    }
  | { result: 'roleKept'; environments: Record<string, EnvironmentOutcome>; role: ServiceLinkedRoleOutcome | null }
  | {
      result: 'blocked';
      environments: Record<string, EnvironmentOutcome>;
      blockers: Blocker[];
      /** Regions the last survey could not read, with their errors. */
      surveyErrors: RegionProblem[];
      /** Why the gate was still waiting. */
      reason: GateWait | null;
      deletionRequests: number;
    }
  | { result: 'failed'; environments: Record<string, EnvironmentOutcome>; role: ServiceLinkedRoleOutcome | null; error: SerializedAwsError | null }
  | { result: 'invalidInput'; message: string };
