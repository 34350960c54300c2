/**
 * One schema per input of the library, in zod: the environment spec and update, and the inputs of
 * the environment, role and account machines. Each checks every field's JSON type and refuses
 * unknown keys (a misspelt `maxWorker`, `__proto__`), so a bad input from untyped code or a file is
 * refused with its JSON path before any AWS call. AWS's own constraints (lengths, patterns,
 * per-class limits) are checked after the schema, by `domain/validation`. The plan file schema
 * and its JSON Schema for editors (`npm run schema`) are built from these.
 */
import { z } from 'zod';
import type { EnvironmentSpec, EnvironmentUpdate } from '../adapters/port';
import type { AccountInput } from './account.types';
import type { EnvironmentInput } from './environment.types';
import type { ServiceLinkedRoleInput } from './serviceLinkedRole.types';

const text = z.string();
const count = z.number().int();
const stringMap = z.record(z.string(), z.string());
const logLevel = z.enum(['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG']);
/** One module's logging; `cloudWatchLogGroupArn` is what GetEnvironment reports, accepted so an answer can be sent back. */
const moduleLogging = z.strictObject({ enabled: z.boolean(), logLevel, cloudWatchLogGroupArn: text.optional() });
const loggingConfiguration = z.strictObject({
  dagProcessingLogs: moduleLogging.optional(),
  schedulerLogs: moduleLogging.optional(),
  webserverLogs: moduleLogging.optional(),
  workerLogs: moduleLogging.optional(),
  taskLogs: moduleLogging.optional(),
});
const webserverAccessMode = z.enum(['PRIVATE_ONLY', 'PUBLIC_ONLY', 'PUBLIC_AND_PRIVATE']);

/** Where an environment lives: its subnets and security groups. */
export const networkConfigurationSchema = z.strictObject({ subnetIds: z.array(text), securityGroupIds: z.array(text) });

/** The settings CreateEnvironment and UpdateEnvironment both take, all optional. */
const SETTINGS = {
  pluginsS3Path: text.optional(),
  pluginsS3ObjectVersion: text.optional(),
  requirementsS3Path: text.optional(),
  requirementsS3ObjectVersion: text.optional(),
  startupScriptS3Path: text.optional(),
  startupScriptS3ObjectVersion: text.optional(),
  airflowConfigurationOptions: stringMap.optional(),
  environmentClass: text.optional(),
  maxWorkers: count.optional(),
  minWorkers: count.optional(),
  minWebservers: count.optional(),
  maxWebservers: count.optional(),
  schedulers: count.optional(),
  airflowVersion: text.optional(),
  loggingConfiguration: loggingConfiguration.optional(),
  weeklyMaintenanceWindowStart: text.optional(),
};

/** Every member CreateEnvironment accepts, with its JSON type. */
export const environmentSpecSchema = z.strictObject({
  name: text,
  executionRoleArn: text,
  sourceBucketArn: text,
  dagS3Path: text,
  networkConfiguration: networkConfigurationSchema,
  ...SETTINGS,
  kmsKey: text.optional(),
  tags: stringMap.optional(),
  webserverAccessMode: webserverAccessMode.optional(),
  endpointManagement: z.enum(['SERVICE', 'CUSTOMER']).optional(),
});

/**
 * Every member UpdateEnvironment accepts. `kmsKey`, `endpointManagement` and subnets pass the
 * schema so that the validation after it can say, in AWS's words, that they are fixed at creation.
 */
export const environmentUpdateSchema = z.strictObject({
  name: text,
  executionRoleArn: text.optional(),
  sourceBucketArn: text.optional(),
  dagS3Path: text.optional(),
  ...SETTINGS,
  webserverAccessMode: webserverAccessMode.optional(),
  networkConfiguration: z.strictObject({ securityGroupIds: z.array(text), subnetIds: z.unknown().optional() }).optional(),
  workerReplacementStrategy: z.enum(['FORCED', 'GRACEFUL']).optional(),
  kmsKey: z.unknown().optional(),
  endpointManagement: z.unknown().optional(),
});

/** A time budget: a positive, finite number of milliseconds. */
const budget = z.number().positive();
const environmentTimeouts = z.strictObject({
  createMs: budget.optional(),
  pendingMs: budget.optional(),
  updateMs: budget.optional(),
  deleteMs: budget.optional(),
  cleanupMs: budget.optional(),
  requestRetryMs: budget.optional(),
  visibilityMs: budget.optional(),
});
const roleTimeouts = z.strictObject({ visibleMs: budget.optional(), deletionMs: budget.optional() });
const region = text;

/** The environment machine's input, one shape per operation. */
export const environmentInputSchema = z.discriminatedUnion('operation', [
  z.strictObject({
    operation: z.literal('create'),
    region,
    spec: environmentSpecSchema,
    returnWhenPending: z.boolean().optional(),
    updateIfDifferent: z.boolean().optional(),
    timeouts: environmentTimeouts.optional(),
  }),
  z.strictObject({ operation: z.literal('update'), region, update: environmentUpdateSchema, timeouts: environmentTimeouts.optional() }),
  z.strictObject({
    operation: z.literal('delete'),
    region,
    name: text,
    network: networkConfigurationSchema.optional(),
    timeouts: environmentTimeouts.optional(),
  }),
]);

/** The role machine's input, one shape per operation. */
export const roleInputSchema = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('ensure'), description: text.optional(), timeouts: roleTimeouts.optional() }),
  z.strictObject({
    operation: z.literal('delete'),
    ownership: z.enum(['created', 'adopted']).nullable().optional(),
    force: z.boolean().optional(),
    verdict: z.strictObject({ surveyedAt: z.number(), maxAgeMs: budget.optional() }, { error: 'delete needs verdict.surveyedAt, the time a survey of every region found nothing using the role: delete the role through the account machine, which surveys first' }),
    timeouts: roleTimeouts.optional(),
  }),
]);

/** `blockedMs` may be `Infinity` (wait for ever), which JSON cannot carry but a caller can pass. */
const blockedMs = z.union([budget, z.custom<number>((v) => v === Infinity, { error: 'must be a positive number of milliseconds, or Infinity' })]);

/** The account orchestrator's input. */
export const accountInputSchema = z.strictObject({
  regions: z.array(region),
  discoverRegions: z.boolean().optional(),
  environments: z.array(z.strictObject({ region, spec: environmentSpecSchema })).optional(),
  plan: z.enum(['apply', 'teardown', 'deleteRole']),
  roleDescription: text.optional(),
  forceRoleDeletion: z.boolean().optional(),
  roleOwnership: z.enum(['created', 'adopted']).nullable().optional(),
  updateExisting: z.boolean().optional(),
  timeouts: z
    .strictObject({
      environment: environmentTimeouts.optional(),
      role: roleTimeouts.optional(),
      blockedMs: blockedMs.optional(),
      settleMs: z.number().nonnegative().optional(),
      verdictMaxAgeMs: budget.optional(),
    })
    .optional(),
});

/** The role, bucket and key of a spec or update, which must live in the environment's partition. */
export function referencedArns(request: Pick<EnvironmentUpdate, 'executionRoleArn' | 'sourceBucketArn'> & { kmsKey?: unknown }): Record<string, string | undefined> {
  return { executionRoleArn: request.executionRoleArn, sourceBucketArn: request.sourceBucketArn, kmsKey: typeof request.kmsKey === 'string' ? request.kmsKey : undefined };
}

/** Renders a path as the JSON path messages name (`$.environments[0].spec.name`). */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), '$');
}

/** The problems a schema found, one line each with its JSON path; unknown keys are named one by one. */
export function schemaProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${jsonPath([...issue.path, key])}: unknown field`);
    return [`${jsonPath(issue.path)}: ${issue.message}`];
  });
}

/** The first problems (at most three) `schema` finds in `input`, joined, or `null` when it holds. */
export function schemaProblemOf(schema: z.ZodType, input: unknown): string | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return null;
  const problems = schemaProblems(parsed.error);
  return problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

/** The JSON Schema of each library input, by file stem (`account-input`, ...), for editors and other languages. */
export function inputJsonSchemas(): Record<string, Record<string, unknown>> {
  const json = (schema: z.ZodType): Record<string, unknown> => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });
  return {
    'environment-spec': json(environmentSpecSchema),
    'environment-input': json(environmentInputSchema),
    'role-input': json(roleInputSchema),
    'account-input': json(accountInputSchema),
  };
}

// The schemas and the hand-written types must describe the same JSON: a drift fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time proof that the schemas and the public types agree. */
export type SchemasMatchTypes = [
  Assert<Same<z.output<typeof environmentSpecSchema>, EnvironmentSpec>>,
  Assert<Same<Omit<z.output<typeof environmentUpdateSchema>, 'kmsKey' | 'endpointManagement' | 'networkConfiguration'>, Omit<EnvironmentUpdate, 'networkConfiguration'>>>,
  Assert<z.output<typeof environmentInputSchema> extends EnvironmentInput ? true : false>,
  Assert<z.output<typeof roleInputSchema> extends ServiceLinkedRoleInput ? true : false>,
  Assert<z.output<typeof accountInputSchema> extends AccountInput ? true : false>,
];
