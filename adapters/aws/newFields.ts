/**
 * The @aws-sdk/client-mwaa 3.523.0 gap: its serializer `take()`s only the members it knows, so
 * MinWebservers, MaxWebservers and WorkerReplacementStrategy vanish from requests, and its
 * deserializer strips them (and LastUpdate.WorkerReplacementStrategy) from GetEnvironment output.
 * `PUBLIC_AND_PRIVATE` is only missing from the types: the string passes through both ways.
 *
 * Two middlewares on the MWAA client close the gap: one at the `build` step copies the newer
 * members from the command input into the JSON body of `PUT`/`PATCH /environments/{Name}`; a pair
 * (deserialize, initialize) reads them from GetEnvironment's raw JSON and puts them back on the
 * parsed output. If a body cannot be patched the call fails: a user's field never vanishes silently.
 */
import type {
  CreateEnvironmentCommandInput,
  Environment as SdkEnvironment,
  LastUpdate as SdkLastUpdate,
  MWAAClient,
  UpdateEnvironmentCommandInput,
} from '@aws-sdk/client-mwaa';

/** Web server access modes of the current MWAA API (3.523.0 lacks `PUBLIC_AND_PRIVATE` in its types). */
export type LatestWebserverAccessMode = 'PRIVATE_ONLY' | 'PUBLIC_ONLY' | 'PUBLIC_AND_PRIVATE';

/** Request members of the current MWAA API that 3.523.0 does not serialize. */
export interface NewRequestFields {
  MinWebservers?: number;
  MaxWebservers?: number;
  WorkerReplacementStrategy?: 'FORCED' | 'GRACEFUL';
  WebserverAccessMode?: LatestWebserverAccessMode;
}

/** The request members the build middleware copies into the body, in this order. */
export const NEW_REQUEST_FIELDS = ['MinWebservers', 'MaxWebservers', 'WorkerReplacementStrategy', 'WebserverAccessMode'] as const;

/** CreateEnvironment input of the current API. */
export type LatestCreateEnvironmentInput = Omit<CreateEnvironmentCommandInput, 'WebserverAccessMode'> &
  Omit<NewRequestFields, 'WorkerReplacementStrategy'>;
/** UpdateEnvironment input of the current API. */
export type LatestUpdateEnvironmentInput = Omit<UpdateEnvironmentCommandInput, 'WebserverAccessMode'> & NewRequestFields;

/** `LastUpdate` as the current API returns it. */
export type LatestLastUpdate = SdkLastUpdate & { WorkerReplacementStrategy?: string };
/** `Environment` as the current API returns it. */
export type LatestEnvironment = Omit<SdkEnvironment, 'LastUpdate' | 'WebserverAccessMode'> & {
  MinWebservers?: number;
  MaxWebservers?: number;
  WebserverAccessMode?: string;
  LastUpdate?: LatestLastUpdate;
};

/** Raised when newer fields were requested but the request body could not carry them. */
export class UnsentFieldsError extends Error {
  override readonly name = 'UnsentFieldsError';
}

const WRITE_COMMANDS: ReadonlySet<string> = new Set(['CreateEnvironmentCommand', 'UpdateEnvironmentCommand']);
const INSTALLED = new WeakSet<object>();
const MIDDLEWARE_NAMES = {
  send: 'mwaaLifecycleSendNewFields',
  capture: 'mwaaLifecycleCaptureNewFields',
  restore: 'mwaaLifecycleRestoreNewFields',
} as const;

interface HttpRequestLike {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

interface HttpResponseLike {
  statusCode: number;
  body?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isHttpRequest = (v: unknown): v is HttpRequestLike =>
  isRecord(v) && typeof v['method'] === 'string' && typeof v['path'] === 'string' && isRecord(v['headers']);

const isHttpResponse = (v: unknown): v is HttpResponseLike => isRecord(v) && typeof v['statusCode'] === 'number';

/** The newer fields present (not undefined) in a command input. */
export function pickNewRequestFields(input: unknown): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (!isRecord(input)) return picked;
  for (const key of NEW_REQUEST_FIELDS) {
    if (input[key] !== undefined) picked[key] = input[key];
  }
  return picked;
}

/**
 * Returns `body` (a JSON object text) with `fields` added, or throws {@link UnsentFieldsError}
 * when `body` is not a JSON object text.
 */
export function addFieldsToJsonBody(body: unknown, fields: Record<string, unknown>): string {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  let parsed: unknown;
  try {
    parsed = text === undefined || text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || (text === undefined && body !== undefined)) {
    throw new UnsentFieldsError(`could not add ${Object.keys(fields).join(', ')} to the request: the body is not a JSON object`);
  }
  return JSON.stringify({ ...parsed, ...fields });
}

async function bytesOf(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (isRecord(body) && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  return undefined;
}

/** Reads the newer members out of a raw GetEnvironment JSON body. */
export function newEnvironmentFieldsFromRaw(raw: unknown): Partial<LatestEnvironment> {
  const env = isRecord(raw) && isRecord(raw['Environment']) ? raw['Environment'] : undefined;
  if (env === undefined) return {};
  const out: Partial<LatestEnvironment> = {};
  if (typeof env['MinWebservers'] === 'number') out.MinWebservers = env['MinWebservers'];
  if (typeof env['MaxWebservers'] === 'number') out.MaxWebservers = env['MaxWebservers'];
  if (typeof env['WebserverAccessMode'] === 'string') out.WebserverAccessMode = env['WebserverAccessMode'];
  const lastUpdate = env['LastUpdate'];
  if (isRecord(lastUpdate) && typeof lastUpdate['WorkerReplacementStrategy'] === 'string') {
    out.LastUpdate = { WorkerReplacementStrategy: lastUpdate['WorkerReplacementStrategy'] };
  }
  return out;
}

/** Merges captured newer members into a parsed SDK environment. */
export function mergeNewEnvironmentFields(env: LatestEnvironment, extra: Partial<LatestEnvironment>): LatestEnvironment {
  const { LastUpdate: extraLastUpdate, ...rest } = extra;
  const merged: LatestEnvironment = { ...env, ...rest };
  if (extraLastUpdate !== undefined) merged.LastUpdate = { ...env.LastUpdate, ...extraLastUpdate };
  return merged;
}

/**
 * Adds the gap-closing middlewares to an MWAA client's stack (once per stack). A newer client that
 * already knows the fields is unaffected: the values it sends and returns are the same.
 */
export function installNewFieldsMiddleware(stack: MWAAClient['middlewareStack']): void {
  if (INSTALLED.has(stack)) return;
  INSTALLED.add(stack);
  const captured = new WeakMap<object, Partial<LatestEnvironment>>();

  // Build step, high priority: after the serializer made the JSON body, before content-length and signing.
  stack.add(
    (next, context) => async (args) => {
      const fields = pickNewRequestFields(args.input);
      const request = args.request;
      if (Object.keys(fields).length > 0 && WRITE_COMMANDS.has(context.commandName ?? '')) {
        if (!isHttpRequest(request) || !['PUT', 'PATCH'].includes(request.method) || !request.path.startsWith('/environments/')) {
          throw new UnsentFieldsError(`could not add ${Object.keys(fields).join(', ')} to ${context.commandName ?? 'the request'}`);
        }
        request.body = addFieldsToJsonBody(request.body, fields);
        const lengthHeader = Object.keys(request.headers).find((h) => h.toLowerCase() === 'content-length');
        if (lengthHeader !== undefined) request.headers[lengthHeader] = String(Buffer.byteLength(request.body as string));
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: MIDDLEWARE_NAMES.send, override: true },
  );

  // Deserialize step, low priority: inside the command's deserializer, so it sees the raw body first.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response;
      if (context.commandName === 'GetEnvironmentCommand' && isHttpResponse(response) && response.statusCode === 200) {
        const bytes = await bytesOf(response.body);
        if (bytes !== undefined) {
          response.body = bytes;
          try {
            captured.set(context, newEnvironmentFieldsFromRaw(JSON.parse(new TextDecoder().decode(bytes))));
          } catch {
            // Not JSON: the SDK's own deserializer reports that.
          }
        }
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: MIDDLEWARE_NAMES.capture, override: true },
  );

  // Initialize step: outermost, sees the parsed output and puts the captured members back.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const extra = captured.get(context);
      const output = result.output as { Environment?: LatestEnvironment };
      if (extra !== undefined && output.Environment !== undefined) {
        output.Environment = mergeNewEnvironmentFields(output.Environment, extra);
      }
      return result;
    },
    { step: 'initialize', name: MIDDLEWARE_NAMES.restore, override: true },
  );
}
