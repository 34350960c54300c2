/**
 * The service-linked role machine's context: built from its input after checking it (so a bad
 * description, operation, verdict or budget fails before any AWS call), and how answers and
 * downtime move its phase clock.
 */
import type { PollRequest } from './polling';
import { resumedTimes, type CallResult } from './results';
import { resolveTimeouts } from './timeouts';
import { roleInputSchema, schemaProblemOf } from './inputSchemas';
import {
  DEFAULT_MAX_VERDICT_AGE_MS,
  DEFAULT_ROLE_TIMEOUTS,
  type DeletionRequest,
  type RoleTimeouts,
  type ServiceLinkedRoleContext,
  type ServiceLinkedRoleInput,
} from './serviceLinkedRole.types';

type Ctx = ServiceLinkedRoleContext;

/** IAM's description character set: tab, line feed, carriage return, printable ASCII and Latin-1. */
function isIamDescriptionText(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const ok = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0xa1 && c <= 0xff);
    if (!ok) return false;
  }
  return true;
}

/** Why IAM would refuse `description` (at most 1000 characters of its set), or `null`. */
export function roleDescriptionProblem(description: unknown): string | null {
  if (typeof description !== 'string') return 'must be text';
  if (description.length > 1000 || !isIamDescriptionText(description)) return 'must be at most 1000 printable Latin-1 characters';
  return null;
}

/** The initial context for `input`, with `inputProblem` set when the input does not hold up. */
export function initialRoleContext(given: ServiceLinkedRoleInput): Ctx {
  // Untyped callers can pass anything: nothing here may throw past this point.
  const input: ServiceLinkedRoleInput =
    typeof given === 'object' && given !== null ? given : ({ operation: undefined } as unknown as ServiceLinkedRoleInput);
  let timeouts: RoleTimeouts = DEFAULT_ROLE_TIMEOUTS;
  let inputProblem: string | null = null;
  try {
    timeouts = resolveTimeouts(DEFAULT_ROLE_TIMEOUTS, input.timeouts);
  } catch (e) {
    inputProblem = (e as Error).message;
  }
  const rawDescription: unknown = input.operation === 'ensure' ? (input.description ?? null) : null;
  const description = typeof rawDescription === 'string' ? rawDescription : null;
  let verdict: DeletionRequest | null = null;
  if (input.operation === 'delete') {
    const given = (input as { verdict?: { surveyedAt?: unknown; maxAgeMs?: unknown } }).verdict;
    const maxAgeMs = given?.maxAgeMs ?? DEFAULT_MAX_VERDICT_AGE_MS;
    if (typeof given?.surveyedAt !== 'number' || !Number.isFinite(given.surveyedAt)) {
      inputProblem = 'delete needs verdict.surveyedAt, the time a survey of every region found nothing using the role: delete the role through the account machine, which surveys first';
    } else if (typeof maxAgeMs !== 'number' || !(maxAgeMs > 0) || !Number.isFinite(maxAgeMs)) {
      inputProblem = 'verdict.maxAgeMs must be a positive number of milliseconds';
    } else {
      verdict = { surveyedAt: given.surveyedAt, maxVerdictAgeMs: maxAgeMs };
    }
  } else if (input.operation !== 'ensure') {
    inputProblem = `operation must be "ensure" or "delete", got ${JSON.stringify((input as { operation?: unknown }).operation)}`;
  }
  // IAM's description limit and character set, checked here so a bad description fails before any call.
  const descriptionProblem = rawDescription === null ? null : roleDescriptionProblem(rawDescription);
  if (descriptionProblem !== null) inputProblem = `description ${descriptionProblem}`;
  // The schema's answer names the JSON path of the first wrong field; it wins over the checks above.
  inputProblem = schemaProblemOf(roleInputSchema, given) ?? inputProblem;
  return {
    operation: input.operation,
    description,
    force: input.operation === 'delete' && input.force === true,
    ownership: input.operation === 'delete' ? (input.ownership ?? null) : null,
    timeouts,
    inputProblem,
    phase: input.operation === 'ensure' ? 'roleVisible' : 'roleDeletion',
    now: null,
    phaseStartedAt: null,
    deadline: null,
    attempt: 0,
    nextPollAt: 0,
    role: null,
    absentSince: null,
    deletionTaskId: null,
    task: null,
    taskPurged: false,
    lastError: null,
    lastCallFailed: false,
    requestAttempts: 0,
    requestRetryUntil: null,
    createRequests: 0,
    verdict,
    verdictAgeMs: null,
    verdictStale: false,
    confirmUntil: null,
  };
}

/** The budget of the current phase, in ms. */
export const budget = (ctx: Ctx): number => (ctx.phase === 'roleVisible' ? ctx.timeouts.visibleMs : ctx.timeouts.deletionMs);

/** Moves every absolute deadline by the time the process was down before `startedAt`. */
export const resumed = (context: Ctx, startedAt: number): Partial<Ctx> =>
  resumedTimes(context, startedAt, ['deadline', 'phaseStartedAt', 'requestRetryUntil', 'confirmUntil']);

/** Updates the phase clock from an answer: the first answer of a phase starts its budget. */
export function observed<T>(context: Ctx, result: CallResult<T>): Partial<Ctx> {
  const moves = resumed(context, result.startedAt);
  const moved = { ...context, ...moves };
  const started = moved.phaseStartedAt ?? result.at;
  return {
    ...moves,
    now: result.at,
    phaseStartedAt: started,
    deadline: moved.deadline ?? started + budget(context),
    lastCallFailed: !result.ok,
    lastError: result.ok ? null : result.error,
  };
}


/** The input of a poll wait, enough to compute the same wake-up time again after a restore. */
export const pollRequest = (context: Ctx): PollRequest => ({
  phase: context.phase,
  attempt: context.attempt,
  phaseStartedAt: context.phaseStartedAt ?? context.now ?? 0,
  now: context.now ?? 0,
  key: `iam/AWSServiceRoleForAmazonMWAA/${context.phase}`,
  deadline: context.deadline,
});
