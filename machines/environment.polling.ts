/**
 * The polling loop every waiting state of the environment machine is made of: `polling` asks
 * GetEnvironment, `deciding` reads the answer with the operation's own decision table (written
 * beside each operation, so a chart shows only the edges that operation can take), `sleeping`
 * waits for the cadence policy's next poll, recomputed identically after a restore.
 */
import type { Verdict } from './environment.logic';
import { environmentSetup } from './environment.setup';
import { pollRequest } from './environment.steps';
import type { PollPhase } from './polling';

/** Asks GetEnvironment; the answer is classified for the current phase by `recordObservation`. */
export const pollingState = (id: string) =>
  environmentSetup.createStateConfig({
    invoke: {
      id,
      src: 'getEnvironment',
      input: ({ context }) => ({ region: context.region, name: context.name }),
      onDone: { target: 'deciding', actions: { type: 'recordObservation', params: ({ event }) => event.output } },
    },
  });

/** Sleeps until the cadence policy's next poll; `cadence` names another phase whose cadence fits better (the deadline stays the phase's). */
export const sleepingState = (id: string, cadence?: PollPhase) =>
  environmentSetup.createStateConfig({
    invoke: {
      id,
      src: 'waitForNextPoll',
      input: ({ context }) => (cadence === undefined ? pollRequest(context) : { ...pollRequest(context), phase: cadence }),
      onDone: { target: 'polling', actions: { type: 'recordWake', params: ({ event }) => event.output } },
    },
  });

/** A decision-table row: the observation's verdict leads to `target`. */
export const onVerdict = <T extends string>(verdict: Verdict, target: T) => ({ guard: { type: 'verdictIs' as const, params: { verdict } }, target });

/** The first row of every table: a failure that retrying cannot fix ends the run. */
export const FAILED_HARD = { guard: 'callFailedHard', target: '#environment.failed' } as const;
/** The last rows of every table: past the phase's deadline the wait ends; anything else (busy, a transient failure) means look again later. */
export const DEADLINE_OR_AGAIN = [
  { guard: 'deadlinePassed', target: '#environment.timedOut' },
  { target: 'sleeping', actions: 'planNextPoll' },
] as const;
