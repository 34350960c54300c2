/**
 * Property-based tests: random fault schedules and random kill-and-restore points over a whole
 * account lifecycle (apply, then teardown), with the invariants that make the product safe.
 */
import fc from 'fast-check';
import type { PortOperation } from '../../adapters/simulator';
import type { EnvironmentOutcome } from '../../machines/environment.types';
import { runMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { drive } from '../support/driver';
import { watchRoleDeletion } from '../support/roleGuard';
import { newWorld, specFor } from '../support/world';

const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const OPERATIONS: PortOperation[] = [
  'mwaa.createEnvironment',
  'mwaa.getEnvironment',
  'mwaa.deleteEnvironment',
  'mwaa.listEnvironments',
  'iam.getRole',
  'iam.createRole',
  'iam.deleteRole',
  'iam.getDeletionStatus',
  'ec2.listManagedVpcEndpoints',
  'ec2.listNetworkInterfaces',
];

const faultArb = fc.record({
  operation: fc.constantFrom<PortOperation | '*'>('*', ...OPERATIONS),
  kind: fc.constantFrom('throttle' as const, 'unavailable' as const),
  rate: fc.double({ min: 0.05, max: 0.4, noNaN: true }),
});

const scenarioArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  environments: fc.uniqueArray(fc.record({ region: fc.constantFrom(...REGIONS), name: fc.constantFrom('alpha', 'beta', 'gamma') }), {
    minLength: 1,
    maxLength: 3,
    selector: (e) => e.name,
  }),
  faults: fc.array(faultArb, { minLength: 1, maxLength: 4 }),
  scripted: fc.array(
    fc.record({
      operation: fc.constantFrom<PortOperation>(...OPERATIONS),
      times: fc.integer({ min: 1, max: 3 }),
      kind: fc.constantFrom('throttle' as const, 'unavailable' as const),
    }),
    { maxLength: 3 },
  ),
  latencyMs: fc.constantFrom(0, 500, 5_000),
  restarts: fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 5 }),
});

const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
/** Larger PROPERTY_RUNS need more than jest's default budget. */
const TIMEOUT_MS = 60_000 + RUNS * 2_000;

describe('account lifecycle under random faults and restarts', () => {
  it('never requests role deletion early, never creates an environment twice, leaks nothing, and always ends', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const world = newWorld({ seed: scenario.seed });
        for (const fault of scenario.faults) world.sim.addFault(fault);
        for (const s of scenario.scripted) {
          world.sim.failNext(
            s.kind === 'throttle'
              ? { operation: s.operation, times: s.times, awsName: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 429 }
              : { operation: s.operation, times: s.times, awsName: 'InternalServerException', message: 'internal error', httpStatus: 500 },
          );
        }
        if (scenario.latencyMs > 0) world.sim.setLatency('*', { minMs: 0, maxMs: scenario.latencyMs });
        const violations: string[] = [];
        const bound = bindMachines(watchRoleDeletion(world.sim, world.sim.ports(), violations), { clock: world.clock });
        const environments = scenario.environments.map((e) => ({ region: e.region, spec: specFor(e.name) }));
        const restartAfter = new Set(scenario.restarts);
        const started = world.clock.now();
        const applyResults: EnvironmentOutcome[] = [];

        const applied = await drive(world.clock, bound.account, { plan: 'apply', regions: [...REGIONS], environments }, {
          restartAfter,
          onStep: (actor) => {
            const snapshot = actor.getSnapshot();
            if (!snapshot.matches('ready')) return;
            applyResults.push(...Object.values(snapshot.context.results));
            actor.send({ type: 'TEARDOWN' });
          },
        });
        const outcome = applied.snapshot.output;
        if (process.env.DBG) console.log(outcome?.result, applied.restarts, applied.steps, world.sim.calls().filter((c) => c.outcome !== 'ok').length, applyResults.map((r) => r.result).join(','));

        // Always ends in a final state, well within the sum of its budgets.
        expect(applied.snapshot.status).toBe('done');
        expect(world.clock.now() - started).toBeLessThan(12 * 3600_000);
        // Transient faults never fail an environment: they are retried within the phase's budget.
        expect(applyResults).toHaveLength(environments.length);
        for (const result of applyResults) expect(result.result).toBe('available');
        // The role is never deletion-requested while anything uses it.
        expect(violations).toEqual([]);
        // No environment is created twice.
        for (const env of environments) {
          const created = world.sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment' && c.outcome === 'ok' && c.target === env.spec.name);
          expect(created.length).toBeLessThanOrEqual(1);
        }
        // Nothing leaks: a clean teardown leaves an empty account; any other ending says why.
        const inventory = world.sim.inventory();
        expect(world.sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
        if (outcome?.result === 'roleDeleted') {
          expect(inventory).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
        } else {
          expect(['failed', 'blocked', 'roleKept']).toContain(outcome?.result);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261128) },
    );
  }, TIMEOUT_MS);
});

const foreignArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  foreign: fc.uniqueArray(
    fc.record({
      region: fc.constantFrom(...REGIONS, 'ap-southeast-2'),
      name: fc.constantFrom('legacy', 'shared', 'sandbox'),
      // When its owner deletes it, in virtual minutes from the start; never, when null.
      deleteAfterMinutes: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 3, selector: (e) => e.name },
  ),
  throttle: fc.double({ min: 0, max: 0.3, noNaN: true }),
  restarts: fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 4 }),
});

describe('role deletion while environments owned by others come and go', () => {
  it('waits for every foreign environment and its network resources, names them while blocked, and deletes the role only when all are gone', async () => {
    await fc.assert(
      fc.asyncProperty(foreignArb, async (scenario) => {
        const world = newWorld({ seed: scenario.seed });
        const setup = bindMachines(world.sim.ports(), { clock: world.clock });
        for (const f of scenario.foreign) {
          await world.clock.run(runMachine(setup.environment, { operation: 'create', region: f.region, spec: specFor(f.name) }));
        }
        const start = world.clock.now();
        for (const f of scenario.foreign) {
          if (f.deleteAfterMinutes === null) continue;
          world.clock.setTimeout(() => {
            void runMachine(setup.environment, { operation: 'delete', region: f.region, name: f.name });
          }, start + f.deleteAfterMinutes * 60_000 - world.clock.now());
        }
        if (scenario.throttle > 0) world.sim.addFault({ operation: '*', kind: 'throttle', rate: scenario.throttle });
        const violations: string[] = [];
        const bound = bindMachines(watchRoleDeletion(world.sim, world.sim.ports(), violations), { clock: world.clock });
        const sawBlockers = new Set<string>();
        const result = await drive(
          world.clock,
          bound.account,
          // The regions are listed, so discovery is left out here to keep each run cheap (safetyMatrix covers it).
          { plan: 'deleteRole', regions: [...REGIONS, 'ap-southeast-2'], discoverRegions: false, forceRoleDeletion: true, timeouts: { blockedMs: 12 * 3600_000 } },
          {
            restartAfter: new Set(scenario.restarts),
            onStep: (actor) => {
              for (const b of actor.getSnapshot().context.blockers) if (b.kind === 'environment') sawBlockers.add(b.id);
            },
          },
        );
        const outcome = result.snapshot.output;
        expect(violations).toEqual([]);
        // Every foreign environment was named as a blocker while it existed.
        expect([...sawBlockers].sort()).toEqual(scenario.foreign.map((f) => f.name).sort());
        const lingering = scenario.foreign.filter((f) => f.deleteAfterMinutes === null);
        if (lingering.length > 0) {
          expect(outcome).toMatchObject({ result: 'blocked' });
          expect(outcome?.result === 'blocked' && outcome.blockers.filter((b) => b.kind === 'environment').map((b) => b.id).sort()).toEqual(
            lingering.map((f) => f.name).sort(),
          );
          expect(world.sim.inventory().serviceLinkedRole).not.toBeNull();
        } else {
          expect(outcome).toMatchObject({ result: 'roleDeleted' });
          expect(world.sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
        }
        expect(world.sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: Number(process.env.PROPERTY_SEED ?? 20261128) },
    );
  }, TIMEOUT_MS);
});
