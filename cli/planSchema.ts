/**
 * The schema of plan and scenario files, in zod: every field's type and every key that may
 * appear, so a misspelt field (`maxWorker`), a value of the wrong type or an unknown key
 * (`__proto__` included) is refused with its JSON path. It also gives editors a JSON Schema
 * (`npm run schema`, `schemas/plan.schema.json`). AWS's own constraints on a spec (lengths,
 * patterns, per-class limits) are checked after it, by the same validation the machines use.
 */
import { z } from 'zod';
import { isRegionName } from '../adapters/regions';
import { PORT_OPERATIONS } from '../adapters/simulator';

const region = z.string().refine(isRegionName, { error: (issue) => `"${String(issue.input)}" is not an AWS region name (expected something like "eu-west-1")` });
const text = z.string();
const ms = z.number().int().nonnegative();
const range = z.strictObject({ minMs: ms, maxMs: ms }).refine((r) => r.minMs <= r.maxMs, { message: 'minMs must not exceed maxMs' });
const logging = z.strictObject({ enabled: z.boolean(), logLevel: z.enum(['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG']) });
const stringMap = z.record(z.string(), z.string());

/** Every member CreateEnvironment accepts, with its JSON type; AWS's constraints are checked afterwards. */
export const environmentSpecSchema = z.strictObject({
  name: text,
  executionRoleArn: text,
  sourceBucketArn: text,
  dagS3Path: text,
  networkConfiguration: z.strictObject({ subnetIds: z.array(text), securityGroupIds: z.array(text) }),
  pluginsS3Path: text.optional(),
  pluginsS3ObjectVersion: text.optional(),
  requirementsS3Path: text.optional(),
  requirementsS3ObjectVersion: text.optional(),
  startupScriptS3Path: text.optional(),
  startupScriptS3ObjectVersion: text.optional(),
  airflowConfigurationOptions: stringMap.optional(),
  environmentClass: text.optional(),
  maxWorkers: z.number().int().optional(),
  minWorkers: z.number().int().optional(),
  minWebservers: z.number().int().optional(),
  maxWebservers: z.number().int().optional(),
  schedulers: z.number().int().optional(),
  kmsKey: text.optional(),
  airflowVersion: text.optional(),
  loggingConfiguration: z
    .strictObject({
      dagProcessingLogs: logging.optional(),
      schedulerLogs: logging.optional(),
      webserverLogs: logging.optional(),
      workerLogs: logging.optional(),
      taskLogs: logging.optional(),
    })
    .optional(),
  weeklyMaintenanceWindowStart: text.optional(),
  tags: stringMap.optional(),
  webserverAccessMode: z.enum(['PRIVATE_ONLY', 'PUBLIC_ONLY', 'PUBLIC_AND_PRIVATE']).optional(),
  endpointManagement: z.enum(['SERVICE', 'CUSTOMER']).optional(),
});


const fault = z
  .strictObject({
    operation: z.enum(['*', ...PORT_OPERATIONS]),
    kind: z.enum(['throttle', 'unavailable', 'serviceUnavailable']),
    rate: z.number().min(0).max(1),
    region: region.optional(),
    /** Virtual ms epoch from which the rule applies. */
    from: ms.optional(),
    until: ms.optional(),
  })
  .refine((f) => f.from === undefined || f.until === undefined || f.from < f.until, { message: 'from must come before until' });

const environmentPlan = z.strictObject({
  createFails: z.strictObject({ errorCode: text, errorMessage: text }).optional(),
  updateFails: z.enum(['rollback', 'unavailable', 'available-with-failed-update']).optional(),
  createDurationMs: ms.optional(),
  updateDurationMs: ms.optional(),
  deleteDurationMs: ms.optional(),
});

const timings = z.strictObject({
  create: range.optional(),
  update: range.optional(),
  delete: range.optional(),
  cleanupAfterDelete: range.optional(),
  roleVisibilityLag: range.optional(),
  slrDeletionStart: range.optional(),
  slrDeletionRun: range.optional(),
  deletionTaskRetention: range.optional(),
  pendingTimeout: z.number().int().positive().optional(),
  deletedVisibility: range.optional(),
  resumeAfterRelease: range.optional(),
});

/** The `simulator` section: how the simulated world behaves for `--simulate` runs. */
export const scenarioWorldSchema = z.strictObject({
  seed: z.number().int().optional(),
  timings: timings.optional(),
  // Checked in full by the simulator's own resolver, which names each bad member.
  uncertainty: z.union([z.enum(['realistic', 'worst']), z.record(z.string(), z.unknown())]).optional(),
  faults: z.array(fault).optional(),
  roleExists: z.boolean().optional(),
  foreignEnvironments: z
    .array(z.strictObject({ region, spec: environmentSpecSchema, deleteAfterMinutes: z.number().nonnegative().optional() }))
    .optional(),
  environmentPlans: z.array(z.strictObject({ region, name: text, plan: environmentPlan })).optional(),
});

/** A whole plan file. */
export const planSchema = z.strictObject({
  /** Where an editor finds this schema, e.g. `./schemas/plan.schema.json`. */
  $schema: z.string().optional(),
  regions: z.array(region).min(1, { message: 'must list at least one MWAA region' }),
  environments: z.array(z.strictObject({ region, spec: environmentSpecSchema })).optional(),
  roleDescription: text.optional(),
  simulator: scenarioWorldSchema.optional(),
});

/** Renders a zod issue path as the JSON path the CLI prints (`$.environments[0].spec.name`). */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), '$');
}

/** The problems zod found, one line each, with its JSON path; unknown keys are named one by one. */
export function schemaProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${jsonPath([...issue.path, key])}: unknown field`);
    return [`${jsonPath(issue.path)}: ${issue.message}`];
  });
}

/** The JSON Schema of plan files, for editors. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { unrepresentable: 'any', io: 'input' });
}
