/**
 * Plan and scenario files are checked in full by one schema before any AWS call: every misspelt
 * or unknown field, every value of the wrong type, each with its JSON path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, planWarnings } from '../../cli/planFile';
import { planProblems } from './helpers';
import { planJsonSchema } from '../../cli/planSchema';
import { specFor } from '../support/world';

const spec = specFor('alpha');
const plan = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec }], ...over });

const problemsOf = planProblems;

describe('plan files', () => {
  it('accepts a well-formed plan, with the simulator section and an editor schema reference', () => {
    expect(problemsOf(plan({ $schema: './schemas/plan.schema.json', simulator: { seed: 2, uncertainty: 'worst', faults: [{ operation: '*', kind: 'throttle', rate: 0.1, from: 0, until: 60_000 }] } }))).toEqual([]);
  });

  it.each([
    ['a misspelt spec field', { ...spec, maxWorker: 5 }, '$.environments[0].spec.maxWorker: unknown field'],
    ['a wrongly cased field', { ...spec, executionRoleARN: spec.executionRoleArn }, '$.environments[0].spec.executionRoleARN: unknown field'],
    ['a non-string dagS3Path', { ...spec, dagS3Path: 42 }, '$.environments[0].spec.dagS3Path'],
    ['a non-string configuration value', { ...spec, airflowConfigurationOptions: { 'core.parallelism': 32 } }, '$.environments[0].spec.airflowConfigurationOptions.core.parallelism'],
    ['a non-string tag value', { ...spec, tags: { team: true } }, '$.environments[0].spec.tags.team'],
    ['a logging module without its level', { ...spec, loggingConfiguration: { taskLogs: { enabled: true } } }, '$.environments[0].spec.loggingConfiguration.taskLogs.logLevel'],
  ])('refuses %s, naming its path', (_name, badSpec, expected) => {
    const problems = problemsOf(plan({ environments: [{ region: 'eu-west-1', spec: badSpec }] }));
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('refuses a __proto__ key instead of letting it through', () => {
    const json = JSON.parse(`{"regions":["eu-west-1"],"environments":[],"__proto__":{"polluted":true}}`) as unknown;
    expect(problemsOf(json)).toContain('$.__proto__: unknown field');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a role description that is not text', () => {
    expect(problemsOf(plan({ roleDescription: 123 })).some((p) => p.startsWith('$.roleDescription'))).toBe(true);
  });

  it('checks the scenario\'s fault windows and environment plans', () => {
    const problems = problemsOf(
      plan({
        simulator: {
          faults: [{ operation: 'mwaa.getEnvironment', kind: 'throttle', rate: 0.5, from: 'soon', until: 10 }],
          environmentPlans: [{ region: 'eu-west-1', name: 'alpha', plan: { createFails: { errorCode: 7 }, deleteDurationMs: -1, explode: true } }],
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.simulator\.faults\[0\]\.from/),
        expect.stringMatching(/^\$\.simulator\.environmentPlans\[0\]\.plan\.createFails\.errorCode/),
        expect.stringMatching(/^\$\.simulator\.environmentPlans\[0\]\.plan\.deleteDurationMs/),
        '$.simulator.environmentPlans[0].plan.explode: unknown field',
      ]),
    );
  });

  it('warns, without refusing, about an Airflow version MWAA does not offer and workers above the default quota', () => {
    const parsed = parsePlan(plan({ environments: [{ region: 'eu-west-1', spec: { ...spec, airflowVersion: '3.9.0', maxWorkers: 40 } }] }));
    const warnings = planWarnings(parsed);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^\$\.environments\[0\]\.spec: Airflow version 3\.9\.0/);
    expect(warnings[1]).toMatch(/quota/);
    expect(planWarnings(parsePlan(plan()))).toEqual([]);
  });

  it('ships the JSON Schema editors use, up to date with the checks (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'plan.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(planJsonSchema());
  });
});
