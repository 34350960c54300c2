/**
 * Turns the machines' inspection events into a readable timeline: what the orchestrator is doing,
 * each environment's status as MWAA reports it, and exactly what blocks the role's deletion.
 */
import type { InspectionEvent } from 'xstate';
import type { Clock } from '../adapters/clock';
import type { AccountOutcome } from '../machines/account.types';
import type { EnvironmentContext, EnvironmentOutcome } from '../machines/environment.types';
import type { ServiceLinkedRoleOutcome } from '../machines/serviceLinkedRole.types';
import type { Blocker } from '../machines/survey';

/** Formats a duration in ms as `HH:MM:SS`. */
export function clockTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

const stateName = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value !== null && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${stateName(v)}`).join(',')
      : '';

/** One line per blocker, e.g. `ap-southeast-2 environment legacy (AVAILABLE)`. */
export function describeBlockers(blockers: readonly Blocker[]): string[] {
  return blockers.map((b) => `${b.region} ${b.kind} ${b.id} (${b.status})`);
}

/** A one-line summary of an environment outcome. */
export function describeEnvironment(outcome: EnvironmentOutcome): string {
  switch (outcome.result) {
    case 'createFailed':
      return `CREATE_FAILED ${outcome.error.errorCode ?? ''}: ${outcome.error.errorMessage ?? ''}`.trim();
    case 'failed':
      return `failed (${outcome.error.code}): ${outcome.error.message}`;
    case 'timedOut':
      return `timed out in ${outcome.phase} (last status ${outcome.status ?? 'unknown'})`;
    case 'leftovers':
      return `deleted, but left behind: ${outcome.leftovers.map((l) => `${l.kind} ${l.id}`).join(', ')}`;
    case 'deleted':
      return outcome.cleanupVerified ? 'deleted, endpoints and interfaces gone' : 'deleted';
    case 'available':
      return outcome.adopted ? 'AVAILABLE (adopted)' : 'AVAILABLE';
    case 'rolledBack':
      return `rolled back (${outcome.status})`;
    case 'invalidInput':
      return `invalid: ${outcome.message}`;
    default:
      return outcome.result;
  }
}

/** A one-line summary of a role outcome. */
export function describeRole(outcome: ServiceLinkedRoleOutcome): string {
  switch (outcome.result) {
    case 'ensured':
      return `ensured (${outcome.ownership})${outcome.trustPolicyDrift.length ? `; trust policy drift: ${outcome.trustPolicyDrift.join('; ')}` : ''}`;
    case 'blocked':
      return `deletion refused by IAM: ${outcome.reason}`;
    case 'failed':
      return `failed (${outcome.error.code}): ${outcome.error.message}`;
    case 'kept':
      return `kept: ${outcome.reason}`;
    default:
      return outcome.result;
  }
}

/** The lines that summarise an account outcome. */
export function describeAccount(outcome: AccountOutcome): string[] {
  if (outcome.result === 'invalidInput') return [`invalid input: ${outcome.message}`];
  const lines = [`result: ${outcome.result}`];
  for (const [key, env] of Object.entries(outcome.environments)) lines.push(`  ${key}: ${describeEnvironment(env)}`);
  if (outcome.result === 'blocked') {
    lines.push(...describeBlockers(outcome.blockers).map((b) => `  blocked by ${b}`));
    lines.push(...outcome.surveyErrors.map((e) => `  could not read ${e.region}: ${e.error.code}: ${e.error.message}`));
  }
  else if (outcome.role) lines.push(`  role: ${describeRole(outcome.role)}`);
  if (outcome.result === 'failed' && outcome.error) lines.push(`  error (${outcome.error.code}): ${outcome.error.message}`);
  return lines;
}

/** An inspection hook that writes a timeline through `write`. */
export function timelineReporter(clock: Clock, write: (line: string) => void): (event: InspectionEvent) => void {
  const start = clock.now();
  const last = new Map<string, string>();
  const say = (line: string): void => write(`[${clockTime(clock.now() - start)}] ${line}`);
  const changed = (key: string, value: string): boolean => {
    if (last.get(key) === value) return false;
    last.set(key, value);
    return true;
  };
  return (event) => {
    if (event.type !== '@xstate.snapshot') return;
    const id = (event.actorRef as { id?: string }).id ?? '';
    const snapshot = event.snapshot as { value?: unknown; status?: string; context?: unknown; output?: unknown };
    if (event.actorRef.sessionId === event.rootId) {
      const ctx = snapshot.context as { blockers?: Blocker[] } | undefined;
      const state = stateName(snapshot.value);
      // The blocked/surveying round trips are not news; new blockers are printed below.
      const routineRecheck = state === 'roleGate.surveying' && last.get('account') === 'roleGate.blocked';
      const previous = last.get('account');
      if (changed('account', state) && !routineRecheck && !(state === 'roleGate.blocked' && previous === 'roleGate.surveying' && last.has('blockers'))) {
        say(`account: ${state}`);
      }
      if (state === 'roleGate.blocked' && ctx?.blockers && changed('blockers', JSON.stringify(ctx.blockers))) {
        for (const line of describeBlockers(ctx.blockers)) say(`  blocked by ${line}`);
      }
      return;
    }
    if (id.startsWith('create:') || id.startsWith('delete:')) {
      const key = id.slice(id.indexOf(':') + 1);
      const ctx = snapshot.context as EnvironmentContext | undefined;
      const status = ctx?.environment?.status;
      if (status && snapshot.status === 'active' && changed(`status:${id}`, status)) say(`${key}: ${status}`);
      if (snapshot.status === 'done' && changed(`done:${id}`, 'done')) say(`${key}: ${describeEnvironment(snapshot.output as EnvironmentOutcome)}`);
      return;
    }
    if (id === 'ensureRole' || id === 'deleteRole') {
      const state = stateName(snapshot.value).split('.')[0] ?? '';
      if (snapshot.status === 'active' && changed(`role:${id}`, state)) say(`role: ${state}`);
      if (snapshot.status === 'done' && changed(`done:${id}`, 'done')) say(`role: ${describeRole(snapshot.output as ServiceLinkedRoleOutcome)}`);
    }
  };
}
