/**
 * Amazon MWAA on its restJson1 wire protocol, routed by method and path:
 *
 * - `PUT /environments/{Name}` CreateEnvironment, `GET` GetEnvironment, `PATCH` UpdateEnvironment,
 *   `DELETE` DeleteEnvironment, `GET /environments?NextToken=&MaxResults=` ListEnvironments;
 * - `POST /tags/{ResourceArn}` TagResource, `DELETE /tags/{ResourceArn}?tagKeys=` UntagResource,
 *   `GET /tags/{ResourceArn}` ListTagsForResource;
 * - errors carry `x-amzn-errortype: <Name>`, the simulated status, and `{"message"}`
 *   (`{"Message"}` for AccessDeniedException), as MWAA sends them.
 *
 * The host does not matter, so requests sent to the `api.` host-prefixed name are served too.
 */
import { Hono } from 'hono';
import { environmentNotFoundMessage } from '../../domain/awsMessages';
import type { MwaaPort } from '../../adapters/port';
import { coralMessage } from '../../domain/validation';
import { pageOf, pageOffset } from '../paging';
import type { ServiceHandler } from '../service';
import { FrontError, requestId, toResponse, wireFormOf, type WireRequest, type WireResponse } from '../wire';
import { specFromWire, updateFromWire } from './fromWire';
import { missing, optStringMap, parseBody, serialization, validation, type JsonObject } from './members';
import { environmentToWire } from './toWire';

/** ListEnvironments' MaxResults range. */
const MAX_RESULTS = { min: 1, max: 25 } as const;
const LISTING = 'environments';

/** What each route reads: the request as it arrived, the MWAA of the simulated account, the region. */
type Bindings = { wire: WireRequest; mwaa: MwaaPort; region: string };

const json = (status: number, body: JsonObject, headers: Record<string, string> = {}): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId(), ...headers },
  body: JSON.stringify(body),
});

/** MWAA's error shape: the type in `x-amzn-errortype`, the text in `message` (`Message` for AccessDeniedException). */
export function mwaaErrorResponse(errorType: string, status: number, message: string): WireResponse {
  return json(status, errorType === 'AccessDeniedException' ? { Message: message } : { message }, { 'x-amzn-errortype': errorType });
}

function maxResultsOf(raw: string | null): number {
  if (raw === null) return MAX_RESULTS.max;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw serialization('MaxResults', 'an integer');
  if (n < MAX_RESULTS.min) throw validation(coralMessage('maxResults', n, `Member must have value greater than or equal to ${MAX_RESULTS.min}`));
  if (n > MAX_RESULTS.max) throw validation(coralMessage('maxResults', n, `Member must have value less than or equal to ${MAX_RESULTS.max}`));
  return n;
}

function offsetOf(token: string | null): number {
  if (token === null || token === '') return 0;
  const offset = pageOffset(LISTING, token);
  if (offset === null) throw validation('Invalid NextToken provided.');
  return offset;
}

const ok = (body: JsonObject = {}): Response => toResponse(json(200, body));

const routes = new Hono<{ Bindings: Bindings }>({ strict: false });

routes.get('/environments', async (c) => {
  const pageSize = maxResultsOf(c.env.wire.query.get('MaxResults'));
  const offset = offsetOf(c.env.wire.query.get('NextToken'));
  const page = pageOf(LISTING, await c.env.mwaa.listEnvironments(c.env.region), offset, pageSize);
  return ok({ Environments: page.items, ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }) });
});

routes.put('/environments/:name', async (c) => {
  const { arn } = await c.env.mwaa.createEnvironment(c.env.region, specFromWire(c.req.param('name'), parseBody(c.env.wire.body)));
  return ok({ Arn: arn });
});

routes.get('/environments/:name', async (c) => {
  const name = c.req.param('name');
  const env = await c.env.mwaa.getEnvironment(c.env.region, name);
  // The port's `null` is the wire's 404.
  if (env === null) throw new FrontError('ResourceNotFoundException', 404, environmentNotFoundMessage(name));
  return ok({ Environment: environmentToWire(env) });
});

routes.patch('/environments/:name', async (c) => {
  const { arn } = await c.env.mwaa.updateEnvironment(c.env.region, updateFromWire(c.req.param('name'), parseBody(c.env.wire.body)));
  return ok({ Arn: arn });
});

routes.delete('/environments/:name', async (c) => {
  await c.env.mwaa.deleteEnvironment(c.env.region, c.req.param('name'));
  return ok();
});

routes.post('/tags/:arn{.+}', async (c) => {
  const tags = optStringMap(parseBody(c.env.wire.body), 'Tags');
  if (tags === undefined) throw missing('tags');
  await c.env.mwaa.tagResource(c.env.region, c.req.param('arn'), tags);
  return ok();
});

routes.delete('/tags/:arn{.+}', async (c) => {
  await c.env.mwaa.untagResource(c.env.region, c.req.param('arn'), c.env.wire.query.getAll('tagKeys'));
  return ok();
});

routes.get('/tags/:arn{.+}', async (c) => ok({ Tags: await c.env.mwaa.listTagsForResource(c.env.region, c.req.param('arn')) }));

routes.notFound((c) => toResponse(mwaaErrorResponse('UnknownOperationException', 404, `No MWAA operation for ${c.req.method} ${c.env.wire.path}`)));

routes.onError((e) => {
  if (e instanceof FrontError) return toResponse(mwaaErrorResponse(e.code, e.status, e.message));
  const wire = wireFormOf(e, { name: 'InternalServerException', status: 500 });
  return toResponse(mwaaErrorResponse(wire.name, wire.status, wire.message));
});

/** Serves one MWAA request on the account's MWAA. */
export const serveMwaa: ServiceHandler = async (request, target) => {
  const url = `http://mwaa.local${request.path}${request.query.size > 0 ? `?${request.query.toString()}` : ''}`;
  const response = await routes.fetch(new Request(url, { method: request.method }), { wire: request, mwaa: target.ports.mwaa, region: target.region });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
};
