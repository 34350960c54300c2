/**
 * Creating an environment: look it up or ask for it (`requesting`), read the answer, retry a
 * transient refusal, confirm a refusal that may hide an environment we already made, then wait
 * through CREATING until AVAILABLE, PENDING or CREATE_FAILED. `pending` waits for customer-made
 * endpoints (or returns at once when asked to).
 */
import type { EnvironmentSpec } from '../adapters/port';
import { DEADLINE_OR_AGAIN, FAILED_HARD, onVerdict, pollingState, sleepingState } from './environment.polling';
import { environmentSetup } from './environment.setup';
import { pollRequest } from './environment.steps';

/** The `creating` state: request, confirm, then wait for the outcome. */
export const creatingState = environmentSetup.createStateConfig({
  initial: 'requesting',
  states: {
    requesting: {
      // Counted before the step runs, so a restore while it is in flight still knows a create may have been sent.
      entry: 'countCreateRequest',
      invoke: {
        id: 'create',
        src: 'lookUpOrCreateEnvironment',
        input: ({ context }) => ({ region: context.region, spec: context.spec as EnvironmentSpec }),
        onDone: {
          target: 'answered',
          actions: [
            { type: 'recordRequest', params: ({ event }) => event.output },
            { type: 'recordCreateAnswer', params: ({ event }) => event.output },
          ],
        },
      },
    },
    answered: {
      always: [
        { guard: 'callFailed', target: 'refused' },
        { guard: 'environmentAbsent', target: 'inProgress', actions: 'startCreatePhase' },
        // The lookup found it: ours from an earlier request, or someone's with the same spec (adopted).
        { guard: 'existingMatchesSpec', target: 'inProgress', actions: ['markAdoptedIfFirst', 'startCreatePhase'] },
        // It exists with another spec: converge it when asked to, else it is someone else's.
        { guard: 'mayUpdateExisting', target: '#environment.updating', actions: 'planUpdateOfExisting' },
        { target: '#environment.failed', actions: 'reportSpecConflict' },
      ],
    },
    refused: {
      always: [
        { guard: 'requestRetryable', target: 'backingOff', actions: 'planRequestRetry' },
        { guard: 'createMayExist', target: 'confirming', actions: 'startConfirmingCreate' },
        { guard: 'callFailedHard', target: '#environment.failed' },
        // Transient failures that outlasted the create budget.
        { target: '#environment.timedOut' },
      ],
    },
    backingOff: {
      invoke: {
        id: 'createBackoff',
        src: 'waitUntil',
        input: ({ context }) => ({ until: context.nextPollAt }),
        onDone: { target: 'requesting', actions: { type: 'recordWake', params: ({ event }) => event.output } },
      },
    },
    // MWAA refused the create, but the environment may exist and not show yet: look, with backoff,
    // for as long as a new environment may stay invisible; then report AWS's refusal.
    confirming: {
      initial: 'sleeping',
      states: {
        polling: {
          invoke: {
            id: 'confirmCreate',
            src: 'getEnvironment',
            input: ({ context }) => ({ region: context.region, name: context.name }),
            onDone: { target: 'deciding', actions: { type: 'recordLookup', params: ({ event }) => event.output } },
          },
        },
        deciding: {
          always: [
            FAILED_HARD,
            { guard: 'callFailed', target: 'notFoundYet' },
            { guard: 'environmentAbsent', target: 'notFoundYet' },
            { guard: 'existingMatchesSpec', target: '#environment.creating.inProgress', actions: 'startCreatePhase' },
            { guard: 'mayUpdateExisting', target: '#environment.updating', actions: 'planUpdateOfExisting' },
            { target: '#environment.failed', actions: 'reportSpecConflict' },
          ],
        },
        notFoundYet: {
          always: [
            { guard: 'confirmExpired', target: '#environment.failed', actions: 'restoreCreateFailure' },
            { target: 'sleeping', actions: 'planNextPoll' },
          ],
        },
        sleeping: {
          invoke: {
            id: 'sleepConfirmCreate',
            src: 'waitForNextPoll',
            input: ({ context }) => ({ ...pollRequest(context), phase: 'createVisible' as const, deadline: context.confirmUntil }),
            onDone: { target: 'polling', actions: { type: 'recordWake', params: ({ event }) => event.output } },
          },
        },
      },
    },
    // CREATING: wait for AVAILABLE, PENDING or CREATE_FAILED.
    inProgress: {
      initial: 'polling',
      states: {
        polling: pollingState('pollCreate'),
        deciding: {
          always: [
            FAILED_HARD,
            onVerdict('available', '#environment.available'),
            onVerdict('pending', '#environment.pending'),
            onVerdict('createFailed', '#environment.createFailed'),
            // Right after our create, MWAA may not show the environment yet: that is lag, not loss.
            { guard: 'notVisibleYet', target: 'sleeping', actions: 'planNextPoll' },
            onVerdict('missing', '#environment.vanished'),
            ...DEADLINE_OR_AGAIN,
          ],
        },
        sleeping: sleepingState('sleepCreate'),
      },
    },
  },
});

/** The `pending` state: PENDING until the customer's endpoints exist, then AVAILABLE or CREATE_FAILED. */
export const pendingState = environmentSetup.createStateConfig({
  always: { guard: 'returnWhenPending', target: '#environment.pendingReturned' },
  entry: 'startPendingPhase',
  initial: 'sleeping',
  states: {
    polling: pollingState('pollPending'),
    deciding: {
      always: [
        FAILED_HARD,
        onVerdict('available', '#environment.available'),
        onVerdict('createFailed', '#environment.createFailed'),
        onVerdict('missing', '#environment.vanished'),
        ...DEADLINE_OR_AGAIN,
      ],
    },
    sleeping: { entry: 'planNextPoll', ...sleepingState('sleepPending') },
  },
});
