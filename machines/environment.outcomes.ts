/**
 * The environment machine's final states: each says in its output exactly how the run ended.
 */
import { AwsErrorCode } from '../adapters/errors';
import { environmentSetup } from './environment.setup';
import { base, failedOutput } from './environment.steps';

const final = environmentSetup.createStateConfig;

/** Every final state, by name. */
export const outcomeStates = {
  available: final({
    type: 'final',
    output: ({ context }) => ({ ...base(context), result: 'available' as const, arn: context.arn ?? '', adopted: context.adopted }),
  }),
  pendingReturned: final({ type: 'final', output: ({ context }) => ({ ...base(context), result: 'pending' as const, arn: context.arn ?? '' }) }),
  createFailed: final({
    type: 'final',
    output: ({ context }) => ({ ...base(context), result: 'createFailed' as const, arn: context.arn ?? '', error: context.environment?.lastUpdate?.error ?? {} }),
  }),
  updated: final({
    type: 'final',
    output: ({ context }) => ({
      ...base(context),
      result: 'updated' as const,
      arn: context.arn ?? '',
      // A create that converged an existing environment names the fields it changed.
      ...(context.operation === 'create' ? { changed: context.mismatches } : {}),
    }),
  }),
  rolledBack: final({
    type: 'final',
    output: ({ context }) => ({
      ...base(context),
      result: 'rolledBack' as const,
      arn: context.arn ?? '',
      status: context.environment?.status ?? 'UPDATE_FAILED',
      lastUpdate: context.environment?.lastUpdate ?? null,
    }),
  }),
  updateFailed: final({
    type: 'final',
    output: ({ context }) => ({
      ...failedOutput(context),
      error: { code: 'Unexpected' as const, message: `update left ${context.name} UNAVAILABLE`, retryable: false },
    }),
  }),
  notUpdatable: final({
    type: 'final',
    output: ({ context }) => ({
      ...failedOutput(context),
      error: { code: AwsErrorCode.Conflict, message: `environment ${context.name} is ${context.environment?.status ?? 'unknown'} and cannot be updated`, retryable: false },
    }),
  }),
  vanished: final({
    type: 'final',
    output: ({ context }) => ({
      ...failedOutput(context),
      error: {
        code: AwsErrorCode.NotFound,
        message: `environment ${context.name} disappeared while it was being ${context.operation === 'create' ? 'created' : 'updated'}`,
        retryable: false,
      },
    }),
  }),
  deleted: final({ type: 'final', output: ({ context }) => ({ ...base(context), result: 'deleted' as const, cleanupVerified: true }) }),
  deletedUnverified: final({ type: 'final', output: ({ context }) => ({ ...base(context), result: 'deleted' as const, cleanupVerified: false }) }),
  leftovers: final({ type: 'final', output: ({ context }) => ({ ...base(context), result: 'leftovers' as const, leftovers: context.leftovers }) }),
  timedOut: final({
    type: 'final',
    output: ({ context }) => ({ ...base(context), result: 'timedOut' as const, phase: context.phase, status: context.environment?.status ?? null }),
  }),
  failed: final({ type: 'final', output: ({ context }) => failedOutput(context) }),
  invalidInput: final({
    type: 'final',
    output: ({ context }) => ({ ...base(context), result: 'invalidInput' as const, message: context.inputProblem ?? 'invalid input' }),
  }),
};
