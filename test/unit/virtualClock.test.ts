import { sleep, sleepUntil } from '../../domain/clock';
import { VirtualClock, VirtualDeadlockError } from '../../domain/virtualClock';

describe('VirtualClock', () => {
  it('fires timers in deadline order, including ones scheduled while advancing', async () => {
    const clock = new VirtualClock({ start: 0 });
    const fired: string[] = [];
    clock.setTimeout(() => {
      fired.push('a@1000');
      clock.setTimeout(() => fired.push('c@1500'), 500);
    }, 1000);
    clock.setTimeout(() => fired.push('b@2000'), 2000);
    await clock.advance(5000);
    expect(fired).toEqual(['a@1000', 'c@1500', 'b@2000']);
    expect(clock.now()).toBe(5000);
  });

  it('runs a 40-minute chain of sleeps to completion in a handful of steps', async () => {
    const clock = new VirtualClock({ start: 0 });
    const work = (async () => {
      for (let i = 0; i < 40; i++) await sleep(clock, 60_000);
      return clock.now();
    })();
    await expect(clock.run(work)).resolves.toBe(40 * 60_000);
  });

  it('jumps over 24 idle virtual hours without stepping through them', async () => {
    const clock = new VirtualClock({ start: 0 });
    let steps = 0;
    const work = sleepUntil(clock, 24 * 3600_000).then(() => steps++);
    await clock.run(work);
    expect(clock.now()).toBe(24 * 3600_000);
    expect(steps).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports a deadlock when the awaited work waits on nothing that is scheduled', async () => {
    const clock = new VirtualClock({ start: 0 });
    await expect(clock.run(new Promise<void>(() => undefined))).rejects.toBeInstanceOf(VirtualDeadlockError);
  });

  it('cancels a sleep when its signal aborts', async () => {
    const clock = new VirtualClock({ start: 0 });
    const controller = new AbortController();
    const slept = sleep(clock, 1000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });
});
