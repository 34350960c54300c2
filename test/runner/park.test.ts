/**
 * A step ends when the machine only waits, and the wait it was put away in is not downtime when
 * it is resumed on time, while a late resume still is (the machine's deadlines move by it).
 */
import type { Snapshot } from 'xstate';
import { createSimulatedAws } from '../../adapters/simulator';
import { expectedDurationPolicy } from '../../machines/polling';
import { bindMachines } from '../../machines/wiring';
import { resumePlannedWaits, treeActivity } from '../../runner/park';
import { runStep, type StepResult } from '../../runner/step';
import { spec } from './support';

const SLACK = 1_500;

async function parkedCreate() {
  const sim = createSimulatedAws({ seed: 5 });
  await sim.clock.run(sim.ports().serviceLinkedRole.createRole({}));
  const machines = bindMachines(sim.ports(), { clock: sim.clock });
  const input = { operation: 'create' as const, region: 'eu-west-1', spec: spec('alpha') };
  const step = (snapshot: Snapshot<unknown> | null): Promise<StepResult> =>
    sim.clock.run(runStep(machines.environment, input, snapshot, { clock: sim.clock, pollPolicy: expectedDurationPolicy, parkAfterMs: 5_000, maxStepMs: 60_000, slackMs: SLACK }));
  const first = await step(null);
  if (first.kind !== 'parked' || first.wakeAt === null) throw new Error(`expected a parked step, got ${first.kind}`);
  return { sim, step, parked: first, wakeAt: first.wakeAt };
}

const deadlineOf = (snapshot: Snapshot<unknown>): number => (snapshot as unknown as { context: { deadline: number } }).context.deadline;

test('a step that only waits ends parked, with nothing in flight and the wait as its wake time', async () => {
  const { sim, parked, wakeAt } = await parkedCreate();
  expect(treeActivity(parked.snapshot, expectedDurationPolicy)).toEqual({ busy: false, wakeAt });
  expect(wakeAt - sim.clock.now()).toBeGreaterThanOrEqual(5_000);
  expect(sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment')).toHaveLength(1);
});

test('resumed on time, the machine counts the parked wait as watched: its deadline stays', async () => {
  const { sim, step, parked, wakeAt } = await parkedCreate();
  await sim.clock.advanceTo(wakeAt + 500);
  const next = await step(parked.snapshot);
  expect(deadlineOf(next.snapshot)).toBe(deadlineOf(parked.snapshot));
});

test('resumed an hour late (every worker down), the machine moves its deadline by about that hour', async () => {
  const { sim, step, parked, wakeAt } = await parkedCreate();
  await sim.clock.advanceTo(wakeAt + 3_600_000);
  const restored = resumePlannedWaits(parked.snapshot, expectedDurationPolicy, sim.clock.now(), SLACK) as unknown as { context: { now: number } };
  expect(restored.context.now).toBe(wakeAt + SLACK);
  const next = await step(parked.snapshot);
  const moved = deadlineOf(next.snapshot) - deadlineOf(parked.snapshot);
  expect(moved).toBeGreaterThan(3_600_000 - 2 * SLACK);
  expect(moved).toBeLessThan(3_600_000 + 60_000);
});
