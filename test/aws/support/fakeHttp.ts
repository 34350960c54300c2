/**
 * A fake HTTP handler for real SDK clients: records every request as it would go on the wire
 * (after serialization, the build step and signing) and answers from a script. aws-sdk-client-mock
 * replaces `send` and so skips the middleware stack; this does not.
 */
import { Readable } from 'node:stream';
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { installNewFieldsMiddleware } from '../../../adapters/aws/newFields';

/** One request as the handler saw it. */
export interface CapturedRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A canned answer. */
export interface CannedResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

interface RequestShape {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A request handler that records requests and replays `responses` in order (the last one repeats). */
export function fakeHttpHandler(responses: CannedResponse[]): {
  handler: { handle(request: RequestShape): Promise<{ response: unknown }> };
  requests: CapturedRequest[];
} {
  const requests: CapturedRequest[] = [];
  const handler = {
    handle(request: RequestShape): Promise<{ response: unknown }> {
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
      requests.push({ method: request.method, hostname: request.hostname, path: request.path, headers: { ...request.headers }, body });
      const canned = responses[Math.min(requests.length - 1, responses.length - 1)] ?? { statusCode: 200, body: '{}' };
      return Promise.resolve({
        response: {
          statusCode: canned.statusCode,
          headers: { 'content-type': 'application/json', ...canned.headers },
          body: Readable.from([Buffer.from(canned.body ?? '')]),
        },
      });
    },
  };
  return { handler, requests };
}

/** A real MWAA client (3.523.0) over the fake handler, with or without the adapter's middleware. */
export function mwaaClientOverFakeHttp(
  responses: CannedResponse[],
  options: { withNewFieldsMiddleware?: boolean; endpoint?: string } = {},
): { client: MWAAClient; requests: CapturedRequest[] } {
  const { handler, requests } = fakeHttpHandler(responses);
  const client = new MWAAClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 3,
    requestHandler: handler,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, disableHostPrefix: true }),
  });
  if (options.withNewFieldsMiddleware !== false) installNewFieldsMiddleware(client.middlewareStack);
  return { client, requests };
}

/** The JSON body of a captured request. */
export function jsonBody(request: CapturedRequest | undefined): Record<string, unknown> {
  if (request === undefined) throw new Error('no request was captured');
  return JSON.parse(request.body) as Record<string, unknown>;
}
