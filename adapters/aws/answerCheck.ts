/**
 * Refuses a successful answer that cannot be AWS's. The SDK accepts any 2xx body it can parse and
 * fills in what is missing with nothing: a captive portal's XHTML page is well-formed XML, `{}` is
 * valid JSON, and an empty body is no body at all, so each becomes an output with no environments,
 * no endpoints, no role. For the survey before the service-linked role is deleted that reads as
 * "nothing there". A real answer always carries, per protocol:
 *
 * - restJson1 (MWAA): a request id header (`x-amzn-RequestId`), which AWS's JSON services send
 *   with every answer and the SDK reads into `$metadata.requestId`;
 * - awsQuery (IAM): an XML body whose root element is `<{Operation}Response>` and which carries
 *   `<ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>`;
 * - ec2Query (EC2): an XML body whose root element is `<{Operation}Response>` with a
 *   `<requestId>` child;
 * - every protocol: the output members the service model marks required (MWAA ListEnvironments
 *   `Environments`, IAM GetRole `Role`, ...), and MWAA GetEnvironment's `Environment`, which MWAA
 *   sends with every 200 (an absent environment is a 404 ResourceNotFoundException).
 *
 * Two middlewares do the checking and only record what they find: one at the deserialize step,
 * inside the SDK's deserializer, looks at the raw response (status, headers, and for the XML
 * protocols the body, which it reads and puts back byte for byte); one at the initialize step looks
 * at the parsed output. The verdict is kept against the output object, and `callAws` (in
 * `errors.ts`) turns a refusal into a retryable `Unavailable` {@link AwsError}. So a client the
 * caller injected answers the caller's own calls exactly as before; only the adapter's calls refuse.
 */
import { Readable } from 'node:stream';
import { AwsError, AwsErrorCode, type AwsService } from '../errors';

/** The wire protocol of a client: MWAA is restJson1, IAM awsQuery, EC2 ec2Query. */
export type AnswerProtocol = 'restJson1' | 'awsQuery' | 'ec2Query';

/** Names of the two middlewares, as they appear in `middlewareStack.identify()`. */
export const ANSWER_CHECK_MIDDLEWARE_NAMES = {
  /** Deserialize step, low priority: the raw response. */
  envelope: 'awsAnswerCheckEnvelope',
  /** Initialize step: the parsed output. */
  output: 'awsAnswerCheckOutput',
} as const;

/** The kind of value a required output member must hold. */
export type RequiredMemberKind = 'list' | 'structure' | 'string';

/**
 * Output members a real answer always carries, by SDK command name: the members the service model
 * marks required for the commands the adapter sends, plus MWAA GetEnvironment's `Environment`
 * (optional in the model, but a 200 without it does not exist: absence is a 404). EC2's models
 * mark no output member required, so for EC2 only the envelope is checked.
 */
export const REQUIRED_OUTPUT_MEMBERS: Readonly<Record<string, Readonly<Record<string, RequiredMemberKind>>>> = {
  ListEnvironmentsCommand: { Environments: 'list' },
  GetEnvironmentCommand: { Environment: 'structure' },
  GetRoleCommand: { Role: 'structure' },
  DeleteServiceLinkedRoleCommand: { DeletionTaskId: 'string' },
  GetServiceLinkedRoleDeletionStatusCommand: { Status: 'string' },
};

/** Response headers the SDK reads a request id from (restJson1 and the `$metadata` of every protocol). */
export const REQUEST_ID_HEADERS: readonly string[] = ['x-amzn-requestid', 'x-amzn-request-id', 'x-amz-request-id'];

/** The raw answer, as the envelope check sees it. */
export interface RawAnswer {
  statusCode: number;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body as text; only read for the XML protocols. */
  body?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** `GetRoleCommand` → `GetRole`. */
export function apiOperationName(commandName: string): string {
  return commandName.endsWith('Command') ? commandName.slice(0, -'Command'.length) : commandName;
}

function headerValue(headers: RawAnswer['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** What precedes the root element of an XML document: a byte-order mark, white space, declaration, comments, a DOCTYPE. */
const XML_PROLOG = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>)*/i;
const START_TAG = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>])/;

/** The name of an XML document's root element (with any namespace prefix), or `undefined` when the text does not start with one. */
export function xmlRootElement(text: string): string | undefined {
  const rest = text.slice(XML_PROLOG.exec(text)?.[0].length ?? 0);
  return START_TAG.exec(rest)?.[1];
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The trimmed text of the first `<name>...</name>` element (no attributes, no prefix), or `undefined`. */
function elementText(text: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(text);
  const value = m?.[1]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Why a successful raw answer cannot be AWS's, or `undefined` when it can be. Only 2xx answers
 * are judged: the SDK reads the others as errors. `operation` is the API operation (`GetRole`).
 */
export function envelopeProblem(protocol: AnswerProtocol, operation: string, answer: RawAnswer): string | undefined {
  if (answer.statusCode < 200 || answer.statusCode >= 300) return undefined;
  const status = `HTTP ${answer.statusCode}`;
  if (protocol === 'restJson1') {
    const hasRequestId = REQUEST_ID_HEADERS.some((h) => (headerValue(answer.headers, h) ?? '').trim() !== '');
    return hasRequestId ? undefined : `${status} without a request id (no x-amzn-RequestId header, which every MWAA answer carries)`;
  }
  const body = answer.body ?? '';
  if (body.trim() === '') return `${status} with an empty body (an ${protocol} answer is an XML document)`;
  const expected = `${operation}Response`;
  const root = xmlRootElement(body);
  if (root === undefined) return `${status} with a body that is not an XML document (expected <${expected}>)`;
  if (localName(root) !== expected) return `${status} with an XML document whose root element is <${root}>, not <${expected}>`;
  if (protocol === 'awsQuery') {
    const metadata = /<ResponseMetadata>([\s\S]*?)<\/ResponseMetadata>/.exec(body)?.[1];
    if (metadata === undefined || elementText(metadata, 'RequestId') === undefined) {
      return `${status} <${expected}> without <ResponseMetadata><RequestId>, which every ${protocol} answer carries`;
    }
    return undefined;
  }
  if (elementText(body, 'requestId') === undefined) return `${status} <${expected}> without <requestId>, which every ${protocol} answer carries`;
  return undefined;
}

const KIND_CHECKS: Readonly<Record<RequiredMemberKind, (v: unknown) => boolean>> = {
  list: (v) => Array.isArray(v),
  structure: (v) => isRecord(v) && !Array.isArray(v),
  string: (v) => typeof v === 'string',
};

/** Why a parsed output lacks what every real answer to `commandName` has, or `undefined`. */
export function outputProblem(commandName: string, output: unknown): string | undefined {
  const required = REQUIRED_OUTPUT_MEMBERS[commandName];
  if (required === undefined) return undefined;
  const operation = apiOperationName(commandName);
  for (const [member, kind] of Object.entries(required)) {
    const value = isRecord(output) ? output[member] : undefined;
    if (value === undefined || value === null) return `the ${operation} output has no ${member}, which every answer from AWS carries`;
    if (!KIND_CHECKS[kind](value)) return `the ${operation} output's ${member} is not a ${kind}`;
  }
  return undefined;
}

/** Verdicts on outputs (refusals only), read by {@link answerProblem}. */
const REFUSED = new WeakMap<object, string>();

/** Why the answer that produced `output` cannot be AWS's, when the check on its client refused it. */
export function answerProblem(output: unknown): string | undefined {
  return isRecord(output) ? REFUSED.get(output) : undefined;
}

/** The error for an answer that did not come from AWS: `Unavailable`, retryable (the next answer may be AWS's). */
export function notFromAwsError(service: AwsService, operation: string, problem: string): AwsError {
  return new AwsError({
    code: AwsErrorCode.Unavailable,
    message: `the answer to ${operation} did not come from AWS: ${problem}`,
    service,
    operation,
    retryable: true,
  });
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  isRecord(v) && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** Reads a response body (Node stream, web stream, bytes or text) in full; `undefined` when it is none of these. */
async function readBody(body: unknown): Promise<Buffer | undefined> {
  // `ArrayBuffer.isView`, not `instanceof`: a Buffer made in another realm (jest's VM context) is no `Uint8Array` here.
  const bytesOf = (v: unknown): Buffer | undefined =>
    typeof v === 'string' ? Buffer.from(v, 'utf8') : ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : undefined;
  if (body === undefined || body === null) return Buffer.alloc(0);
  const whole = bytesOf(body);
  if (whole !== undefined) return whole;
  if (isAsyncIterable(body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) {
      const bytes = bytesOf(chunk);
      if (bytes === undefined) return undefined;
      chunks.push(bytes);
    }
    return Buffer.concat(chunks);
  }
  return undefined;
}

/** An error by its shape, not by `instanceof`: Node's socket errors come from another realm under jest. */
const isErrorLike = (v: unknown): v is Error => isRecord(v) && typeof v['name'] === 'string' && typeof v['message'] === 'string';

/** A stream that gives `bytes` again (one chunk), then ends; or, given an error, fails with it at once. */
function replay(bytes: Buffer | undefined, error?: unknown): Readable {
  return Readable.from(
    (async function* () {
      if (error !== undefined) throw isErrorLike(error) ? error : new Error('the response body could not be read', { cause: error });
      if (bytes !== undefined) yield bytes;
    })(),
  );
}

/** The parts of a handler context and of a response the middlewares read. */
interface ContextLike {
  commandName?: string;
}
interface ResponseLike {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}
const isResponse = (v: unknown): v is ResponseLike => isRecord(v) && typeof v['statusCode'] === 'number' && isRecord(v['headers']);

/**
 * A handler in the stack, as far as the check goes. Declared as a method so that its parameter is
 * compared bivariantly: the SDK's handlers take narrower arguments (`{ input: ServiceInputTypes }`).
 */
type Handler = {
  handle(args: { input: object }): Promise<{ output?: object; response: unknown }>;
}['handle'];
/** A middleware, as far as the check goes (a method type, for the same reason as {@link Handler}). */
type Middleware = { wrap(next: Handler, context: ContextLike): Handler }['wrap'];
/** Where and under which name a middleware goes. */
interface Placement<Step extends 'initialize' | 'deserialize'> {
  step: Step;
  priority?: 'high' | 'normal' | 'low';
  name: string;
  override?: boolean;
}

/**
 * The part of an SDK client's middleware stack the check needs. The stacks of the MWAA (3.523.0),
 * IAM and EC2 clients all fit it.
 */
export interface AnswerCheckStack {
  /** Adds a middleware at the initialize step. */
  add(middleware: Middleware, options: Placement<'initialize'>): void;
  /** Adds a middleware at the deserialize step. */
  add(middleware: Middleware, options: Placement<'deserialize'>): void;
}

const INSTALLED = new WeakSet<object>();

/**
 * Adds the answer check for `protocol` to a client's middleware stack (once per stack). It never
 * changes what the client returns or throws: it records refusals for {@link answerProblem}.
 */
export function installAnswerCheck(stack: AnswerCheckStack, protocol: AnswerProtocol): void {
  if (INSTALLED.has(stack)) return;
  INSTALLED.add(stack);
  /** Envelope verdicts of the current attempt, per call (the context lives as long as the call). */
  const envelopes = new WeakMap<object, string | undefined>();

  // Deserialize step, low priority: inside the SDK's deserializer, so the raw response comes here first.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response;
      if (!isResponse(response) || response.statusCode < 200 || response.statusCode >= 300) {
        envelopes.delete(context);
        return result;
      }
      let body: string | undefined;
      if (protocol !== 'restJson1') {
        let bytes: Buffer | undefined;
        try {
          bytes = await readBody(response.body);
        } catch (e) {
          // The body broke off (a connection cut short): the SDK's deserializer meets the same failure and reports it as before.
          response.body = replay(undefined, e);
          envelopes.delete(context);
          return result;
        }
        if (bytes === undefined) {
          // Fail closed: an answer that cannot be looked at is not taken for AWS's.
          envelopes.set(context, `HTTP ${response.statusCode} with a body the adapter could not read`);
          return result;
        }
        response.body = replay(bytes);
        body = bytes.toString('utf8');
      }
      const operation = apiOperationName(context.commandName ?? '');
      const raw: RawAnswer = { statusCode: response.statusCode, headers: response.headers, ...(body === undefined ? {} : { body }) };
      envelopes.set(context, envelopeProblem(protocol, operation, raw));
      return result;
    },
    { step: 'deserialize', priority: 'low', name: ANSWER_CHECK_MIDDLEWARE_NAMES.envelope, override: true },
  );

  // Initialize step, high priority: outermost, so it sees the output the caller gets.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output;
      if (isRecord(output)) {
        const problem = envelopes.get(context) ?? outputProblem(context.commandName ?? '', output);
        if (problem !== undefined) REFUSED.set(output, problem);
      }
      return result;
    },
    { step: 'initialize', priority: 'high', name: ANSWER_CHECK_MIDDLEWARE_NAMES.output, override: true },
  );
}
