import { BoundedLog, DEFAULT_LOG_LIMIT } from '../../adapters/simulator/boundedLog';
import { HOUR, REGION, simulator, spec } from './support';

describe('BoundedLog', () => {
  it('keeps the latest entries in order once full', () => {
    const log = new BoundedLog<number>(3);
    for (let i = 1; i <= 7; i++) log.push(i);
    expect(log.entries()).toEqual([5, 6, 7]);
    expect(log.total).toBe(7);
    expect(log.dropped).toBe(4);
  });

  it('keeps everything with Infinity and nothing with 0', () => {
    const all = new BoundedLog<number>(Infinity);
    const none = new BoundedLog<number>(0);
    for (let i = 0; i < 1000; i++) {
      all.push(i);
      none.push(i);
    }
    expect(all.entries()).toHaveLength(1000);
    expect(none.entries()).toEqual([]);
    expect(none.total).toBe(1000);
  });

  it('refuses a limit that is not a whole number of entries', () => {
    for (const bad of [-1, 1.5, NaN]) expect(() => new BoundedLog(bad)).toThrow(RangeError);
    expect(new BoundedLog().limit).toBe(DEFAULT_LOG_LIMIT);
  });
});

describe('the simulator logs with a limit', () => {
  it('keeps the latest calls and events and counts every one', async () => {
    const full = simulator();
    const capped = simulator({ logLimit: 5 });
    for (const sim of [full, capped]) {
      const ports = sim.ports();
      await ports.mwaa.createEnvironment(REGION, spec('logged'));
      for (let i = 0; i < 10; i++) await ports.mwaa.getEnvironment(REGION, 'logged');
      await sim.clock.advance(HOUR);
    }
    expect(capped.calls()).toEqual(full.calls().slice(-5));
    expect(capped.events()).toEqual(full.events().slice(-5));
    expect(capped.logCounts()).toEqual({
      calls: full.calls().length,
      events: full.events().length,
      droppedCalls: full.calls().length - 5,
      droppedEvents: full.events().length - 5,
    });
    expect(full.logCounts().droppedCalls).toBe(0);
  });

  it('refuses a bad limit when the simulator is made', () => {
    expect(() => simulator({ logLimit: -3 })).toThrow(RangeError);
  });
});
