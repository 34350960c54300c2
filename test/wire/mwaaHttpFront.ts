/**
 * A test-only HTTP front that serves the simulator's MWAA port as MWAA's restJson1 wire protocol
 *, so the real SDK adapter (serializers, the 3.523.0 new-fields
 * middleware, error mapping) can be run against the simulated world:
 *
 * - `PUT /environments/{Name}` CreateEnvironment, `GET` GetEnvironment, `PATCH` UpdateEnvironment,
 *   `DELETE` DeleteEnvironment, `GET /environments?NextToken=&MaxResults=` ListEnvironments;
 * - `POST /tags/{ResourceArn}` TagResource (`{"Tags"}`), `DELETE /tags/{ResourceArn}?tagKeys=`
 *   UntagResource (the key repeated per tag), `GET /tags/{ResourceArn}` ListTagsForResource;
 * - bodies are PascalCase JSON, dates epoch seconds; the domain is camelCase, dates ms epoch;
 * - errors carry `x-amzn-errortype: <Name>`, the simulator's status, and `{"message"}`
 *   (`{"Message"}` for AccessDeniedException);
 * - the region comes from the SigV4 credential scope, which must name the `airflow` service.
 *
 * The mapping here is written independently of `adapters/aws/mwaaMapping.ts` on purpose: a
 * mapping bug in the adapter must not be mirrored by the front that tests it. The front does no
 * validation of its own beyond JSON types and required members; the simulator validates.
 */
import { randomUUID } from 'node:crypto';
import { environmentNotFoundMessage } from '../../adapters/awsMessages';
import type {
  Environment,
  EnvironmentSpec,
  EnvironmentUpdate,
  LastUpdate,
  LoggingLevel,
  LogModule,
  ModuleLogging,
  MwaaPort,
  WebserverAccessMode,
  WorkerReplacementStrategy,
  EndpointManagement,
} from '../../adapters/port';
import { ENVIRONMENT_ARN_PATTERN } from '../../adapters/tagValidation';
import { coralMessage } from '../../adapters/validation';
import { startHttpFront, wireFormOf, type HttpFront, type WireRequest, type WireResponse } from './httpFront';

/** A JSON object as read from or written to the wire. */
export type JsonObject = { [key: string]: unknown };

/** ListEnvironments' MaxResults range. */
const MAX_RESULTS = { min: 1, max: 25 } as const;

/** Wire member of each domain log module. */
const LOG_MODULE_WIRE: Readonly<Record<LogModule, string>> = {
  dagProcessingLogs: 'DagProcessingLogs',
  schedulerLogs: 'SchedulerLogs',
  webserverLogs: 'WebserverLogs',
  workerLogs: 'WorkerLogs',
  taskLogs: 'TaskLogs',
};

/** An error the front raises itself, already in wire form. */
class FrontError extends Error {
  constructor(
    readonly errorType: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string): FrontError => new FrontError('ValidationException', 400, message);
const serialization = (member: string, expected: string): FrontError =>
  new FrontError('SerializationException', 400, `Expected ${expected} for member ${member}`);

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// --- typed readers of request members (a wrong JSON type is a SerializationException) --------

function optString(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw serialization(key, 'a string');
  return v;
}

function optInt(o: JsonObject, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw serialization(key, 'a number');
  return v;
}

function optBool(o: JsonObject, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw serialization(key, 'a boolean');
  return v;
}

function optObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw serialization(key, 'an object');
  return v;
}

function optStringList(o: JsonObject, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw serialization(key, 'a list of strings');
  return v;
}

function optStringMap(o: JsonObject, key: string): Record<string, string> | undefined {
  const v = optObject(o, key);
  if (v === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw serialization(`${key}.${k}`, 'a string');
    out[k] = x;
  }
  return out;
}

/** Drops `undefined` members so absent fields stay absent on both sides. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

// --- wire -> domain ----------------------------------------------------------------------------

function loggingFromWire(body: JsonObject): Partial<Record<LogModule, ModuleLogging>> | undefined {
  const wire = optObject(body, 'LoggingConfiguration');
  if (wire === undefined) return undefined;
  const out: Partial<Record<LogModule, ModuleLogging>> = {};
  for (const [module, member] of Object.entries(LOG_MODULE_WIRE) as Array<[LogModule, string]>) {
    const entry = optObject(wire, member);
    if (entry === undefined) continue;
    const enabled = optBool(entry, 'Enabled');
    const logLevel = optString(entry, 'LogLevel');
    if (enabled === undefined) throw validation(coralMessage(`loggingConfiguration.${module}.enabled`, null, 'Member must not be null'));
    if (logLevel === undefined) throw validation(coralMessage(`loggingConfiguration.${module}.logLevel`, null, 'Member must not be null'));
    // Enums are open on the wire; the simulator checks the value set.
    out[module] = { enabled, logLevel: logLevel as LoggingLevel };
  }
  return out;
}

/** The members CreateEnvironment and UpdateEnvironment share, in domain form. */
function sharedFromWire(body: JsonObject): Omit<EnvironmentUpdate, 'name' | 'networkConfiguration' | 'workerReplacementStrategy'> {
  return defined({
    executionRoleArn: optString(body, 'ExecutionRoleArn'),
    sourceBucketArn: optString(body, 'SourceBucketArn'),
    dagS3Path: optString(body, 'DagS3Path'),
    pluginsS3Path: optString(body, 'PluginsS3Path'),
    pluginsS3ObjectVersion: optString(body, 'PluginsS3ObjectVersion'),
    requirementsS3Path: optString(body, 'RequirementsS3Path'),
    requirementsS3ObjectVersion: optString(body, 'RequirementsS3ObjectVersion'),
    startupScriptS3Path: optString(body, 'StartupScriptS3Path'),
    startupScriptS3ObjectVersion: optString(body, 'StartupScriptS3ObjectVersion'),
    airflowConfigurationOptions: optStringMap(body, 'AirflowConfigurationOptions'),
    environmentClass: optString(body, 'EnvironmentClass'),
    maxWorkers: optInt(body, 'MaxWorkers'),
    minWorkers: optInt(body, 'MinWorkers'),
    minWebservers: optInt(body, 'MinWebservers'),
    maxWebservers: optInt(body, 'MaxWebservers'),
    schedulers: optInt(body, 'Schedulers'),
    airflowVersion: optString(body, 'AirflowVersion'),
    loggingConfiguration: loggingFromWire(body),
    weeklyMaintenanceWindowStart: optString(body, 'WeeklyMaintenanceWindowStart'),
    webserverAccessMode: optString(body, 'WebserverAccessMode') as WebserverAccessMode | undefined,
  });
}

/** A CreateEnvironment body (the name comes from the path) → the domain spec. */
export function specFromWire(name: string, body: JsonObject): EnvironmentSpec {
  // Required members: MWAA answers their absence with the Coral text the simulator also uses.
  const required = <T>(path: string, value: T | undefined): T => {
    if (value === undefined) throw validation(coralMessage(path, null, 'Member must not be null'));
    return value;
  };
  const shared = sharedFromWire(body);
  // Checked in the simulator's order, so the first missing member is the one both would name.
  const executionRoleArn = required('executionRoleArn', shared.executionRoleArn);
  const sourceBucketArn = required('sourceBucketArn', shared.sourceBucketArn);
  const dagS3Path = required('dagS3Path', shared.dagS3Path);
  const network = required('networkConfiguration', optObject(body, 'NetworkConfiguration'));
  return defined({
    ...shared,
    name,
    executionRoleArn,
    sourceBucketArn,
    dagS3Path,
    networkConfiguration: {
      subnetIds: optStringList(network, 'SubnetIds') ?? [],
      securityGroupIds: optStringList(network, 'SecurityGroupIds') ?? [],
    },
    kmsKey: optString(body, 'KmsKey'),
    tags: optStringMap(body, 'Tags'),
    endpointManagement: optString(body, 'EndpointManagement') as EndpointManagement | undefined,
  });
}

/** An UpdateEnvironment body (the name comes from the path) → the domain update. */
export function updateFromWire(name: string, body: JsonObject): EnvironmentUpdate {
  const network = optObject(body, 'NetworkConfiguration');
  return defined({
    ...sharedFromWire(body),
    name,
    networkConfiguration: network === undefined ? undefined : { securityGroupIds: optStringList(network, 'SecurityGroupIds') ?? [] },
    workerReplacementStrategy: optString(body, 'WorkerReplacementStrategy') as WorkerReplacementStrategy | undefined,
  });
}

// --- domain -> wire ----------------------------------------------------------------------------

function loggingToWire(logging: Environment['loggingConfiguration']): JsonObject | undefined {
  if (logging === undefined) return undefined;
  const out: JsonObject = {};
  for (const [module, member] of Object.entries(LOG_MODULE_WIRE) as Array<[LogModule, string]>) {
    const entry = logging[module];
    if (entry !== undefined) {
      out[member] = { Enabled: entry.enabled, LogLevel: entry.logLevel, ...(entry.cloudWatchLogGroupArn === undefined ? {} : { CloudWatchLogGroupArn: entry.cloudWatchLogGroupArn }) };
    }
  }
  return out;
}

function lastUpdateToWire(lastUpdate: LastUpdate | undefined): JsonObject | undefined {
  if (lastUpdate === undefined) return undefined;
  return defined({
    Status: lastUpdate.status,
    CreatedAt: seconds(lastUpdate.createdAt),
    Error:
      lastUpdate.error === undefined ? undefined : defined({ ErrorCode: lastUpdate.error.errorCode, ErrorMessage: lastUpdate.error.errorMessage }),
    Source: lastUpdate.source,
    WorkerReplacementStrategy: lastUpdate.workerReplacementStrategy,
  });
}

/** A domain environment → GetEnvironment's `Environment` as the current MWAA API sends it. */
export function environmentToWire(env: Environment): JsonObject {
  return defined({
    Name: env.name,
    Arn: env.arn,
    Status: env.status,
    CreatedAt: seconds(env.createdAt),
    ExecutionRoleArn: env.executionRoleArn,
    ServiceRoleArn: env.serviceRoleArn,
    WebserverUrl: env.webserverUrl,
    SourceBucketArn: env.sourceBucketArn,
    DagS3Path: env.dagS3Path,
    PluginsS3Path: env.pluginsS3Path,
    PluginsS3ObjectVersion: env.pluginsS3ObjectVersion,
    RequirementsS3Path: env.requirementsS3Path,
    RequirementsS3ObjectVersion: env.requirementsS3ObjectVersion,
    StartupScriptS3Path: env.startupScriptS3Path,
    StartupScriptS3ObjectVersion: env.startupScriptS3ObjectVersion,
    AirflowConfigurationOptions: env.airflowConfigurationOptions,
    EnvironmentClass: env.environmentClass,
    MaxWorkers: env.maxWorkers,
    MinWorkers: env.minWorkers,
    MinWebservers: env.minWebservers,
    MaxWebservers: env.maxWebservers,
    Schedulers: env.schedulers,
    KmsKey: env.kmsKey,
    AirflowVersion: env.airflowVersion,
    NetworkConfiguration: { SubnetIds: env.networkConfiguration.subnetIds, SecurityGroupIds: env.networkConfiguration.securityGroupIds },
    LoggingConfiguration: loggingToWire(env.loggingConfiguration),
    WeeklyMaintenanceWindowStart: env.weeklyMaintenanceWindowStart,
    Tags: env.tags,
    WebserverAccessMode: env.webserverAccessMode,
    EndpointManagement: env.endpointManagement,
    LastUpdate: lastUpdateToWire(env.lastUpdate),
    DatabaseVpcEndpointService: env.databaseVpcEndpointService,
    WebserverVpcEndpointService: env.webserverVpcEndpointService,
    CeleryExecutorQueue: env.celeryExecutorQueue,
  });
}

// --- the server --------------------------------------------------------------------------------

const json = (status: number, body: JsonObject, headers: Record<string, string> = {}): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers },
  body: JSON.stringify(body),
});

/** MWAA's error shape: the type in `x-amzn-errortype`, the text in `message` (`Message` for AccessDeniedException). */
export function mwaaErrorResponse(errorType: string, status: number, message: string): WireResponse {
  return json(status, errorType === 'AccessDeniedException' ? { Message: message } : { message }, { 'x-amzn-errortype': errorType });
}

function parseBody(body: string): JsonObject {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new FrontError('SerializationException', 400, 'The request body is not valid JSON');
  }
  if (!isObject(parsed)) throw new FrontError('SerializationException', 400, 'The request body is not a JSON object');
  return parsed;
}

function nameFromPath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw validation(coralMessage('name', encoded, `Member must satisfy regular expression pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$`));
  }
}

/** The `{ResourceArn}` label of a tagging path, URL-decoded (the SDK encodes `:` and `/`). */
function arnFromPath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw validation(coralMessage('resourceArn', encoded, `Member must satisfy regular expression pattern: ${ENVIRONMENT_ARN_PATTERN.text}`));
  }
}

/** ListEnvironments page tokens: opaque to the client, an offset into the name list here. */
const encodeToken = (offset: number): string => Buffer.from(`mwaa-wire:${offset}`).toString('base64url');

function decodeToken(token: string): number {
  const m = /^mwaa-wire:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (m === null) throw validation('Invalid NextToken provided.');
  return Number(m[1]);
}

function maxResultsOf(raw: string | null): number {
  if (raw === null) return MAX_RESULTS.max;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw serialization('MaxResults', 'an integer');
  if (n < MAX_RESULTS.min) throw validation(coralMessage('maxResults', n, `Member must have value greater than or equal to ${MAX_RESULTS.min}`));
  if (n > MAX_RESULTS.max) throw validation(coralMessage('maxResults', n, `Member must have value less than or equal to ${MAX_RESULTS.max}`));
  return n;
}

async function route(mwaa: MwaaPort, request: WireRequest): Promise<WireResponse> {
  const scope = request.scope;
  if (scope === null) throw new FrontError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
  if (scope.service !== 'airflow') {
    throw new FrontError('InvalidSignatureException', 403, `Credential should be scoped to correct service: 'airflow'.`);
  }
  const region = scope.region;

  if (/^\/environments\/?$/.test(request.path) && request.method === 'GET') {
    const pageSize = maxResultsOf(request.query.get('MaxResults'));
    const token = request.query.get('NextToken');
    const offset = token === null || token === '' ? 0 : decodeToken(token);
    const names = await mwaa.listEnvironments(region);
    const next = offset + pageSize;
    return json(200, defined({ Environments: names.slice(offset, next), NextToken: next < names.length ? encodeToken(next) : undefined }));
  }

  const tagged = /^\/tags\/(.+)$/.exec(request.path);
  if (tagged !== null) {
    const arn = arnFromPath(tagged[1] ?? '');
    switch (request.method) {
      case 'POST': {
        const tags = optStringMap(parseBody(request.body), 'Tags');
        if (tags === undefined) throw validation(coralMessage('tags', null, 'Member must not be null'));
        await mwaa.tagResource(region, arn, tags);
        return json(200, {});
      }
      case 'DELETE':
        await mwaa.untagResource(region, arn, request.query.getAll('tagKeys'));
        return json(200, {});
      case 'GET':
        return json(200, { Tags: await mwaa.listTagsForResource(region, arn) });
      default:
        break;
    }
  }

  const m = /^\/environments\/([^/]+)$/.exec(request.path);
  if (m !== null) {
    const name = nameFromPath(m[1] ?? '');
    switch (request.method) {
      case 'PUT': {
        const { arn } = await mwaa.createEnvironment(region, specFromWire(name, parseBody(request.body)));
        return json(200, { Arn: arn });
      }
      case 'GET': {
        const env = await mwaa.getEnvironment(region, name);
        // The port's `null` is the wire's 404.
        if (env === null) throw new FrontError('ResourceNotFoundException', 404, environmentNotFoundMessage(name));
        return json(200, { Environment: environmentToWire(env) });
      }
      case 'PATCH': {
        const { arn } = await mwaa.updateEnvironment(region, updateFromWire(name, parseBody(request.body)));
        return json(200, { Arn: arn });
      }
      case 'DELETE':
        await mwaa.deleteEnvironment(region, name);
        return json(200, {});
      default:
        break;
    }
  }
  throw new FrontError('UnknownOperationException', 404, `No MWAA operation for ${request.method} ${request.path}`);
}

/**
 * Starts the MWAA front. `mwaa` is read per request, so one front can serve a fresh simulator per
 * test. The simulator must run without virtual latency (the default): a request is answered in
 * real time and nothing advances the virtual clock while it is in flight.
 *
 * @example
 * const front = await startMwaaHttpFront(() => sim.ports().mwaa);
 * const aws = createAwsPorts({ endpoints: { mwaa: front.url }, credentials, maxAttempts: 1 });
 */
export function startMwaaHttpFront(mwaa: () => MwaaPort): Promise<HttpFront> {
  return startHttpFront(async (request) => {
    try {
      return await route(mwaa(), request);
    } catch (e) {
      if (e instanceof FrontError) return mwaaErrorResponse(e.errorType, e.status, e.message);
      const wire = wireFormOf(e, { name: 'InternalServerException', status: 500 });
      return mwaaErrorResponse(wire.name, wire.status, wire.message);
    }
  });
}
