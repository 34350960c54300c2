/**
 * Plan and scenario files: which regions to watch and which environments to manage, plus, for
 * `--simulate`, how the simulated world behaves. Every field is checked before any AWS call, and
 * each problem names its JSON path.
 */
import { readFileSync } from 'node:fs';
import type { EnvironmentSpec } from '../adapters/port';
import type { PartitionName } from '../domain/partitions';
import { partitionOfRegion } from '../domain/partitions';
import type {
  EnvironmentPlan,
  ExistingResources,
  FaultRule,
  LongTailOptions,
  MaintenanceOptions,
  RateLimits,
  SimulatorOptions,
  SimulatorTimings,
  UncertaintyOption,
} from '../adapters/simulator';
import { createSimulatedAws, REALISTIC_UNCERTAINTY, resolveUncertainty } from '../adapters/simulator';
import { environmentWarnings, validateEnvironmentSpec } from '../domain/validation';
import type { ManagedEnvironment } from '../machines/account.types';
import { planSchema, schemaProblems } from './planSchema';

/** An environment that exists before the run, made by someone else; its owner may delete it later. */
export interface ForeignEnvironment {
  region: string;
  spec: EnvironmentSpec;
  /** Virtual minutes after the start at which its owner deletes it; never when absent. */
  deleteAfterMinutes?: number;
}

/** How the simulated world behaves for `--simulate` runs. */
export interface ScenarioWorld {
  seed?: number;
  timings?: Partial<SimulatorTimings>;
  /** What the simulated AWS does where AWS's behaviour is unverified: `realistic`, `worst`, or overrides. */
  uncertainty?: UncertaintyOption;
  faults?: FaultRule[];
  /** The role exists before the run (so the orchestrator adopts it). */
  roleExists?: boolean;
  foreignEnvironments?: ForeignEnvironment[];
  /** Outcomes of the next create/update/delete of named environments. */
  environmentPlans?: Array<{ region: string; name: string; plan: EnvironmentPlan }>;
  /** Service maintenance windows (off when absent). */
  maintenance?: MaintenanceOptions;
  /** Long-tail durations (off when absent). */
  longTail?: LongTailOptions;
  /** Token-bucket rate limits per operation (off when absent). */
  rateLimits?: RateLimits;
  /** The partition of the simulated account; its regions must be the plan's. Default `aws`. */
  partition?: PartitionName;
  /** The execution roles and buckets that exist; any other is refused. Default: every well-formed ARN. */
  existingResources?: ExistingResources;
  /** The Airflow versions the simulated MWAA offers. */
  airflowVersions?: string[];
  /** Workers per environment the account may use. */
  workerQuota?: number;
  /** Environments per region the account may have. */
  environmentQuota?: number;
}

/** The simulator options a scenario sets beyond its set-up (seed, timings, faults, plans). */
export function scenarioSimulatorOptions(world: ScenarioWorld): SimulatorOptions {
  const keys = ['uncertainty', 'maintenance', 'longTail', 'rateLimits', 'partition', 'existingResources', 'airflowVersions', 'workerQuota', 'environmentQuota'] as const;
  return Object.fromEntries(keys.filter((k) => world[k] !== undefined).map((k) => [k, world[k]]));
}

/** A plan file. */
export interface PlanFile {
  regions: string[];
  environments: ManagedEnvironment[];
  roleDescription?: string;
  simulator?: ScenarioWorld;
}

/** A plan file that does not hold up; the message lists every problem with its JSON path. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid plan:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** AWS's rules and the plan's own consistency, on every entry shaped well enough to read, so one run lists every problem. */
function semanticProblems(json: Record<string, Json>): string[] {
  const problems: string[] = [];
  const regions = Array.isArray(json['regions']) ? json['regions'] : [];
  const seen = new Set<string>();
  const specProblem = (spec: Json, path: string): void => {
    if (!isObject(spec) || !isObject(spec['networkConfiguration'])) return;
    const problem = validateEnvironmentSpec(spec as unknown as EnvironmentSpec);
    if (problem !== null) problems.push(`${path}: ${problem}`);
  };
  const environments = Array.isArray(json['environments']) ? json['environments'] : [];
  environments.forEach((e: Json, i) => {
    if (!isObject(e)) return;
    const p = `$.environments[${i}]`;
    if (typeof e['region'] === 'string' && !regions.includes(e['region'])) problems.push(`${p}.region: ${e['region']} is not listed in $.regions`);
    specProblem(e['spec'], `${p}.spec`);
    const name = isObject(e['spec']) ? e['spec']['name'] : undefined;
    const key = `${String(e['region'])}/${String(name)}`;
    if (seen.has(key)) problems.push(`${p}: ${key} is listed twice`);
    seen.add(key);
  });
  const world = isObject(json['simulator']) ? json['simulator'] : {};
  const foreign = Array.isArray(world['foreignEnvironments']) ? world['foreignEnvironments'] : [];
  foreign.forEach((e: Json, i) => {
    if (isObject(e)) specProblem(e['spec'], `$.simulator.foreignEnvironments[${i}].spec`);
  });
  const uncertainty = world['uncertainty'];
  if (uncertainty === 'realistic' || uncertainty === 'worst' || isObject(uncertainty)) {
    if (isObject(uncertainty)) {
      for (const key of Object.keys(uncertainty)) {
        if (key !== 'preset' && !(key in REALISTIC_UNCERTAINTY)) problems.push(`$.simulator.uncertainty.${key}: unknown field`);
      }
    }
    try {
      resolveUncertainty(uncertainty);
    } catch (e) {
      problems.push(`$.simulator.uncertainty: ${(e as Error).message}`);
    }
  }
  const partitions = [...new Set(regions.filter((r): r is string => typeof r === 'string').map(partitionOfRegion))];
  if (partitions.length > 1) problems.push(`$.regions: the regions span partitions ${partitions.join(' and ')}; one plan covers one account in one partition`);
  const partition = world['partition'];
  if (typeof partition === 'string' && partitions.length === 1 && partitions[0] !== partition) {
    problems.push(`$.simulator.partition: ${partition} is not the partition of the plan's regions (${partitions[0]})`);
  }
  // The simulator's own resolvers check the values of the options the schema shaped (rate limits, maintenance, ...).
  try {
    const { uncertainty: _checkedAbove, ...rest } = scenarioSimulatorOptions(world);
    if (Object.keys(rest).length > 0) createSimulatedAws(rest);
  } catch (e) {
    problems.push(`$.simulator: ${(e as Error).message}`);
  }
  return problems;
}

/** Checks parsed JSON as a plan; throws {@link PlanFileError} listing every problem, each with its JSON path. */
export function parsePlan(json: Json, source = 'plan'): PlanFile {
  if (!isObject(json)) throw new PlanFileError(source, ['the file must hold a JSON object']);
  const parsed = planSchema.safeParse(json);
  const problems = [...(parsed.success ? [] : schemaProblems(parsed.error)), ...semanticProblems(json)];
  if (problems.length > 0 || !parsed.success) throw new PlanFileError(source, [...new Set(problems)]);
  return { ...parsed.data, environments: parsed.data.environments ?? [] };
}

/** Reads and checks a plan file. */
export function readPlanFile(path: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PlanFileError(path, [`cannot read the file: ${(e as Error).message}`]);
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PlanFileError(path, [`not JSON: ${(e as Error).message}`]);
  }
  return parsePlan(json, path);
}

/** What is allowed but probably unintended in a plan (an Airflow version MWAA does not offer, workers above the default quota), one line each with its JSON path. */
export function planWarnings(plan: PlanFile): string[] {
  return plan.environments.flatMap((e, i) => environmentWarnings(e.spec).map((w) => `$.environments[${i}].spec: ${w}`));
}
