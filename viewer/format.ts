/**
 * The run log (`--inspect-log FILE`): JSON lines a recorded run is replayed from. The first line
 * is a header with the machines' definitions; every other line is one inspection event of one
 * actor, with the few facts of its context a person replaying the run looks at. Nothing secret is
 * ever written: Airflow configuration values read `***`.
 */
import type { MachineGraph } from '../diagram/model';

/** The `format` of a run log's header. */
export const RUN_LOG_FORMAT = 'mwaa-lifecycle-run';

/** The version of the run log format this code writes and reads. */
export const RUN_LOG_VERSION = 1;

/** The first line of a run log. */
export interface RunLogHeader {
  readonly type: 'header';
  readonly format: typeof RUN_LOG_FORMAT;
  readonly version: number;
  /** The definitions of the machines the run uses, by machine id, as `diagram/toJson` writes them. */
  readonly machines: Readonly<Record<string, MachineGraph>>;
  /** When the log was opened: on the run's clock (virtual on the simulator) and on the wall clock, ms epoch. */
  readonly at: number;
  readonly real: number;
}

/** Where one environment stands, as its machine knows it. */
export interface EnvironmentFacts {
  /** `region/name`. */
  readonly key: string;
  readonly operation: string;
  readonly phase: string;
  /** The status MWAA last reported, or null before the first answer and once the environment is gone. */
  readonly status: string | null;
  /** How the machine ended, once it has. */
  readonly result: string | null;
}

/** Where the service-linked role's machine stands. */
export interface RoleFacts {
  readonly operation: string;
  /** The status of IAM's deletion task, once one was requested. */
  readonly taskStatus: string | null;
  readonly result: string | null;
}

/** Something that keeps the role from being deleted. */
export interface BlockerFacts {
  readonly region: string;
  readonly kind: string;
  readonly id: string;
  readonly status: string;
}

/** What the orchestrator knows about what blocks the role. */
export interface AccountFacts {
  /** As its last survey found them. */
  readonly blockers: readonly BlockerFacts[];
  /** Regions that survey could not read. */
  readonly unreadable: readonly string[];
  /** Why the role's deletion waits, when it does. */
  readonly waitReason: string | null;
  readonly result: string | null;
}

/** The context facts an event carries, by the kind of machine that sent it. */
export type RunFacts = { readonly environment: EnvironmentFacts } | { readonly role: RoleFacts } | { readonly account: AccountFacts };

/** One inspection event of one actor. */
export interface RunLogEvent {
  /** XState's inspection event type: `@xstate.actor`, `@xstate.event`, `@xstate.snapshot`, ... */
  readonly type: string;
  /** The actor's session id, unique in the run. */
  readonly session: string;
  /** The session id of the actor that started it; null for a root. */
  readonly parent: string | null;
  /** The session id of the tree's root. */
  readonly root: string;
  /** The actor's id (`create:eu-west-1/analytics`, `ensureRole`, ...). */
  readonly actor: string;
  /** The logic it runs: a machine id (`environment`) or an invoked logic's name (`getEnvironment`). */
  readonly kind: string;
  /** The event received (or that produced the snapshot), or the action executed. */
  readonly event?: string;
  /** Snapshots of machines: the state value. */
  readonly value?: unknown;
  /** Snapshots: `active`, `done`, `error` or `stopped`. */
  readonly status?: string;
  /** Snapshots of the environment, role and account machines. */
  readonly context?: RunFacts;
  /** On the run's clock (virtual on the simulator) and on the wall clock, ms epoch. */
  readonly at: number;
  readonly real: number;
}

/** A whole run log, read back. */
export interface RunLog {
  readonly header: RunLogHeader;
  readonly events: readonly RunLogEvent[];
}
