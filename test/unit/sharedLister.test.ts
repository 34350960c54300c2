/**
 * Shared cleanup checks: the environments waiting in one region share one listing, answers are
 * the same as a check of their own, never older than allowed, and failures and aborts reach only
 * those they concern.
 */
import type { NetworkConfiguration, NetworkInterfaceFilter, NetworkPort } from '../../adapters/port';
import { createSimulatedAws, type SimulatedAws } from '../../adapters/simulator';
import { groupNetworks, MAX_FILTER_VALUES } from '../../machines/interfaceBatch';
import { runMachine } from '../../machines/run';
import { SharedCleanupChecks } from '../../machines/sharedLister';
import { findLeftovers } from '../../machines/survey';
import { bindMachines } from '../../machines/wiring';
import { specFor } from '../support/world';

const REGION = 'eu-west-1';
const MIN = 60_000;

/** The network port of `sim`, counting the calls made through it. */
function counted(sim: SimulatedAws): { port: NetworkPort; calls: Array<{ op: string; filter?: NetworkInterfaceFilter; vpcIds?: string[] }> } {
  const network = sim.ports().network;
  const calls: Array<{ op: string; filter?: NetworkInterfaceFilter; vpcIds?: string[] }> = [];
  return {
    calls,
    port: {
      listRegions: (s) => network.listRegions(s),
      listManagedVpcEndpoints: (r, s, f) => {
        calls.push(f?.vpcIds === undefined ? { op: 'endpoints' } : { op: 'endpoints', vpcIds: [...f.vpcIds] });
        return network.listManagedVpcEndpoints(r, s, f);
      },
      listNetworkInterfaces: (r, f, s) => {
        calls.push({ op: 'interfaces', filter: f });
        return network.listNetworkInterfaces(r, f, s);
      },
    },
  };
}

/** A world with `count` AVAILABLE environments in {@link REGION}, created directly on the ports. */
async function worldWith(count: number): Promise<{ sim: SimulatedAws; networks: NetworkConfiguration[] }> {
  const sim = createSimulatedAws({ seed: 5, environmentQuota: count });
  const ports = sim.ports();
  await sim.clock.run(ports.serviceLinkedRole.createRole({}));
  const specs = Array.from({ length: count }, (_, i) => specFor(`env${i}`));
  for (const spec of specs) await ports.mwaa.createEnvironment(REGION, spec);
  await sim.clock.advance(2 * 3600_000);
  return { sim, networks: specs.map((s) => s.networkConfiguration) };
}

const sorted = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe('SharedCleanupChecks', () => {
  it('answers what a check of its own finds, for every network, with one listing for all of them', async () => {
    const { sim, networks } = await worldWith(12);
    const { port, calls } = counted(sim);
    const shared = new SharedCleanupChecks(port, sim.clock);
    const answers = await sim.clock.run(Promise.all(networks.map((n) => shared.find(REGION, n))));
    expect(calls.map((c) => c.op)).toEqual(['interfaces', 'endpoints']);
    for (const [i, net] of networks.entries()) {
      const own = await findLeftovers(sim.ports().network, REGION, net);
      expect(own.length).toBeGreaterThan(0);
      expect(sorted(answers[i] ?? [])).toEqual(sorted(own));
    }
  });

  it('asks EC2 only for the endpoints of the VPCs being waited on, learnt from their interfaces, and answers as a whole-region listing would', async () => {
    const { sim, networks } = await worldWith(8);
    // Two more environments nobody waits for: their endpoints stay out of the listing.
    const { port, calls } = counted(sim);
    const watched = networks.slice(0, 6);
    const shared = new SharedCleanupChecks(port, sim.clock);
    const answers = await sim.clock.run(Promise.all(watched.map((n) => shared.find(REGION, n))));
    const vpcOf = (name: string): string => sim.inventory().vpcEndpoints.find((e) => e.environmentName === name)?.vpcId ?? 'none';
    expect(calls.map((c) => c.op)).toEqual(['interfaces', 'endpoints']);
    expect([...(calls[1]?.vpcIds ?? [])].sort()).toEqual(watched.map((_, i) => vpcOf(`env${i}`)).sort());
    for (const [i, net] of watched.entries()) {
      const own = await findLeftovers(sim.ports().network, REGION, net);
      expect(own.some((l) => l.kind === 'vpcEndpoint')).toBe(true);
      expect(sorted(answers[i] ?? [])).toEqual(sorted(own));
    }
  });

  it('lists every managed endpoint of the region while a network being waited on has a subnet it has never seen', async () => {
    const { sim, networks } = await worldWith(3);
    const { port, calls } = counted(sim);
    const shared = new SharedCleanupChecks(port, sim.clock);
    const unseen: NetworkConfiguration = { subnetIds: ['subnet-0feedfacefeedface'], securityGroupIds: ['sg-0feedfacefeedface'] };
    const [answer, none] = await sim.clock.run(Promise.all([shared.find(REGION, networks[0] as NetworkConfiguration), shared.find(REGION, unseen)]));
    expect(calls.filter((c) => c.op === 'endpoints')).toEqual([{ op: 'endpoints' }]);
    expect(none).toEqual([]);
    expect(sorted(answer ?? [])).toEqual(sorted(await findLeftovers(sim.ports().network, REGION, networks[0] as NetworkConfiguration)));
  });

  it('splits the VPCs being waited on into calls of at most MAX_FILTER_VALUES', async () => {
    const count = MAX_FILTER_VALUES + 30;
    const { sim, networks } = await worldWith(count);
    const { port, calls } = counted(sim);
    const shared = new SharedCleanupChecks(port, sim.clock);
    const answers = await sim.clock.run(Promise.all(networks.map((n) => shared.find(REGION, n))));
    const byVpc = calls.filter((c) => c.op === 'endpoints').map((c) => c.vpcIds?.length);
    expect(byVpc).toEqual([MAX_FILTER_VALUES, 30]);
    const net = networks[count - 1] as NetworkConfiguration;
    expect(sorted(answers[count - 1] ?? [])).toEqual(sorted(await findLeftovers(sim.ports().network, REGION, net)));
  });

  it('never shows fewer leftovers than there are, through deletions and cleanups', async () => {
    const { sim, networks } = await worldWith(6);
    const { port, calls } = counted(sim);
    const shared = new SharedCleanupChecks(port, sim.clock, { maxAgeMs: 10_000 });
    for (const [i] of networks.entries()) await sim.ports().mwaa.deleteEnvironment(REGION, `env${i}`);
    // Listings made for a network still waiting (its last answer showed leftovers): at most one per round.
    let listingsWhileWaiting = 0;
    const waiting = new Set<number>();
    for (let round = 0; round < 60; round++) {
      await sim.clock.advance(MIN / 2);
      for (const [i, net] of networks.entries()) {
        const before = calls.length;
        const answer = await sim.clock.run(shared.find(REGION, net));
        if (calls.length > before && waiting.has(i)) listingsWhileWaiting++;
        if (answer.length > 0) waiting.add(i);
        else waiting.delete(i);
        // A fresh answer equals a check of its own; a shared one may only show more, never less.
        const own = await findLeftovers(sim.ports().network, REGION, net);
        const ids = new Set(answer.map((l) => l.id));
        expect(own.every((l) => ids.has(l.id))).toBe(true);
      }
    }
    expect(sim.inventory().vpcEndpoints).toEqual([]);
    expect(listingsWhileWaiting).toBeGreaterThan(0);
    expect(listingsWhileWaiting).toBeLessThanOrEqual(60);
    for (const net of networks) expect(await sim.clock.run(shared.find(REGION, net))).toEqual([]);
  });

  it('lists again once the latest listing is older than maxAgeMs, and for a network it has not covered', async () => {
    const { sim, networks } = await worldWith(3);
    const { port, calls } = counted(sim);
    const [a, b, c] = networks as [NetworkConfiguration, NetworkConfiguration, NetworkConfiguration];
    const shared = new SharedCleanupChecks(port, sim.clock, { maxAgeMs: 20_000 });
    await sim.clock.run(Promise.all([shared.find(REGION, a), shared.find(REGION, b)]));
    expect(calls).toHaveLength(2);
    await sim.clock.advance(19_000);
    await sim.clock.run(shared.find(REGION, b));
    expect(calls).toHaveLength(2);
    // A network the listing did not cover gets a listing that started after its first check.
    await sim.clock.run(shared.find(REGION, c));
    expect(calls).toHaveLength(4);
    await sim.clock.advance(2_000);
    await sim.clock.run(shared.find(REGION, a));
    expect(calls).toHaveLength(4);
    await sim.clock.advance(20_000);
    await sim.clock.run(shared.find(REGION, a));
    expect(calls).toHaveLength(6);
    // The latest listing covers all three networks with one filtered call.
    const last = calls[4]?.filter;
    expect(last?.subnetIds?.length).toBe(6);
  });

  it('gathers first checks a few seconds apart into one listing, and starts it at once for a check already covered', async () => {
    const { sim, networks } = await worldWith(3);
    const { port, calls } = counted(sim);
    const [a, b, c] = networks as [NetworkConfiguration, NetworkConfiguration, NetworkConfiguration];
    const shared = new SharedCleanupChecks(port, sim.clock, { maxAgeMs: 10_000, firstCheckGatherMs: 5_000 });
    const started = sim.clock.now();
    const first = shared.find(REGION, a);
    await sim.clock.advance(3_000);
    const second = shared.find(REGION, b);
    await sim.clock.run(Promise.all([first, second]));
    expect(calls).toHaveLength(2);
    expect(sim.clock.now() - started).toBe(5_000);
    // Later: c's first check gathers, but a's check (stale, already covered) must not wait for it.
    await sim.clock.advance(20_000);
    const late = shared.find(REGION, c);
    await sim.clock.advance(1_000);
    const again = shared.find(REGION, a);
    const hurried = sim.clock.now();
    await sim.clock.run(Promise.all([late, again]));
    expect(sim.clock.now()).toBe(hurried);
    expect(calls).toHaveLength(4);
  });

  it('gives a failed listing to every waiter, and lists again on the next check', async () => {
    const { sim, networks } = await worldWith(2);
    const shared = new SharedCleanupChecks(sim.ports().network, sim.clock);
    sim.failNext({ operation: 'ec2.listManagedVpcEndpoints', awsName: 'RequestLimitExceeded', message: 'Request limit exceeded.', httpStatus: 503 });
    const settled = await sim.clock.run(Promise.allSettled(networks.map((n) => shared.find(REGION, n))));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect((await sim.clock.run(shared.find(REGION, networks[0] as NetworkConfiguration))).length).toBeGreaterThan(0);
  });

  it('lets one waiter abort without disturbing the others, and stops a listing nobody waits for', async () => {
    const { sim, networks } = await worldWith(2);
    sim.setLatency('ec2.listManagedVpcEndpoints', { minMs: 5_000, maxMs: 5_000 });
    const shared = new SharedCleanupChecks(sim.ports().network, sim.clock);
    const [a, b] = networks as [NetworkConfiguration, NetworkConfiguration];
    const quitter = new AbortController();
    const first = shared.find(REGION, a, quitter.signal);
    const second = shared.find(REGION, b);
    quitter.abort(new Error('stop'));
    await expect(first).rejects.toMatchObject({ code: 'Aborted' });
    await expect(sim.clock.run(second)).resolves.not.toHaveLength(0);
    await sim.clock.advance(20_000);
    const alone = new AbortController();
    const lonely = shared.find(REGION, a, alone.signal);
    await sim.clock.advance(2_000);
    alone.abort(new Error('stop'));
    await expect(lonely).rejects.toMatchObject({ code: 'Aborted' });
    await sim.clock.advance(10_000);
    expect(sim.calls().filter((c) => c.operation === 'ec2.listManagedVpcEndpoints' && c.outcome === 'Aborted')).toHaveLength(1);
  });

  it('refuses a negative or endless maxAgeMs', () => {
    const sim = createSimulatedAws();
    expect(() => new SharedCleanupChecks(sim.ports().network, sim.clock, { maxAgeMs: -1 })).toThrow(RangeError);
    expect(() => new SharedCleanupChecks(sim.ports().network, sim.clock, { maxAgeMs: Infinity })).toThrow(RangeError);
  });
});

describe('groupNetworks', () => {
  it('keeps every filter within the value cap', () => {
    const networks = Array.from({ length: 250 }, (_, i) => ({ subnetIds: [`subnet-${i}a`, `subnet-${i}b`], securityGroupIds: [`sg-${i}`] }));
    const groups = groupNetworks([...networks, { subnetIds: [], securityGroupIds: ['sg-x'] }]);
    expect(groups).toHaveLength(3);
    expect(groups.every((g) => g.subnetIds.length <= MAX_FILTER_VALUES && g.securityGroupIds.length <= MAX_FILTER_VALUES)).toBe(true);
    expect(groups.flatMap((g) => g.subnetIds)).toHaveLength(500);
  });
});

describe('environments deleting together', () => {
  it('confirm their cleanups with far fewer EC2 calls than one listing per check', async () => {
    const count = 20;
    const ec2Calls = async (shared: boolean): Promise<{ calls: number; results: string[] }> => {
      const { sim } = await worldWith(count);
      const bound = bindMachines(sim.ports(), { clock: sim.clock, ...(shared ? {} : { sharedCleanupChecks: false as const }) });
      const before = sim.calls().length;
      const outcomes = await sim.clock.run(
        Promise.all(
          Array.from({ length: count }, (_, i) =>
            runMachine(bound.environment, { operation: 'delete', region: REGION, name: `env${i}`, network: specFor(`env${i}`).networkConfiguration }),
          ),
        ),
      );
      const calls = sim.calls().slice(before).filter((c) => c.operation.startsWith('ec2.')).length;
      return { calls, results: outcomes.map((o) => `${o.result}:${String('cleanupVerified' in o && o.cleanupVerified)}`) };
    };
    const shared = await ec2Calls(true);
    const alone = await ec2Calls(false);
    expect(shared.results).toEqual(Array.from({ length: count }, () => 'deleted:true'));
    expect(alone.results).toEqual(shared.results);
    expect(shared.calls * 2).toBeLessThan(alone.calls);
  });
});
