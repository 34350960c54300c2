/**
 * Building blocks of the environment machine: how an observation updates the phase clock, the
 * input of a poll wait, and output helpers.
 */
import type { PollRequest } from './polling';
import { resumedTimes, type CallResult } from './results';
import { phaseBudget } from './environment.context';
import type { EnvironmentContext, EnvironmentOutcome } from './environment.types';

type Ctx = EnvironmentContext;

/** The input of a poll wait: enough for the bound cadence policy to compute the same absolute wake-up time again after a restore. */
export function pollRequest(context: Ctx): PollRequest {
  return {
    phase: context.phase,
    attempt: context.attempt,
    phaseStartedAt: context.phaseStartedAt ?? context.now ?? 0,
    now: context.now ?? 0,
    key: `${context.region}/${context.name}/${context.phase}`,
    deadline: context.deadline,
    failed: context.lastCallFailed ? (context.lastError?.retryAfterMs === undefined ? {} : { retryAfterMs: context.lastError.retryAfterMs }) : null,
  };
}

/**
 * Moves every absolute time the machine waits for by the time the process was down before an
 * actor that began at `startedAt`, so a deadline that passed while nobody watched is judged on
 * fresh observations.
 */
export const resumed = (context: Ctx, startedAt: number): Partial<Ctx> =>
  resumedTimes(context, startedAt, ['deadline', 'phaseStartedAt', 'requestRetryUntil', 'confirmUntil', 'createAcceptedAt']);

/** Updates the phase clock from an answer: the first answer of a phase starts its budget. */
export const observe = <T>(context: Ctx, result: CallResult<T>): Partial<Ctx> => {
  const moved = resumed(context, result.startedAt);
  // The times as moved, read without copying the whole context.
  const phaseStartedAt = 'phaseStartedAt' in moved ? moved.phaseStartedAt : context.phaseStartedAt;
  const deadline = 'deadline' in moved ? moved.deadline : context.deadline;
  const started = phaseStartedAt ?? result.at;
  return {
    ...moved,
    now: result.at,
    phaseStartedAt: started,
    deadline: deadline ?? started + phaseBudget(context, context.phase),
    lastCallFailed: !result.ok,
    lastError: result.ok ? null : result.error,
  };
};

/** Starts `phase` at the latest known time. */
export const phaseStart = (context: Ctx, phase: Ctx['phase']): Partial<Ctx> => ({
  phase,
  phaseStartedAt: context.now,
  deadline: context.now === null ? null : context.now + phaseBudget(context, phase),
  attempt: 0,
});

/** The output of a failed run, from the last error seen. */
export const failedOutput = (context: Ctx): EnvironmentOutcome => ({
  region: context.region,
  name: context.name,
  operation: context.operation,
  result: 'failed',
  status: context.environment?.status ?? null,
  error: context.lastError ?? { code: 'Unexpected', message: 'failed without an error', retryable: false },
  ...(context.foreign ? { foreign: true } : {}),
});

/** The fields every outcome carries. */
export const base = (context: Ctx) => ({ region: context.region, name: context.name, operation: context.operation });

