/**
 * Plan and scenario files: which regions to watch and which environments to manage, plus, for
 * `--simulate`, how the simulated world behaves. Every field is checked before any AWS call, and
 * each problem names its JSON path.
 */
import { readFileSync } from 'node:fs';
import type { EnvironmentSpec } from '../adapters/port';
import { isRegionName } from '../adapters/regions';
import type { EnvironmentPlan, FaultRule, PortOperation, SimulatorTimings, UncertaintyOption } from '../adapters/simulator';
import { DEFAULT_TIMINGS, REALISTIC_UNCERTAINTY, resolveUncertainty } from '../adapters/simulator';
import { validateEnvironmentSpec } from '../adapters/validation';
import type { ManagedEnvironment } from '../machines/account.types';

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

const OPERATIONS: ReadonlySet<string> = new Set<PortOperation | '*'>([
  '*',
  'mwaa.createEnvironment',
  'mwaa.getEnvironment',
  'mwaa.updateEnvironment',
  'mwaa.deleteEnvironment',
  'mwaa.listEnvironments',
  'iam.getRole',
  'iam.createRole',
  'iam.updateDescription',
  'iam.deleteRole',
  'iam.getDeletionStatus',
  'ec2.listManagedVpcEndpoints',
  'ec2.listNetworkInterfaces',
]);

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(value: Record<string, Json>, allowed: readonly string[], path: string, problems: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${path}.${key}: unknown field`);
}

function checkRegion(value: Json, path: string, problems: string[]): value is string {
  if (typeof value !== 'string' || !isRegionName(value)) {
    problems.push(`${path}: "${String(value)}" is not an AWS region name`);
    return false;
  }
  return true;
}

function checkSpec(value: Json, path: string, problems: string[]): value is EnvironmentSpec {
  if (!isObject(value) || !isObject(value['networkConfiguration']) || typeof value['name'] !== 'string') {
    problems.push(`${path}: must be an environment spec with at least name, executionRoleArn, sourceBucketArn, dagS3Path and networkConfiguration`);
    return false;
  }
  const problem = validateEnvironmentSpec(value as unknown as EnvironmentSpec);
  if (problem !== null) problems.push(`${path}: ${problem}`);
  return problem === null;
}

function checkRange(value: Json, path: string, problems: string[]): void {
  if (!isObject(value) || typeof value['minMs'] !== 'number' || typeof value['maxMs'] !== 'number' || value['minMs'] < 0 || value['maxMs'] < value['minMs']) {
    problems.push(`${path}: must be {"minMs": n, "maxMs": m} with 0 <= n <= m`);
  }
}

function checkWorld(value: Json, path: string, problems: string[]): void {
  if (!isObject(value)) {
    problems.push(`${path}: must be an object`);
    return;
  }
  checkKeys(value, ['seed', 'timings', 'uncertainty', 'faults', 'roleExists', 'foreignEnvironments', 'environmentPlans'], path, problems);
  const uncertainty = value['uncertainty'];
  if (uncertainty !== undefined) {
    if (uncertainty !== 'realistic' && uncertainty !== 'worst' && !isObject(uncertainty)) problems.push(`${path}.uncertainty: must be "realistic", "worst" or an object of overrides`);
    else {
      if (isObject(uncertainty)) checkKeys(uncertainty, ['preset', ...Object.keys(REALISTIC_UNCERTAINTY)], `${path}.uncertainty`, problems);
      try {
        resolveUncertainty(uncertainty);
      } catch (e) {
        problems.push(`${path}.uncertainty: ${(e as Error).message}`);
      }
    }
  }
  if (value['seed'] !== undefined && !Number.isInteger(value['seed'])) problems.push(`${path}.seed: must be an integer`);
  if (value['roleExists'] !== undefined && typeof value['roleExists'] !== 'boolean') problems.push(`${path}.roleExists: must be true or false`);
  const timings = value['timings'];
  if (timings !== undefined) {
    if (!isObject(timings)) problems.push(`${path}.timings: must be an object`);
    else {
      for (const [key, range] of Object.entries(timings)) {
        if (!(key in DEFAULT_TIMINGS)) problems.push(`${path}.timings.${key}: unknown timing (known: ${Object.keys(DEFAULT_TIMINGS).join(', ')})`);
        else if (typeof (DEFAULT_TIMINGS as Record<string, unknown>)[key] === 'number') {
          if (typeof range !== 'number' || range <= 0) problems.push(`${path}.timings.${key}: must be a positive number of ms`);
        } else checkRange(range, `${path}.timings.${key}`, problems);
      }
    }
  }
  const faults = value['faults'];
  if (faults !== undefined) {
    if (!Array.isArray(faults)) problems.push(`${path}.faults: must be an array`);
    else
      faults.forEach((f: Json, i) => {
        const p = `${path}.faults[${i}]`;
        if (!isObject(f)) return void problems.push(`${p}: must be an object`);
        checkKeys(f, ['operation', 'kind', 'rate', 'region', 'from', 'until'], p, problems);
        if (typeof f['operation'] !== 'string' || !OPERATIONS.has(f['operation'])) problems.push(`${p}.operation: must be "*" or one of ${[...OPERATIONS].slice(1).join(', ')}`);
        if (f['kind'] !== 'throttle' && f['kind'] !== 'unavailable') problems.push(`${p}.kind: must be "throttle" or "unavailable"`);
        if (typeof f['rate'] !== 'number' || f['rate'] < 0 || f['rate'] > 1) problems.push(`${p}.rate: must be a number from 0 to 1`);
        if (f['region'] !== undefined) checkRegion(f['region'], `${p}.region`, problems);
      });
  }
  const foreign = value['foreignEnvironments'];
  if (foreign !== undefined) {
    if (!Array.isArray(foreign)) problems.push(`${path}.foreignEnvironments: must be an array`);
    else
      foreign.forEach((e: Json, i) => {
        const p = `${path}.foreignEnvironments[${i}]`;
        if (!isObject(e)) return void problems.push(`${p}: must be an object`);
        checkKeys(e, ['region', 'spec', 'deleteAfterMinutes'], p, problems);
        checkRegion(e['region'], `${p}.region`, problems);
        checkSpec(e['spec'], `${p}.spec`, problems);
        if (e['deleteAfterMinutes'] !== undefined && !(typeof e['deleteAfterMinutes'] === 'number' && e['deleteAfterMinutes'] >= 0)) {
          problems.push(`${p}.deleteAfterMinutes: must be a number of minutes >= 0`);
        }
      });
  }
  const plans = value['environmentPlans'];
  if (plans !== undefined) {
    if (!Array.isArray(plans)) problems.push(`${path}.environmentPlans: must be an array`);
    else
      plans.forEach((e: Json, i) => {
        const p = `${path}.environmentPlans[${i}]`;
        if (!isObject(e) || typeof e['name'] !== 'string' || !isObject(e['plan'])) return void problems.push(`${p}: must be {"region", "name", "plan"}`);
        checkRegion(e['region'], `${p}.region`, problems);
        checkKeys(e['plan'], ['createFails', 'updateFails', 'createDurationMs', 'updateDurationMs', 'deleteDurationMs'], `${p}.plan`, problems);
      });
  }
}

/** Checks parsed JSON as a plan; throws {@link PlanFileError} listing every problem. */
export function parsePlan(json: Json, source = 'plan'): PlanFile {
  const problems: string[] = [];
  if (!isObject(json)) throw new PlanFileError(source, ['the file must hold a JSON object']);
  checkKeys(json, ['regions', 'environments', 'roleDescription', 'simulator'], '$', problems);
  const regions = json['regions'];
  if (!Array.isArray(regions) || regions.length === 0) problems.push('$.regions: must list at least one MWAA region');
  else regions.forEach((r: Json, i) => checkRegion(r, `$.regions[${i}]`, problems));
  const environments = json['environments'] ?? [];
  if (!Array.isArray(environments)) problems.push('$.environments: must be an array');
  else {
    const seen = new Set<string>();
    environments.forEach((e: Json, i) => {
      const p = `$.environments[${i}]`;
      if (!isObject(e)) return void problems.push(`${p}: must be {"region", "spec"}`);
      checkKeys(e, ['region', 'spec'], p, problems);
      if (checkRegion(e['region'], `${p}.region`, problems) && Array.isArray(regions) && !regions.includes(e['region'])) {
        problems.push(`${p}.region: ${e['region']} is not listed in $.regions`);
      }
      if (checkSpec(e['spec'], `${p}.spec`, problems)) {
        const key = `${String(e['region'])}/${e['spec'].name}`;
        if (seen.has(key)) problems.push(`${p}: ${key} is listed twice`);
        seen.add(key);
      }
    });
  }
  if (json['roleDescription'] !== undefined && typeof json['roleDescription'] !== 'string') problems.push('$.roleDescription: must be a string');
  if (json['simulator'] !== undefined) checkWorld(json['simulator'], '$.simulator', problems);
  if (problems.length > 0) throw new PlanFileError(source, problems);
  return json as unknown as PlanFile;
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
