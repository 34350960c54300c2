import { DEFAULT_CREATE_TAIL, type SimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import { drawDuration } from '../../adapters/simulator/maintenance';
import { Prng } from '../../adapters/simulator/random';
import { HOUR, MINUTE, REGION, advanceUntil, simulator, spec } from './support';

const USUAL = { minMs: 20 * MINUTE, maxMs: 35 * MINUTE };
const TAIL = { minMs: 60 * MINUTE, maxMs: 120 * MINUTE };
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];

/** How long each environment's create took (CREATING until its next status), in creation order. */
function createDurations(sim: SimulatedAws): number[] {
  const started = new Map<string, number>();
  const took: number[] = [];
  for (const e of sim.events()) {
    if (e.kind !== 'environment.status') continue;
    const key = `${e.region}/${e.name}`;
    if (e.status === 'CREATING') started.set(key, e.at);
    else if (started.has(key)) {
      took.push(e.at - (started.get(key) ?? e.at));
      started.delete(key);
    }
  }
  return took;
}

/** Creates ten environments in each of {@link REGIONS} and runs until all are AVAILABLE. */
async function createSixty(options: SimulatorOptions): Promise<number[]> {
  const sim = simulator({ timings: { create: USUAL }, ...options });
  for (const region of REGIONS) {
    for (let i = 0; i < 10; i++) await sim.ports().mwaa.createEnvironment(region, spec(`env-${i}`));
  }
  await sim.clock.advance(3 * HOUR);
  return createDurations(sim);
}

describe('simulated long-tail durations', () => {
  it('draws a long-tail create duration with the configured probability', async () => {
    const took = await createSixty({ longTail: { probability: 0.25, create: TAIL } });
    expect(took).toHaveLength(60);
    const long = took.filter((ms) => ms >= TAIL.minMs);
    expect(took.every((ms) => (ms >= USUAL.minMs && ms <= USUAL.maxMs) || (ms >= TAIL.minMs && ms <= TAIL.maxMs))).toBe(true);
    expect(long.length).toBeGreaterThanOrEqual(7);
    expect(long.length).toBeLessThanOrEqual(23);
  });

  it('draws from the tail at the configured rate over many draws', () => {
    const rng = new Prng(42);
    const draws = Array.from({ length: 4000 }, () => drawDuration(rng, USUAL, 'create', { probability: 0.1, create: TAIL }));
    const share = draws.filter((ms) => ms >= TAIL.minMs).length / draws.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('stays reproducible: the same seed gives the same durations', async () => {
    const options = { longTail: { probability: 0.3, create: TAIL } };
    await expect(createSixty(options)).resolves.toEqual(await createSixty(options));
  });

  it('takes one to two hours for a create by default when the tail is certain', async () => {
    const took = await createSixty({ longTail: { probability: 1 } });
    expect(took.every((ms) => ms >= DEFAULT_CREATE_TAIL.minMs && ms <= DEFAULT_CREATE_TAIL.maxMs)).toBe(true);
  });

  it('never draws from the tail with probability 0', async () => {
    const took = await createSixty({ longTail: { probability: 0, create: TAIL } });
    expect(took.every((ms) => ms >= USUAL.minMs && ms <= USUAL.maxMs)).toBe(true);
  });

  it('draws long-tail update and delete durations when their tails are set', async () => {
    const sim = simulator({
      longTail: { probability: 1, update: { minMs: 2 * HOUR, maxMs: 2 * HOUR }, delete: { minMs: 3 * HOUR, maxMs: 3 * HOUR } },
    });
    sim.planEnvironment(REGION, 'prod', { createDurationMs: 20 * MINUTE });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    const updateStart = sim.clock.now();
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'prod', maxWorkers: 5 });
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    expect(sim.clock.now() - updateStart).toBe(2 * HOUR);
    const deleteStart = sim.clock.now();
    await sim.ports().mwaa.deleteEnvironment(REGION, 'prod');
    await advanceUntil(sim, 'prod', ['DELETED']);
    expect(sim.clock.now() - deleteStart).toBe(3 * HOUR);
  });

  it('leaves updates and deletes at their usual timings when only a create tail is set', async () => {
    const sim = simulator({ longTail: { probability: 1 }, timings: { update: { minMs: 15 * MINUTE, maxMs: 15 * MINUTE } } });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    const updateStart = sim.clock.now();
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'prod', maxWorkers: 5 });
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    expect(sim.clock.now() - updateStart).toBe(15 * MINUTE);
  });

  it("keeps a plan's duration over the tail", async () => {
    const sim = simulator({ longTail: { probability: 1, create: TAIL } });
    sim.planEnvironment(REGION, 'prod', { createDurationMs: 25 * MINUTE });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await sim.clock.advance(25 * MINUTE);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'prod')).resolves.toMatchObject({ status: 'AVAILABLE' });
  });

  it('draws exactly as without the option for an operation that has no tail', () => {
    const withTail = new Prng(9);
    const without = new Prng(9);
    const off = new Prng(9);
    for (let i = 0; i < 50; i++) {
      const expected = without.duration(USUAL);
      expect(drawDuration(withTail, USUAL, 'update', { probability: 1, create: TAIL })).toBe(expected);
      expect(drawDuration(off, USUAL, 'create', null)).toBe(expected);
    }
  });

  it('rejects a probability outside 0..1 and a malformed tail range', () => {
    expect(() => simulator({ longTail: { probability: 1.5 } })).toThrow(RangeError);
    expect(() => simulator({ longTail: { probability: Number.NaN } })).toThrow(RangeError);
    expect(() => simulator({ longTail: { probability: 0.5, delete: { minMs: 10, maxMs: 1 } } })).toThrow(RangeError);
  });
});
