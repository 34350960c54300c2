/**
 * Realistic throttling, an option of the simulated world (`rateLimits`, off by default): one token
 * bucket per account, operation and region on the virtual clock. A bucket starts full (`burst`
 * tokens), refills continuously at `perSecond`, and each admitted call takes one token; a call that
 * finds less than one token fails with the service's throttling error and takes nothing.
 * AWS publishes no MWAA or IAM rate limits, so the numbers are the caller's.
 */
import type { PortOperation } from './types';

/** A token bucket: `burst` calls at once, refilled at `perSecond` calls per virtual second. */
export interface RateLimit {
  /** Tokens added per virtual second (> 0). */
  perSecond: number;
  /** Bucket size, and how full it starts (>= 1). */
  burst: number;
}

/** Rate limits by operation; `'*'` is the limit of every operation without its own (each still gets its own bucket). */
export type RateLimits = Partial<Record<PortOperation | '*', RateLimit>>;

/** A limiter as a saved world holds it. */
export interface SavedRateLimits {
  limits: RateLimits;
  buckets: [string, { tokens: number; at: number }][];
}

interface Bucket {
  tokens: number;
  /** Virtual ms of the last refill. */
  at: number;
}

/** Float slack, so calls spaced exactly at the rate are never refused for a rounding error. */
const EPSILON = 1e-9;
/** The bucket key of a global service (IAM) or a call without a region. */
const GLOBAL = '(global)';

/** The per-account, per-operation, per-region token buckets of one world. */
export class RateLimiter {
  private readonly limits: RateLimits;
  private readonly buckets = new Map<string, Bucket>();

  constructor(limits: RateLimits) {
    for (const [operation, limit] of Object.entries(limits)) {
      if (!limit) continue;
      if (!(Number.isFinite(limit.perSecond) && limit.perSecond > 0)) {
        throw new RangeError(`rateLimits['${operation}'].perSecond must be a positive number, got ${limit.perSecond}`);
      }
      if (!(Number.isFinite(limit.burst) && limit.burst >= 1)) {
        throw new RangeError(`rateLimits['${operation}'].burst must be at least 1, got ${limit.burst}`);
      }
    }
    this.limits = structuredClone(limits);
  }

  /** The limits and every bucket's level, as plain data. */
  save(): SavedRateLimits {
    return { limits: structuredClone(this.limits), buckets: [...this.buckets.entries()].map(([key, b]) => [key, { ...b }]) };
  }

  /** A limiter with saved limits and bucket levels. */
  static restore(saved: SavedRateLimits): RateLimiter {
    const limiter = new RateLimiter(saved.limits);
    for (const [key, bucket] of saved.buckets) limiter.buckets.set(key, { ...bucket });
    return limiter;
  }

  /**
   * Takes a token for this call: `null` when the call is admitted, else the virtual ms until the
   * bucket holds a whole token again (the retry hint). Operations without a limit are always admitted.
   */
  take(accountId: string, operation: PortOperation, region: string | undefined, now: number): number | null {
    const limit = this.limits[operation] ?? this.limits['*'];
    if (!limit) return null;
    const key = `${accountId}|${operation}|${region ?? GLOBAL}`;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) * limit.perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1 - EPSILON) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      return null;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / limit.perSecond));
  }
}
