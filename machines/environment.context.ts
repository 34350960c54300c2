/**
 * Builds the environment machine's initial context from its input, validating the input first so
 * that a bad name, region or spec fails before any AWS call.
 */
import { partitionMismatch } from '../domain/partitions';
import { assertRegionName } from '../domain/regions';
import { environmentInputSchema, referencedArns, schemaProblemOf } from './inputSchemas';
import { resolveTimeouts } from './timeouts';
import { validateEnvironmentName, validateEnvironmentSpec, validateEnvironmentUpdate } from '../domain/validation';
import {
  DEFAULT_ENVIRONMENT_TIMEOUTS,
  type EnvironmentContext,
  type EnvironmentInput,
  type EnvironmentTimeouts,
} from './environment.types';

function problemOf(input: EnvironmentInput): string | null {
  const shape = schemaProblemOf(environmentInputSchema, input);
  if (shape !== null) return shape;
  assertRegionName(input.region);
  switch (input.operation) {
    case 'create':
      return validateEnvironmentSpec(input.spec) ?? partitionMismatch(input.region, referencedArns(input.spec));
    case 'update':
      return validateEnvironmentUpdate(input.update) ?? partitionMismatch(input.region, referencedArns(input.update));
    case 'delete':
      return validateEnvironmentName(input.name);
  }
}

function nameOf(input: EnvironmentInput): string {
  switch (input.operation) {
    case 'create':
      return input.spec.name;
    case 'update':
      return input.update.name;
    case 'delete':
      return input.name;
  }
}

/** The initial context for `input`. */
export function initialEnvironmentContext(given: EnvironmentInput): EnvironmentContext {
  // Untyped callers can pass anything: nothing here may throw past this point.
  const input: EnvironmentInput =
    typeof given === 'object' && given !== null ? given : ({ operation: undefined, region: '' } as unknown as EnvironmentInput);
  let timeouts: EnvironmentTimeouts = DEFAULT_ENVIRONMENT_TIMEOUTS;
  let inputProblem: string | null;
  let name = '';
  try {
    timeouts = resolveTimeouts(DEFAULT_ENVIRONMENT_TIMEOUTS, input.timeouts);
    inputProblem = problemOf(input);
    name = nameOf(input);
  } catch (e) {
    inputProblem = (e as Error).message;
  }
  const valid = inputProblem === null;
  const context: EnvironmentContext = {
    operation: input.operation,
    region: typeof input.region === 'string' ? input.region : '',
    name: typeof name === 'string' ? name : '',
    spec: valid && input.operation === 'create' ? input.spec : null,
    update: valid && input.operation === 'update' ? input.update : null,
    timeouts,
    returnWhenPending: input.operation === 'create' && input.returnWhenPending === true,
    updateIfDifferent: input.operation === 'create' && input.updateIfDifferent === true,
    inputProblem,
    phase: input.operation === 'create' ? 'create' : input.operation === 'update' ? 'awaitIdle' : 'delete',
    now: null,
    phaseStartedAt: null,
    deadline: null,
    attempt: 0,
    nextPollAt: 0,
    environment: null,
    verdict: null,
    lastError: null,
    lastCallFailed: false,
    arn: null,
    adopted: false,
    mismatches: [],
    pendingRequest: input.operation,
    requestAttempts: 0,
    requestRetryUntil: null,
    network: !valid
      ? null
      : input.operation === 'create'
        ? input.spec.networkConfiguration
        : input.operation === 'delete'
          ? (input.network ?? null)
          : null,
    leftovers: [],
    createRequests: 0,
    restores: 0,
    createFailure: null,
    createAcceptedAt: null,
    confirmUntil: null,
    foreign: false,
  };
  // A spread copy, not the literal itself: V8 gives a spread copy's shape general field types, so
  // the copies XState's assign actions make of it (Object.assign into `{}`) keep that fast shape.
  // Copies of the literal turn into dictionaries at this many members: larger, slower to read and
  // to copy again, at every assign of every step.
  return { ...context };
}

/** The budget of a phase, in ms. */
export function phaseBudget(ctx: EnvironmentContext, phase: EnvironmentContext['phase']): number {
  switch (phase) {
    case 'create':
      return ctx.timeouts.createMs;
    case 'pending':
      return ctx.timeouts.pendingMs;
    case 'awaitIdle':
    case 'update':
      return ctx.timeouts.updateMs;
    case 'delete':
      return ctx.timeouts.deleteMs;
    case 'cleanup':
      return ctx.timeouts.cleanupMs;
  }
}
