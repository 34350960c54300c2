/**
 * The environment machine: creates, updates or deletes one MWAA environment through the ports,
 * waits through MWAA's statuses with explicit polling states, and ends in a final state whose
 * output says exactly what happened. Each operation is its own chart (`creating`, `pending`,
 * `updating`, `deleting`) that shows only the edges it can take. Waits are invoked actors with
 * absolute deadlines in context, so a snapshot restored at any state resumes, and every port call
 * it makes is safe to repeat (a restore re-runs the call that was in flight).
 */
import { creatingState, pendingState } from './environment.create';
import { deletingState } from './environment.delete';
import { initialEnvironmentContext } from './environment.context';
import { outcomeStates } from './environment.outcomes';
import { environmentSetup } from './environment.setup';
import type { EnvironmentOutcome } from './environment.types';
import { updatingState } from './environment.update';

export { environmentActors } from './environment.setup';

/** The environment lifecycle statechart (unbound: see `bindMachines`). */
export const environmentMachine = environmentSetup.createMachine({
  id: 'environment',
  context: ({ input }) => initialEnvironmentContext(input),
  initial: 'routing',
  // The run's outcome is the output of the final state it ended in.
  output: ({ event }) => event.output as EnvironmentOutcome,
  states: {
    routing: {
      always: [
        { guard: 'inputInvalid', target: 'invalidInput' },
        { guard: { type: 'operationIs', params: { operation: 'create' } }, target: 'creating' },
        { guard: { type: 'operationIs', params: { operation: 'update' } }, target: 'updating' },
        { target: 'deleting' },
      ],
    },
    creating: creatingState,
    pending: pendingState,
    updating: updatingState,
    deleting: deletingState,
    ...outcomeStates,
  },
});
