/**
 * The shape every served AWS service shares: a handler that turns one signed request into one
 * answer, given the simulated world it acts on and the region of the request's credential scope.
 */
import type { AwsPorts } from '../adapters/port';
import type { SimulatedAws } from '../adapters/simulator';
import type { WireRequest, WireResponse } from './wire';

/** What a request acts on. */
export interface ServiceTarget {
  /** The simulated AWS behind the endpoint now. */
  sim: SimulatedAws;
  /** The ports of the account the request is served for. */
  ports: AwsPorts;
  /** The region of the request's credential scope. */
  region: string;
}

/** One AWS service on the wire: answers every request, errors included (it never throws). */
export type ServiceHandler = (request: WireRequest, target: ServiceTarget) => Promise<WireResponse>;
