/**
 * The main job on the built-in simulator: ensure the role, create environments in two regions in
 * parallel, tear them down, and delete the role only once nothing in any region uses it, while an
 * environment someone else owns in a third region keeps it blocked for a while.
 */
import type { EnvironmentSpec } from '../adapters/port';
import { describeAccount } from './reporter';
import type { PlanFile } from './planFile';

const spec = (name: string, subnetSuffix: string): EnvironmentSpec => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa-execution',
  sourceBucketArn: 'arn:aws:s3:::example-airflow-dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: [`subnet-${subnetSuffix}a`, `subnet-${subnetSuffix}b`], securityGroupIds: [`sg-${subnetSuffix}`] },
  environmentClass: 'mw1.small',
  airflowVersion: '2.10.3',
  webserverAccessMode: 'PRIVATE_ONLY',
});

/** The demo's plan and simulated world. */
export function demoPlan(options: { seed: number; throttle: number }): PlanFile {
  return {
    regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    environments: [
      { region: 'eu-west-1', spec: spec('analytics', '0a1') },
      { region: 'eu-west-1', spec: spec('reporting', '0b2') },
      { region: 'us-east-1', spec: spec('ingest', '0c3') },
    ],
    roleDescription: 'Used by Amazon MWAA; managed by mwaa-lifecycle',
    simulator: {
      seed: options.seed,
      ...(options.throttle > 0 ? { faults: [{ operation: '*', kind: 'throttle', rate: options.throttle }] } : {}),
      foreignEnvironments: [{ region: 'ap-southeast-2', spec: spec('legacy', '0d4'), deleteAfterMinutes: 150 }],
    },
  };
}

/** Lines summarising a finished demo. */
export function demoSummary(args: {
  outcome: Parameters<typeof describeAccount>[0];
  virtualMs: number;
  realMs: number;
  calls: number;
  leftovers: number;
}): string[] {
  return [
    ...describeAccount(args.outcome),
    `left behind: ${args.leftovers === 0 ? 'nothing' : `${args.leftovers} resources`}`,
    `${args.calls} API calls over ${(args.virtualMs / 3600_000).toFixed(1)} virtual hours in ${args.realMs} ms`,
  ];
}
