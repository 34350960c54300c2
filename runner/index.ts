/**
 * The runner: lifecycles on PostgreSQL or embedded PGlite, worked by pg-boss jobs from any number
 * of processes, each step saved with the next job in one transaction.
 */
export { LifecycleRunner, type RunnerOptions, type Submitted } from './runner';
export { openPostgres, openPglite, type RunnerDatabase, type Sql } from './database';
export { ConfigurationValuesRefusedError, refuseConfigurationValues } from './configurationValues';
export { lifecyclesOfPlan, accountOfPlan, PlanIntent, type PlanSubmission, type RunnerPlan } from './plan';
export { LifecycleKind, keyOf, keyText, lifecycleId, type LifecycleKey, type LifecycleRequest } from './lifecycles';
export { LifecyclePhase, StaleVersionError, type HistoryRow, type LifecycleRow } from './store';
export { ClaimLostError, type StepEvent } from './worker';
export { DEFAULT_TUNING, STEP_QUEUE, type RunnerTuning } from './tuning';
export { servedClock, type ServedClock } from './servedClock';
export { RUNNER_SCHEMA } from './schema';
export type { LifecycleSummary } from './summary';
