/**
 * Scenario input for the endpoint: a whole plan file (its `simulator` section is used) or a bare
 * `simulator` section, checked by the plan file's own rules so problems name their JSON path.
 */
import { readFileSync } from 'node:fs';
import { partitionFacts } from '../domain/partitions';
import type { FaultRule } from '../adapters/simulator';
import { parsePlan, PlanFileError, type ScenarioWorld } from '../cli/planFile';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `json` looks like a plan file rather than a bare `simulator` section. */
const isPlan = (json: Record<string, unknown>): boolean => 'regions' in json || 'environments' in json || 'simulator' in json;

/** A bare section, checked as the `simulator` section of an otherwise empty plan in its partition. */
function checkedSection(section: Record<string, unknown>, source: string): ScenarioWorld {
  const partition = typeof section['partition'] === 'string' ? section['partition'] : 'aws';
  let home = 'us-east-1';
  try {
    home = partitionFacts(partition).iamHomeRegion;
  } catch {
    // An unknown partition is reported by the plan check below.
  }
  return parsePlan({ regions: [home], environments: [], simulator: section }, source).simulator ?? {};
}

/** The scenario in `json`: a plan file's `simulator` section (none: the default world) or a bare section. Throws PlanFileError. */
export function scenarioFromJson(json: unknown, source: string): ScenarioWorld {
  if (isObject(json) && !isPlan(json)) return checkedSection(json, source);
  return parsePlan(json, source).simulator ?? {};
}

/** Fault rules (one or a list), checked as a scenario's `faults`. Throws PlanFileError. */
export function faultRulesFromJson(json: unknown, source: string): FaultRule[] {
  return checkedSection({ faults: Array.isArray(json) ? json : [json] }, source).faults ?? [];
}

/** Reads a plan or scenario file and returns its scenario. Throws PlanFileError (unreadable, not JSON, invalid). */
export function readScenarioFile(path: string): ScenarioWorld {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new PlanFileError(path, [`cannot read the file as JSON: ${(e as Error).message}`]);
  }
  return scenarioFromJson(json, path);
}
