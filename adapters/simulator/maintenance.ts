/**
 * The optional behaviours of the simulated world around durations: service maintenance windows
 * and long-tail operation durations. Both are off unless {@link SimulatorOptions} turns them on.
 */
import type { Prng } from './random';
import { MAINTENANCE_SOURCE, type DurationRange, type LongTailOptions, type MaintenanceOptions } from './types';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** {@link MaintenanceOptions} with its defaults filled in. */
export interface Maintenance {
  /** Fixed interval after AVAILABLE; absent: the environment's weekly window. */
  everyMs?: number;
  durationMs: DurationRange;
  source: string;
}

/** {@link LongTailOptions} with its defaults filled in. */
export interface LongTail {
  probability: number;
  create?: DurationRange;
  update?: DurationRange;
  delete?: DurationRange;
}

/** The operations whose duration may come from a long tail. */
export type TimedOperation = 'create' | 'update' | 'delete';

/** How long a maintenance lasts unless configured. UNVERIFIED: AWS documents no duration. */
export const DEFAULT_MAINTENANCE_DURATION: Readonly<DurationRange> = Object.freeze({ minMs: 10 * MINUTE, maxMs: 60 * MINUTE });
/** The tail of a create unless configured: users report environments stuck in CREATING for 1-2 h. */
export const DEFAULT_CREATE_TAIL: Readonly<DurationRange> = Object.freeze({ minMs: 60 * MINUTE, maxMs: 120 * MINUTE });

/** Validates the maintenance option and fills in its defaults; `null` when maintenance is off. */
export function resolveMaintenance(options: MaintenanceOptions | undefined): Readonly<Maintenance> | null {
  if (options === undefined) return null;
  if (options.everyMs !== undefined && !(Number.isFinite(options.everyMs) && options.everyMs > 0)) {
    throw new RangeError(`maintenance.everyMs must be a positive number of ms, not ${options.everyMs}`);
  }
  const durationMs = checkedRange('maintenance.durationMs', options.durationMs ?? DEFAULT_MAINTENANCE_DURATION);
  const source = options.source ?? MAINTENANCE_SOURCE;
  if (source.length < 1 || source.length > 256) throw new RangeError('maintenance.source must be 1-256 characters, as LastUpdate.Source is');
  return Object.freeze({ ...(options.everyMs === undefined ? {} : { everyMs: options.everyMs }), durationMs, source });
}

/** Validates the long-tail option and fills in its defaults; `null` when long tails are off. */
export function resolveLongTail(options: LongTailOptions | undefined): Readonly<LongTail> | null {
  if (options === undefined) return null;
  const { probability } = options;
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`longTail.probability must be within 0..1, not ${probability}`);
  const tail: LongTail = { probability, create: checkedRange('longTail.create', options.create ?? DEFAULT_CREATE_TAIL) };
  if (options.update !== undefined) tail.update = checkedRange('longTail.update', options.update);
  if (options.delete !== undefined) tail.delete = checkedRange('longTail.delete', options.delete);
  return Object.freeze(tail);
}

/**
 * The duration of an operation: from its tail range with the tail's probability, else from
 * `usual`. Without a tail for the operation it draws exactly as before, so turning the option off
 * (or leaving an operation's tail unset) shifts no other draw of the seeded stream.
 */
export function drawDuration(rng: Prng, usual: DurationRange, operation: TimedOperation, longTail: Readonly<LongTail> | null): number {
  const tail = longTail?.[operation];
  if (longTail === null || tail === undefined) return rng.duration(usual);
  return rng.next() < longTail.probability ? rng.duration(tail) : rng.duration(usual);
}

/**
 * Virtual ms from `now` to the next start (strictly later) of a weekly window such as
 * `SUN:03:00` (UTC). A malformed window counts as {@link WEEK} from now.
 */
export function untilWeeklyWindow(windowStart: string, now: number): number {
  const match = /^(MON|TUE|WED|THU|FRI|SAT|SUN):(\d{2}):(\d{2})$/.exec(windowStart);
  if (!match) return WEEK;
  const [, day = 'SUN', hours = '0', minutes = '0'] = match;
  const date = new Date(now);
  const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]);
  const offset = ((weekday - date.getUTCDay() + 7) % 7) * DAY + (Number(hours) * 60 + Number(minutes)) * MINUTE;
  let at = dayStart + offset;
  while (at <= now) at += WEEK;
  return at - now;
}

function checkedRange(name: string, range: DurationRange): Readonly<DurationRange> {
  const { minMs, maxMs } = range;
  if (!(Number.isFinite(minMs) && Number.isFinite(maxMs) && minMs >= 0 && maxMs >= minMs)) {
    throw new RangeError(`${name} must be a range with 0 <= minMs <= maxMs, not ${minMs}-${maxMs}`);
  }
  return Object.freeze({ minMs, maxMs });
}
