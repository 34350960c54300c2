/**
 * The schema of plan and scenario files, in zod: every field's type and every key that may
 * appear, so a misspelt field (`maxWorker`), a value of the wrong type or an unknown key
 * (`__proto__` included) is refused with its JSON path. It also gives editors a JSON Schema
 * (`npm run schema`, `schemas/plan.schema.json`). AWS's own constraints on a spec (lengths,
 * patterns, per-class limits) are checked after it, by the same validation the machines use.
 */
import { z } from 'zod';
import { isRegionName } from '../domain/regions';
import { PORT_OPERATIONS } from '../adapters/simulator';
import { PARTITION_NAMES } from '../domain/partitions';
import { environmentSpecSchema, jsonPath, schemaProblems } from '../machines/inputSchemas';

const region = z.string().refine(isRegionName, { error: (issue) => `"${String(issue.input)}" is not an AWS region name (expected something like "eu-west-1")` });
const text = z.string();
const ms = z.number().int().nonnegative();
const range = z.strictObject({ minMs: ms, maxMs: ms }).refine((r) => r.minMs <= r.maxMs, { message: 'minMs must not exceed maxMs' });
/** The spec of plan files is the library's own: one schema for both. */
export { environmentSpecSchema };

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
  // The shapes below are checked here, their values by the simulator's own resolvers, which name each bad member.
  maintenance: z.strictObject({ everyMs: ms.optional(), durationMs: range.optional(), source: text.optional() }).optional(),
  longTail: z
    .strictObject({ probability: z.number().min(0).max(1), create: range.optional(), update: range.optional(), delete: range.optional() })
    .optional(),
  rateLimits: z.partialRecord(z.enum(['*', ...PORT_OPERATIONS]), z.strictObject({ perSecond: z.number().positive(), burst: z.number().min(1) })).optional(),
  partition: z.enum(PARTITION_NAMES).optional(),
  existingResources: z.strictObject({ executionRoleArns: z.array(text).optional(), sourceBucketArns: z.array(text).optional() }).optional(),
  airflowVersions: z.array(text).min(1).optional(),
  workerQuota: z.number().int().positive().optional(),
  environmentQuota: z.number().int().positive().optional(),
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

export { jsonPath, schemaProblems };

/** The JSON Schema of plan files, for editors. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { unrepresentable: 'any', io: 'input' });
}
