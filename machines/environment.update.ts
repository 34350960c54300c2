/**
 * Updating an environment: wait until it is idle (AVAILABLE or UPDATE_FAILED), ask for the
 * update, retry a transient refusal, then wait through UPDATING until it is updated, rolled back
 * or left UNAVAILABLE.
 */
import type { EnvironmentUpdate } from '../adapters/port';
import { DEADLINE_OR_AGAIN, FAILED_HARD, onVerdict, pollingState, sleepingState } from './environment.polling';
import { environmentSetup } from './environment.setup';

/** The `updating` state. */
export const updatingState = environmentSetup.createStateConfig({
  initial: 'awaitingIdle',
  states: {
    awaitingIdle: {
      initial: 'polling',
      states: {
        polling: pollingState('pollIdle'),
        deciding: {
          always: [
            FAILED_HARD,
            { ...onVerdict('readyToUpdate', '#environment.updating.requesting'), actions: 'requestUpdate' },
            onVerdict('cannotUpdate', '#environment.notUpdatable'),
            onVerdict('missing', '#environment.vanished'),
            ...DEADLINE_OR_AGAIN,
          ],
        },
        sleeping: sleepingState('sleepIdle'),
      },
    },
    requesting: {
      invoke: {
        id: 'update',
        src: 'updateEnvironment',
        input: ({ context }) => ({ region: context.region, update: context.update as EnvironmentUpdate }),
        onDone: { target: 'answered', actions: { type: 'recordRequest', params: ({ event }) => event.output } },
      },
    },
    answered: {
      always: [
        // Busy again (maintenance, or our own update already running after a restore): wait it out.
        { guard: { type: 'callFailedWith', params: { code: 'Conflict' } }, target: 'inProgress', actions: 'startUpdatePhase' },
        { guard: 'requestRetryable', target: 'backingOff', actions: 'planRequestRetry' },
        FAILED_HARD,
        { guard: 'callFailed', target: '#environment.timedOut' },
        { target: 'inProgress', actions: 'startUpdatePhase' },
      ],
    },
    backingOff: {
      invoke: {
        id: 'updateBackoff',
        src: 'waitUntil',
        input: ({ context }) => ({ until: context.nextPollAt }),
        onDone: { target: 'requesting', actions: { type: 'recordWake', params: ({ event }) => event.output } },
      },
    },
    // UPDATING (and CREATING_SNAPSHOT, ROLLING_BACK): wait for the outcome.
    inProgress: {
      initial: 'polling',
      states: {
        polling: pollingState('pollUpdate'),
        deciding: {
          always: [
            FAILED_HARD,
            onVerdict('updated', '#environment.updated'),
            onVerdict('rolledBack', '#environment.rolledBack'),
            onVerdict('updateFailed', '#environment.updateFailed'),
            onVerdict('missing', '#environment.vanished'),
            ...DEADLINE_OR_AGAIN,
          ],
        },
        sleeping: sleepingState('sleepUpdate'),
      },
    },
  },
});
