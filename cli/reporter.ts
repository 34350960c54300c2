/**
 * Words for outcomes: each environment's and the role's end, and exactly what blocks the role's
 * deletion, one line each. The timeline itself is `progressOutput.ts`.
 */
import type { AccountOutcome } from '../machines/account.types';
import type { EnvironmentOutcome } from '../machines/environment.types';
import type { ServiceLinkedRoleOutcome } from '../machines/serviceLinkedRole.types';
import type { Blocker } from '../machines/survey';

/** Formats a duration in ms as `HH:MM:SS`. */
export function clockTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

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
