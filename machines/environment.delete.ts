/**
 * Deleting an environment: wait until MWAA will take the request (not busy), ask for it, retry a
 * transient refusal, wait through DELETING until it is gone, then confirm that MWAA removed the
 * endpoints and network interfaces it made for it.
 */
import type { NetworkConfiguration } from '../adapters/port';
import { DEADLINE_OR_AGAIN, FAILED_HARD, onVerdict, pollingState, sleepingState } from './environment.polling';
import { environmentSetup } from './environment.setup';
import { pollRequest } from './environment.steps';

/** What an observation means while deleting, before and after the request alike. */
const DELETE_DECISIONS = [
  FAILED_HARD,
  onVerdict('gone', '#environment.deleting.confirmingCleanup'),
  // Deletable (idle or failed): ask. Right after our request MWAA may still show the old status; asking again is harmless.
  { ...onVerdict('readyToDelete', '#environment.deleting.requesting'), actions: 'requestDelete' as const },
  ...DEADLINE_OR_AGAIN,
] as const;

/** The `deleting` state. */
export const deletingState = environmentSetup.createStateConfig({
  initial: 'awaitingDeletable',
  states: {
    awaitingDeletable: {
      initial: 'polling',
      // Before the request the environment is busy with something else (an update, maintenance): wait as for idle, not as for a deletion.
      states: { polling: pollingState('pollDeletable'), deciding: { always: [...DELETE_DECISIONS] }, sleeping: sleepingState('sleepDeletable', 'awaitIdle') },
    },
    requesting: {
      invoke: {
        id: 'delete',
        src: 'deleteEnvironment',
        input: ({ context }) => ({ region: context.region, name: context.name }),
        onDone: { target: 'answered', actions: { type: 'recordRequest', params: ({ event }) => event.output } },
      },
    },
    answered: {
      always: [
        // Already gone (or DELETED): the delete is done; confirm the cleanup.
        { guard: { type: 'callFailedWith', params: { code: 'NotFound' } }, target: 'confirmingCleanup' },
        // Became busy between our look and our request: wait again.
        { guard: { type: 'callFailedWith', params: { code: 'Conflict' } }, target: 'awaitingDeletable' },
        { guard: 'requestRetryable', target: 'backingOff', actions: 'planRequestRetry' },
        FAILED_HARD,
        { guard: 'callFailed', target: '#environment.timedOut' },
        { target: 'inProgress' },
      ],
    },
    backingOff: {
      invoke: {
        id: 'deleteBackoff',
        src: 'waitUntil',
        input: ({ context }) => ({ until: context.nextPollAt }),
        onDone: { target: 'requesting', actions: { type: 'recordWake', params: ({ event }) => event.output } },
      },
    },
    // DELETING: wait until GetEnvironment no longer finds it (or shows DELETED).
    inProgress: {
      initial: 'polling',
      states: { polling: pollingState('pollDelete'), deciding: { always: [...DELETE_DECISIONS] }, sleeping: sleepingState('sleepDelete') },
    },
    confirmingCleanup: {
      entry: 'startCleanupPhase',
      initial: 'checkingNetwork',
      states: {
        checkingNetwork: { always: [{ guard: 'networkKnown', target: 'listing' }, { target: '#environment.deletedUnverified' }] },
        listing: {
          invoke: {
            id: 'findLeftovers',
            src: 'findLeftovers',
            input: ({ context }) => ({ region: context.region, network: context.network as NetworkConfiguration }),
            onDone: { target: 'deciding', actions: { type: 'recordLeftovers', params: ({ event }) => event.output } },
          },
        },
        deciding: {
          always: [
            FAILED_HARD,
            { guard: 'callFailed', target: 'notYetClean' },
            { guard: 'leftoversRemain', target: 'notYetClean' },
            { target: '#environment.deleted' },
          ],
        },
        notYetClean: {
          always: [
            { guard: 'leftoversRemain', target: 'lookAgainOrGiveUp' },
            { guard: 'deadlinePassed', target: '#environment.timedOut' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        lookAgainOrGiveUp: {
          always: [{ guard: 'deadlinePassed', target: '#environment.leftovers' }, { target: 'sleeping', actions: 'planNextPoll' }],
        },
        sleeping: {
          invoke: {
            id: 'sleepCleanup',
            src: 'waitForNextPoll',
            input: ({ context }) => pollRequest(context),
            onDone: { target: 'listing', actions: { type: 'recordWake', params: ({ event }) => event.output } },
          },
        },
      },
    },
  },
});
