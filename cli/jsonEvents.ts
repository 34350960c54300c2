/**
 * `--output json`: one JSON object per line on stdout. Every object carries `schema` (this
 * format's version; a field is never renamed or removed without raising it) and `type`. The key
 * sets below are fixed: a field without a value is `null`, never missing.
 */
import type { AccountOutcome } from '../machines/account.types';
import type { EnvironmentOutcome } from '../machines/environment.types';
import type { BlockerProgress, ProgressEvent, ProgressView } from '../machines/progress';
import { EXPECTED_PHASE_MS } from '../machines/progress';
import type { Blocker } from '../machines/survey';
import { describeEnvironment, describeRole } from './reporter';

/** The version of the line format. */
export const OUTPUT_SCHEMA = 'mwaa-lifecycle/v1';

/** Fields of every line: the format, the kind, when (ISO 8601 on the run's clock, virtual with `--simulate`) and how long into the run. */
export interface JsonBase {
  schema: typeof OUTPUT_SCHEMA;
  type: string;
  at: string;
  elapsedMs: number;
}

/** An unreadable region. */
export interface JsonRegionError {
  region: string;
  code: string;
  message: string;
}

/** An environment's status changed, or its operation ended (`result` set). */
export interface JsonEnvironmentEvent extends JsonBase {
  type: 'environment';
  region: string;
  name: string;
  operation: string;
  phase: string;
  status: string | null;
  result: string | null;
  detail: string | null;
}

/** What blocks the role changed (empty lists: nothing any more). */
export interface JsonBlockersEvent extends JsonBase {
  type: 'blockers';
  reason: string | null;
  blockers: Blocker[];
  unreadable: JsonRegionError[];
}

/** The role's machine moved on, or IAM's deletion task changed status. */
export interface JsonRoleEvent extends JsonBase {
  type: 'role';
  operation: string;
  state: string;
  taskStatus: string | null;
  result: string | null;
  detail: string | null;
}

/** The orchestrator entered a new stage (`ensuringRole`, `provisioning`, `roleGate.blocked`, ...). */
export interface JsonAccountEvent extends JsonBase {
  type: 'account';
  state: string;
}

/** An environment still being waited on. */
export interface JsonWaiting {
  region: string;
  name: string;
  operation: string;
  phase: string;
  status: string | null;
  elapsedMs: number;
  expectedMinMs: number;
  expectedMaxMs: number;
}

/** Sent at a steady interval while the run waits. */
export interface JsonHeartbeatEvent extends JsonBase {
  type: 'heartbeat';
  waiting: JsonWaiting[];
  /** The role gate's wait, when it is waiting. */
  role: { state: string; reason: string | null; blockers: number } | null;
}

/** How one environment ended. */
export interface JsonEnvironmentResult {
  region: string;
  name: string;
  operation: string;
  result: string;
  detail: string;
}

/** The last line of a run. */
export interface JsonResultEvent extends JsonBase {
  type: 'result';
  command: string;
  exitCode: number;
  /** The orchestrator's outcome (`roleDeleted`, `blocked`, ...; `ready` after apply). */
  result: string;
  environments: JsonEnvironmentResult[];
  role: { result: string; detail: string } | null;
  blockers: Blocker[];
  unreadable: JsonRegionError[];
  message: string | null;
}

/** Any line of the format. */
export type JsonEvent = JsonEnvironmentEvent | JsonBlockersEvent | JsonRoleEvent | JsonAccountEvent | JsonHeartbeatEvent | JsonResultEvent;

/** Stamps lines with the run's clock. */
export type Stamp = () => { schema: typeof OUTPUT_SCHEMA; at: string; elapsedMs: number };

/** A stamp for a run that started at `start` on `now`. */
export function stampFor(now: () => number, start = now()): Stamp {
  return () => ({ schema: OUTPUT_SCHEMA, at: new Date(now()).toISOString(), elapsedMs: now() - start });
}

const unreadable = (g: Pick<BlockerProgress, 'surveyErrors'>): JsonRegionError[] =>
  g.surveyErrors.map((p) => ({ region: p.region, code: p.error.code, message: p.error.message }));

/** The line for a progress event. */
export function progressJson(event: ProgressEvent, stamp: Stamp): JsonEvent {
  const base = stamp();
  switch (event.type) {
    case 'environment':
      return {
        ...base,
        type: 'environment',
        region: event.region,
        name: event.name,
        operation: event.operation,
        phase: event.phase,
        status: event.status,
        result: event.outcome?.result ?? null,
        detail: event.outcome ? describeEnvironment(event.outcome) : null,
      };
    case 'blockers':
      return { ...base, type: 'blockers', reason: event.waitReason, blockers: event.blockers, unreadable: unreadable(event) };
    case 'role':
      return { ...base, type: 'role', operation: event.operation, state: event.state, taskStatus: event.taskStatus, result: event.outcome?.result ?? null, detail: event.outcome ? describeRole(event.outcome) : null };
    case 'account':
      return { ...base, type: 'account', state: event.state };
  }
}

/** The heartbeat line for what is known now. */
export function heartbeatJson(view: ProgressView, now: number, stamp: Stamp): JsonHeartbeatEvent {
  const waiting = view.environments
    .filter((e) => e.outcome === null)
    .map((e) => ({ region: e.region, name: e.name, operation: e.operation, phase: e.phase, status: e.status, elapsedMs: now - e.since, expectedMinMs: EXPECTED_PHASE_MS[e.phase].minMs, expectedMaxMs: EXPECTED_PHASE_MS[e.phase].maxMs }));
  const gate = view.account?.startsWith('roleGate') ? { state: view.account, reason: view.gate.waitReason, blockers: view.gate.blockers.length } : null;
  return { ...stamp(), type: 'heartbeat', waiting, role: gate };
}

/** The result line of an orchestrator run: its outcome, or (`apply`) the environments it made ready. */
export function resultJson(args: { command: string; exitCode: number; outcome: AccountOutcome | null; ready?: Record<string, EnvironmentOutcome>; message?: string }, stamp: Stamp): JsonResultEvent {
  const envs = args.outcome && args.outcome.result !== 'invalidInput' ? args.outcome.environments : (args.ready ?? {});
  const outcome = args.outcome;
  return {
    ...stamp(),
    type: 'result',
    command: args.command,
    exitCode: args.exitCode,
    result: outcome ? outcome.result : args.ready ? 'ready' : 'interrupted',
    environments: Object.values(envs).map((e) => ({ region: e.region, name: e.name, operation: e.operation, result: e.result, detail: describeEnvironment(e) })),
    role: outcome && 'role' in outcome && outcome.role ? { result: outcome.role.result, detail: describeRole(outcome.role) } : null,
    blockers: outcome?.result === 'blocked' ? outcome.blockers : [],
    unreadable: outcome?.result === 'blocked' ? unreadable(outcome) : [],
    message: args.message ?? (outcome?.result === 'invalidInput' ? outcome.message : null),
  };
}
