/**
 * What the machines' actors hand back: a port call's result or its error as a JSON value, stamped
 * with the clock's time, so machines keep errors in context and compute absolute deadlines
 * without reading a clock themselves.
 */
import type { SerializedAwsError } from '../adapters/errors';

/** A port call that succeeded, with the time its answer arrived. */
export interface CallSucceeded<T> {
  ok: true;
  value: T;
  /** ms since the epoch, on the shared clock. */
  at: number;
  /** When the call was made; far behind the machine's last known time only after a restore (downtime). */
  startedAt: number;
}

/** A port call that failed with a coded error, with the time the failure arrived. */
export interface CallFailed {
  ok: false;
  error: SerializedAwsError;
  at: number;
  /** When the call was made. */
  startedAt: number;
}

/** The outcome of one port call. */
export type CallResult<T> = CallSucceeded<T> | CallFailed;

/** The output of a wait actor: the time it woke up. */
export interface WokeUp {
  at: number;
  /** When the wait began; far behind the machine's last known time only after a restore (downtime). */
  startedAt: number;
}

/**
 * Time the process was not running between the machine's last known time and the start of the
 * actor that just answered. Actors start the instant their state is entered, so a gap larger
 * than a few seconds means the machine was persisted, stopped and restored later: deadlines move
 * by that much, so a wait never times out on time that nobody observed.
 */
export function downtimeBefore(lastKnown: number | null, startedAt: number): number {
  if (lastKnown === null) return 0;
  const gap = startedAt - lastKnown;
  return gap > DOWNTIME_THRESHOLD_MS ? gap : 0;
}

/** Gaps up to this long between a state's entry and its actor's start are scheduling noise, not downtime. */
export const DOWNTIME_THRESHOLD_MS = 5_000;

/** Moves an absolute time by `shift` ms, keeping `null` as it is. */
export const shifted = (at: number | null, shift: number): number | null => (at === null ? null : at + shift);

/** Where a leftover lives and what it is. */
export interface Leftover {
  region: string;
  kind: 'vpcEndpoint' | 'networkInterface';
  id: string;
  status: string;
}

/**
 * The given absolute times of `context` (ms epoch or `null`), moved by the downtime before an
 * actor that began at `startedAt`; empty when there was none.
 */
export function resumedTimes<C extends { now: number | null }, K extends keyof C>(context: C, startedAt: number, keys: readonly K[]): Partial<Pick<C, K>> {
  const shift = downtimeBefore(context.now, startedAt);
  if (shift === 0) return {};
  return Object.fromEntries(keys.map((key) => [key, shifted(context[key] as number | null, shift)])) as Partial<Pick<C, K>>;
}

/** What the environment and role machines remember of their last call and the request they retry. */
export interface CallState {
  lastCallFailed: boolean;
  lastError: SerializedAwsError | null;
  now: number | null;
  requestRetryUntil: number | null;
}

/** The last call failed in a way retrying cannot fix. */
export const failedHard = (state: CallState): boolean => state.lastCallFailed && state.lastError?.retryable !== true;

/**
 * The last request failed transiently (throttling, 5xx, a timeout, MWAA refusing a create while IAM
 * propagates a new execution role) and its retry window is still open.
 */
export const retryableNow = (state: CallState): boolean =>
  state.lastCallFailed && state.lastError?.retryable === true && state.now !== null && state.requestRetryUntil !== null && state.now < state.requestRetryUntil;
