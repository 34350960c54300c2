/**
 * What the simulated world will do later, as plain data: each status step of an environment, the
 * removal of a DELETED one, MWAA's cleanup after it and the end of its lingering interfaces, and the
 * stages of a role deletion task. Kept as data rather than closures, a world's future can be saved
 * with it and carried on after a restore (see worldState.ts).
 */
import type { EnvironmentSpec, EnvironmentStatus } from '../port';
import type { JsonValue } from './types';

/** What one scheduled step of an environment's operation does when it comes. */
export type EnvironmentAction =
  /** MWAA builds the network part of a create (its endpoints and interfaces). */
  | { do: 'provision' }
  /** The create ends: AVAILABLE, CREATE_FAILED (`fails`), or PENDING for CUSTOMER endpoints not made yet. */
  | { do: 'finishCreate'; fails?: { errorCode: string; errorMessage: string } }
  /** A PENDING environment whose endpoints never came fails after the 72-hour timeout. */
  | { do: 'pendingTimeout' }
  /** The operation succeeds: AVAILABLE (a resumed create, the end of a maintenance). */
  | { do: 'succeed' }
  /** An intermediate status (CREATING_SNAPSHOT, UPDATING, ROLLING_BACK). */
  | { do: 'setStatus'; status: EnvironmentStatus }
  /** The operation ends failed, in `status`, with this LastUpdate.Error. */
  | { do: 'fail'; status: EnvironmentStatus; errorCode: string; errorMessage: string }
  /** A successful update ends: the environment takes `next`. */
  | { do: 'finishUpdate'; next: EnvironmentSpec }
  /** The delete ends: DELETED, briefly visible. */
  | { do: 'finishDelete' }
  /** A service maintenance begins (AVAILABLE → MAINTENANCE). */
  | { do: 'startMaintenance' };

/** Which environment incarnation a step belongs to. */
export interface EnvironmentRef {
  accountId: string;
  region: string;
  name: string;
  /** The incarnation: a re-created environment of the same name never takes an older one's steps. */
  instanceId: string;
}

/** One step the world takes at a virtual time. */
export type ScheduledStep =
  /** A step of the operation numbered `generation`; a later operation makes it do nothing. */
  | { kind: 'environment'; env: EnvironmentRef; generation: number; action: EnvironmentAction }
  /** A DELETED environment disappears from MWAA; its cleanup is scheduled. */
  | { kind: 'environmentGone'; env: EnvironmentRef }
  /** MWAA's cleanup of what it made for a deleted incarnation, through the service-linked role. */
  | { kind: 'cleanup'; env: EnvironmentRef }
  /** The end of the detached interfaces' linger after a cleanup. */
  | { kind: 'interfacesLinger'; env: EnvironmentRef; interfaceIds: string[]; detail: { [key: string]: JsonValue } }
  /** A role deletion task starts running. */
  | { kind: 'deletionTaskStart'; accountId: string; taskId: string }
  /** A role deletion task ends (SUCCEEDED, or FAILED while something uses the role). */
  | { kind: 'deletionTaskFinish'; accountId: string; taskId: string }
  /** IAM forgets a finished deletion task. */
  | { kind: 'deletionTaskPurge'; accountId: string; taskId: string };

/** A step waiting for its time, as a saved world holds it. */
export interface PendingStep {
  /** Its id in the world (what `cancel` takes). */
  id: number;
  /** Virtual ms epoch it is due at. */
  at: number;
  step: ScheduledStep;
}
