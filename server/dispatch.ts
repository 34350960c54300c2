/**
 * Routes each signed request to its service by the service name of its SigV4 credential scope
 * (`airflow` → MWAA, `iam` → IAM, `ec2` → EC2), in the region of that scope. The host and the
 * signature are not looked at. A request without a scope, or for another service, is refused in
 * the error shape of the protocol it looks like (query protocols: XML; otherwise JSON).
 */
import type { SimulatedAws } from '../adapters/simulator';
import { serveEc2 } from './ec2/actions';
import { ec2ErrorResponse } from './ec2/shapes';
import { iamErrorResponse } from './iam/shapes';
import { serveIam } from './iam/actions';
import { mwaaErrorResponse, serveMwaa } from './mwaa/routes';
import type { ServiceHandler } from './service';
import type { WireRequest, WireResponse } from './wire';

/** The services served, by SigV4 signing name. */
export const SERVICES: Readonly<Record<string, ServiceHandler>> = { airflow: serveMwaa, iam: serveIam, ec2: serveEc2 };

/** True when the request speaks a query protocol (`Action=` in the form body or the query string). */
const isQuery = (request: WireRequest): boolean => request.query.has('Action') || /(^|&)Action=/.test(request.body);

function refusal(request: WireRequest, code: string, status: number, message: string): WireResponse {
  if (!isQuery(request)) return mwaaErrorResponse(code === 'MissingAuthenticationToken' ? 'MissingAuthenticationTokenException' : code, status, message);
  const service = request.scope?.service;
  return service === 'ec2' ? ec2ErrorResponse(code, status, message) : iamErrorResponse(code, status, message);
}

/** Answers one request from the simulated account of `sim`. */
export async function dispatch(request: WireRequest, sim: SimulatedAws): Promise<WireResponse> {
  const scope = request.scope;
  if (scope === null) return refusal(request, 'MissingAuthenticationToken', 403, 'Missing Authentication Token');
  const serve = Object.hasOwn(SERVICES, scope.service) ? SERVICES[scope.service] : undefined;
  if (serve === undefined) {
    const served = Object.keys(SERVICES).join(', ');
    return refusal(request, 'NotImplemented', 501, `This endpoint serves ${served}; the request is signed for '${scope.service}'`);
  }
  return serve(request, { sim, ports: sim.ports(), region: scope.region });
}
