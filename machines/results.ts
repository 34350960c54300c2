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
}

/** A port call that failed with a coded error, with the time the failure arrived. */
export interface CallFailed {
  ok: false;
  error: SerializedAwsError;
  at: number;
}

/** The outcome of one port call. */
export type CallResult<T> = CallSucceeded<T> | CallFailed;

/** The output of a wait actor: the time it woke up. */
export interface WokeUp {
  at: number;
}

/** Where a leftover lives and what it is. */
export interface Leftover {
  region: string;
  kind: 'vpcEndpoint' | 'networkInterface';
  id: string;
  status: string;
}
