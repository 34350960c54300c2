/**
 * The simulated AWS: an in-memory MWAA + IAM + EC2 on virtual time that serves the ports of
 * `adapters/port.ts`. Importing it never loads the AWS SDK.
 */
export { SimulatedAws, createSimulatedAws } from './simulatedAws';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_TIMINGS,
  MAINTENANCE_SOURCE,
  WorldEventKind,
  type CallRecord,
  type DurationRange,
  type EnvironmentPlan,
  type FaultRule,
  type JsonValue,
  type ExistingResources,
  type LongTailOptions,
  type MaintenanceOptions,
  PORT_OPERATIONS,
  type PortOperation,
  type ScriptedFailure,
  type SimulatedInventory,
  type SimulatorOptions,
  type SimulatorTimings,
  type WorldEvent,
} from './types';
export type { CustomerEndpointInput, CustomerInterfaceInput } from './ec2';
export { DEFAULT_LOG_LIMIT } from './boundedLog';
export type { LogCounts } from './world';
export type { ProtectedRoleAction, RoleUpdate } from './iam';
export { serviceLinkedRoleArn } from './iam';
export { INCORRECT_CONFIGURATION_FAILURE } from './lifecycle';
export { DEFAULT_CREATE_TAIL, DEFAULT_MAINTENANCE_DURATION } from './maintenance';
export type { WireError } from './faults';
export type { RateLimit, RateLimits } from './rateLimits';
export {
  COMMERCIAL_REGIONS,
  ListedEnvironments,
  MWAA_ENDPOINT_REGIONS,
  OPT_IN_REGIONS,
  REALISTIC_UNCERTAINTY,
  RoleInUseCheck,
  UNCERTAINTY_VARIANTS,
  WORST_UNCERTAINTY,
  resolveUncertainty,
  uncertaintyProblems,
  type InterfaceShape,
  type RegionFacts,
  type Uncertainty,
  type UncertaintyOption,
} from './uncertainty';
export { SAVED_WORLD_FORMAT, SAVED_WORLD_VERSION, savedWorldProblem, type SavedWorld, type SavedSimulatorOptions, type SavedAccount } from './worldState';
export type { ScheduledStep, PendingStep, EnvironmentAction, EnvironmentRef } from './scheduledSteps';
