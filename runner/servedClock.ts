/**
 * A clock that follows the virtual clock of a `serve` endpoint: read once from its control
 * endpoint, then run at its speed. Every worker that reads it shares one timeline with the served
 * world and with each other, so a deadline saved by one worker means the same instant to the next.
 */
import type { Clock } from '../domain/clock';

/** The served clock and its speed (virtual ms per real ms). */
export interface ServedClock {
  clock: Clock;
  speed: number;
}

/** Reads the clock of the `serve` endpoint at `endpoint`; throws when it does not answer or its clock is manual. */
export async function servedClock(endpoint: string): Promise<ServedClock> {
  const before = Date.now();
  const response = await fetch(new URL('/_mwaa-lifecycle/clock', endpoint));
  if (!response.ok) throw new Error(`${endpoint} did not serve its clock (HTTP ${response.status}): is it \`mwaa-lifecycle serve\`?`);
  const state = (await response.json()) as { now?: unknown; speed?: unknown };
  const after = Date.now();
  if (typeof state.now !== 'number') throw new Error(`${endpoint} did not serve its clock: is it \`mwaa-lifecycle serve\`?`);
  if (typeof state.speed !== 'number' || !(state.speed > 0)) throw new Error(`${endpoint} runs a manual clock: workers need one that follows real time (serve --speed)`);
  const speed = state.speed;
  const virtualAt = state.now;
  // The answer was read somewhere between the two instants: take the middle.
  const realAt = (before + after) / 2;
  return {
    speed,
    clock: {
      now: () => virtualAt + Math.round((Date.now() - realAt) * speed),
      setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms) / speed),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  };
}
