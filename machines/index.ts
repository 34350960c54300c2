/**
 * The statecharts and everything needed to embed them.
 */
export { environmentMachine, environmentActors } from './environment.machine';
export { serviceLinkedRoleMachine, serviceLinkedRoleActors } from './serviceLinkedRole.machine';
export { accountMachine, accountActors, environmentKey, refusalBackoffMs } from './account.machine';
export { bindMachines, DEFAULT_REQUEST_TIMEOUT_MS, type BindOptions, type BoundMachines } from './wiring';
export { runMachine, startMachine, restoreSnapshot, RunAbortedError, SNAPSHOT_SCHEMA_VERSION, type RunOptions, type RunningMachine } from './run';
export * from './polling';
export { SecretVault, MissingSecretError, SECRET_HANDLE, sealInput } from './secrets';
export { classify, specMismatches, BUSY_STATUSES, type Verdict, type EnvironmentPhase } from './environment.logic';
export { surveyAccount, findLeftovers, type Blocker, type KnownNetwork, type RegionProblem, type SkippedRegion, type SurveyInput, type SurveyResult } from './survey';
export type * from './environment.types';
export { DEFAULT_ENVIRONMENT_TIMEOUTS } from './environment.types';
export type * from './serviceLinkedRole.types';
export { DEFAULT_ROLE_TIMEOUTS, DEFAULT_MAX_VERDICT_AGE_MS } from './serviceLinkedRole.types';
export type * from './account.types';
export type * from './results';
export * from './progress';
export * from './learnedDurations';
export { observeProgress, waitForEnvironment, waitForRoleDeletion, WaitError, type WaitOptions } from './waiters';
export {
  accountInputSchema,
  environmentInputSchema,
  environmentSpecSchema,
  environmentUpdateSchema,
  inputJsonSchemas,
  roleInputSchema,
  schemaProblemOf,
} from './inputSchemas';
