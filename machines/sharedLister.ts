/**
 * Cleanup checks shared by every environment waiting in the same region. After a deletion each
 * environment asks, every few seconds, whether MWAA's endpoints and interfaces in its network are
 * gone; asked one by one that costs two or three EC2 list calls per environment per check, and
 * each lists every managed endpoint of the region. Here one region listing (the managed endpoints,
 * and the interfaces of every network being waited on, in one filtered call) answers every
 * environment that asks while it is at most `maxAgeMs` old, so the calls follow the number of
 * regions and the passing time, not the number of environments. Once the listings have shown which
 * VPC each watched subnet is in, the endpoint call asks only for those VPCs (see `subnetVpcs.ts`),
 * so its answer follows the environments being waited on, not every environment of the region.
 *
 * A shared answer may be up to `maxAgeMs` old, never older than the network's first check: the
 * first check of a network always waits for a listing that started after it. An older listing
 * can only show more leftovers than there are now (MWAA's resources are made before the
 * environment can be deleted and only go away after), so sharing delays the notice of a finished
 * cleanup by at most `maxAgeMs` and never reports one early.
 */
import { abortedError } from '../adapters/errors';
import type { Clock, TimerHandle } from '../domain/clock';
import type { NetworkConfiguration, NetworkPort } from '../adapters/port';
import { leftoversIn, listRegion, type RegionListing } from './regionListing';
import { SubnetVpcs } from './subnetVpcs';
import type { Leftover } from './results';

/** Options of {@link SharedCleanupChecks}. */
export interface SharedCleanupOptions {
  /** The oldest listing that may answer a check, ms. Default {@link DEFAULT_SHARED_MAX_AGE_MS}; 0 shares only listings started at the same instant. */
  maxAgeMs?: number;
  /** A network nobody has asked about for this long stops being listed, ms. Default 10 min. */
  forgetAfterMs?: number;
  /**
   * How long a network's first check waits for others to join its listing, ms. Default
   * {@link DEFAULT_FIRST_CHECK_GATHER_MS}. A first check comes right after the deletion, long before
   * MWAA's cleanup ends, so waiting a little costs no notice; later checks never wait.
   */
  firstCheckGatherMs?: number;
}

/** The default of {@link SharedCleanupOptions.firstCheckGatherMs}. */
export const DEFAULT_FIRST_CHECK_GATHER_MS = 5_000;

/** The default of {@link SharedCleanupOptions.maxAgeMs}: a listing at most this old answers a check, so sharing adds at most 15 s to the notice of a finished cleanup (the cleanup wait aims at a 10 s mean lag). */
export const DEFAULT_SHARED_MAX_AGE_MS = 15_000;

/** One region's listing. */
interface Listing extends RegionListing {
  startedAt: number;
  /** Keys of the networks whose interfaces it holds. */
  covers: ReadonlySet<string>;
}

/** A listing gathering its networks, or under way. */
interface Job {
  /** False while checks may still join (each network being waited on is listed when it starts). */
  started: boolean;
  /** Starts a gathering listing at once, for a check that must not wait. */
  hurry(): void;
  startedAt: number;
  covers: ReadonlySet<string>;
  done: Promise<Listing>;
  waiters: number;
  /** Stops the listing once nobody waits for it any more. */
  abandon(reason: unknown): void;
}

interface RegionState {
  /** Networks being waited on, with when each was first and last asked about. */
  watched: Map<string, { network: NetworkConfiguration; since: number; askedAt: number }>;
  /** The VPCs of the subnets seen so far, so a listing reads only the VPCs being waited on. */
  subnets: SubnetVpcs;
  latest: Listing | null;
  fetching: Job | null;
}

const keyOf = (net: NetworkConfiguration): string => `${[...net.subnetIds].sort().join(',')}|${[...net.securityGroupIds].sort().join(',')}`;

/** Answers cleanup checks from region listings shared between the environments of one account. */
export class SharedCleanupChecks {
  private readonly regions = new Map<string, RegionState>();
  private readonly maxAgeMs: number;
  private readonly forgetAfterMs: number;
  private readonly gatherMs: number;

  constructor(
    private readonly port: NetworkPort,
    private readonly clock: Clock,
    options: SharedCleanupOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_SHARED_MAX_AGE_MS;
    this.forgetAfterMs = options.forgetAfterMs ?? 10 * 60_000;
    this.gatherMs = options.firstCheckGatherMs ?? DEFAULT_FIRST_CHECK_GATHER_MS;
    if (!(this.gatherMs >= 0 && Number.isFinite(this.gatherMs))) throw new RangeError('firstCheckGatherMs must be a finite number of milliseconds ≥ 0');
    if (!(this.maxAgeMs >= 0 && Number.isFinite(this.maxAgeMs))) throw new RangeError('maxAgeMs must be a finite number of milliseconds ≥ 0');
    if (!(this.forgetAfterMs > 0)) throw new RangeError('forgetAfterMs must be a positive number of milliseconds');
  }

  /** The endpoints and interfaces MWAA made in `net` that still exist, as seen by a listing at most `maxAgeMs` old. */
  async find(region: string, net: NetworkConfiguration, signal?: AbortSignal): Promise<Leftover[]> {
    if (signal?.aborted) throw abortedError('ec2', 'listNetworkInterfaces', signal.reason);
    const now = this.clock.now();
    const state = this.regionState(region);
    const key = keyOf(net);
    const seen = state.watched.get(key);
    const since = seen && now - seen.askedAt <= this.forgetAfterMs ? seen.since : now;
    state.watched.set(key, { network: net, since, askedAt: now });
    const listing = await this.listingFor(state, region, key, since, now, signal);
    const leftovers = leftoversIn(region, net, listing);
    // A clean network is done with; should it be asked about again, it starts afresh.
    if (leftovers.length === 0 && state.watched.get(key)?.askedAt === now) state.watched.delete(key);
    return leftovers;
  }

  private regionState(region: string): RegionState {
    let state = this.regions.get(region);
    if (!state) this.regions.set(region, (state = { watched: new Map(), subnets: new SubnetVpcs(), latest: null, fetching: null }));
    return state;
  }

  private async listingFor(state: RegionState, region: string, key: string, since: number, now: number, signal?: AbortSignal): Promise<Listing> {
    const usable = (l: { startedAt: number; covers: ReadonlySet<string> }): boolean =>
      l.covers.has(key) && l.startedAt >= since && now - l.startedAt <= this.maxAgeMs;
    if (state.latest && usable(state.latest)) return state.latest;
    // A network the latest listing covered wants a fresher one now; a network's first check may wait to be gathered.
    const urgent = state.latest !== null && state.latest.covers.has(key) && state.latest.startedAt >= since;
    const current = state.fetching;
    if (current && !current.started) {
      if (urgent) current.hurry();
      return waitFor(current, signal);
    }
    const job = current && usable(current) ? current : this.startListing(state, region, urgent ? 0 : this.gatherMs);
    return waitFor(job, signal);
  }

  /**
   * Lists the region for every network being waited on when it starts, `delayMs` from now. Even
   * with no delay it starts after every check due at this same instant has asked (a zero-delay
   * timer fires after the timers already due), so environments woken together share it.
   */
  private startListing(state: RegionState, region: string, delayMs: number): Job {
    const controller = new AbortController();
    let timer: TimerHandle = undefined;
    const { promise: done, resolve, reject } = deferred<Listing>();
    const job: Job = {
      started: false,
      startedAt: Number.NaN,
      covers: new Set(),
      waiters: 0,
      done,
      hurry: () => {
        if (job.started) return;
        this.clock.clearTimeout(timer);
        timer = this.clock.setTimeout(begin, 0);
      },
      abandon: (reason) => {
        if (state.fetching === job) state.fetching = null;
        controller.abort(reason);
      },
    };
    const begin = (): void => {
      const now = this.clock.now();
      for (const [key, w] of state.watched) if (now - w.askedAt > this.forgetAfterMs) state.watched.delete(key);
      job.started = true;
      job.startedAt = now;
      job.covers = new Set(state.watched.keys());
      const networks = [...state.watched.values()].map((w) => w.network);
      listRegion(this.port, region, networks, controller.signal, state.subnets).then((found) => resolve({ startedAt: now, covers: job.covers, ...found }), reject);
    };
    timer = this.clock.setTimeout(begin, delayMs);
    controller.signal.addEventListener('abort', () => {
      if (job.started) return;
      this.clock.clearTimeout(timer);
      reject(abortedError('ec2', 'listManagedVpcEndpoints', controller.signal.reason));
    });
    state.fetching = job;
    done.then(
      (listing) => {
        if (!state.latest || state.latest.startedAt <= listing.startedAt) state.latest = listing;
        if (state.fetching === job) state.fetching = null;
      },
      () => {
        if (state.fetching === job) state.fetching = null;
      },
    );
    return job;
  }
}

/** A promise with its settling functions. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits for a listing; a waiter whose signal aborts leaves it, and the last one to leave stops it. */
function waitFor(job: Job, signal?: AbortSignal): Promise<Listing> {
  job.waiters++;
  if (!signal) return job.done.finally(() => job.waiters--);
  return new Promise<Listing>((resolve, reject) => {
    let left = false;
    const leave = (): boolean => {
      if (left) return false;
      left = true;
      signal.removeEventListener('abort', onAbort);
      job.waiters--;
      return true;
    };
    const onAbort = (): void => {
      if (!leave()) return;
      if (job.waiters === 0) job.abandon(signal.reason);
      reject(abortedError('ec2', 'listNetworkInterfaces', signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    job.done.then(
      (listing) => {
        if (leave()) resolve(listing);
      },
      (error: Error) => {
        if (leave()) reject(error);
      },
    );
  });
}
