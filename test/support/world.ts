/**
 * A simulated account with the machines bound to it, for scenario tests.
 */
import type { EnvironmentSpec } from '../../adapters/port';
import { createSimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import { runMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import type { AnyStateMachine, InputFrom, OutputFrom } from 'xstate';

/** A valid spec for an environment called `name`, in its own pair of subnets. */
export function specFor(name: string, overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  const slug = name.toLowerCase();
  return {
    name,
    executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa-execution',
    sourceBucketArn: 'arn:aws:s3:::airflow-dags-bucket',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: [`subnet-${slug}-a`, `subnet-${slug}-b`], securityGroupIds: [`sg-${slug}`] },
    environmentClass: 'mw1.small',
    airflowVersion: '2.10.3',
    ...overrides,
  };
}

/** A fresh simulated world with bound machines; `run` drives virtual time until the machine ends. */
export function newWorld(options: SimulatorOptions = {}) {
  const sim = createSimulatedAws({ seed: 7, ...options });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const run = <T extends AnyStateMachine>(logic: T, input: InputFrom<T>): Promise<OutputFrom<T>> =>
    sim.clock.run(runMachine(logic, input));
  const callsTo = (operation: string) => sim.calls().filter((c) => c.operation === operation);
  return { sim, bound, run, callsTo, ports: sim.ports(), clock: sim.clock };
}
