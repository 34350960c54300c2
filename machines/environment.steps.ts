/**
 * Building blocks of the environment machine: how an observation updates the phase clock, the
 * polling loop's states, the one decision table every loop shares, and output helpers.
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
  const current = { ...context, ...moved };
  const started = current.phaseStartedAt ?? result.at;
  return {
    ...moved,
    now: result.at,
    phaseStartedAt: started,
    deadline: current.deadline ?? started + phaseBudget(context, context.phase),
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

/** Polls GetEnvironment; the answer is classified for the current phase by `recordObservation`. */
export const pollEnvironment = (id: string) =>
  ({
    invoke: {
      id,
      src: 'getEnvironment',
      input: ({ context }: { context: Ctx }) => ({ region: context.region, name: context.name }),
      onDone: { target: 'deciding', actions: 'recordObservation' },
    },
  }) as const;

/** Sleeps until the cadence policy's next poll; the wake-up time is recomputed identically after a restore. */
export const sleepUntilNextPoll = (id: string) =>
  ({
    invoke: {
      id,
      src: 'waitForNextPoll',
      input: ({ context }: { context: Ctx }) => pollRequest(context),
      onDone: { target: 'polling', actions: 'recordWake' },
    },
  }) as const;

/**
 * What every polling loop does with an observation. Verdicts are phase-specific (see `classify`),
 * so one table serves all phases: a verdict another phase cannot produce never matches. The
 * deadline is checked before any retry, so an outage longer than the budget ends the wait.
 */
export const DECIDE_AFTER_POLL = [
  { guard: 'callFailedHard', target: '#environment.failed' },
  { guard: { type: 'verdictIs', params: { verdict: 'available' } }, target: '#environment.available' },
  { guard: { type: 'verdictIs', params: { verdict: 'pending' } }, target: '#environment.pending' },
  { guard: { type: 'verdictIs', params: { verdict: 'createFailed' } }, target: '#environment.createFailed' },
  // Right after our create, MWAA may not show the environment yet: that is lag, not loss.
  { guard: 'notVisibleYet', target: 'sleeping', actions: 'planNextPoll' },
  { guard: { type: 'verdictIs', params: { verdict: 'missing' } }, target: '#environment.vanished' },
  { guard: { type: 'verdictIs', params: { verdict: 'readyToUpdate' } }, target: '#environment.requestingUpdate', actions: 'requestUpdate' },
  { guard: { type: 'verdictIs', params: { verdict: 'cannotUpdate' } }, target: '#environment.notUpdatable' },
  { guard: { type: 'verdictIs', params: { verdict: 'updated' } }, target: '#environment.updated' },
  { guard: { type: 'verdictIs', params: { verdict: 'rolledBack' } }, target: '#environment.rolledBack' },
  { guard: { type: 'verdictIs', params: { verdict: 'updateFailed' } }, target: '#environment.updateFailed' },
  { guard: { type: 'verdictIs', params: { verdict: 'gone' } }, target: '#environment.confirmingCleanup' },
  { guard: { type: 'verdictIs', params: { verdict: 'readyToDelete' } }, target: '#environment.requestingDelete', actions: 'requestDelete' },
  { guard: 'deadlinePassed', target: '#environment.timedOut' },
  // Anything else, a busy status or a transient failure included, means: look again later.
  { target: 'sleeping', actions: 'planNextPoll' },
] as const;

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

