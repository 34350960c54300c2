/**
 * The adapter passes a throttled answer's `Retry-After` header on as `retryAfterMs`, whether it
 * gives seconds or an HTTP date, and ignores a header it cannot read.
 */
import { parseRetryAfter, toAwsError } from '../../adapters/aws/errors';

/** What the SDK throws for a 429 (MWAA's model has no ThrottlingException class in the pinned client). */
const throttled = (headers: Record<string, string>) =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
    $response: { statusCode: 429, headers, body: undefined },
  });

describe('Retry-After', () => {
  it('reads delay seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(parseRetryAfter('Fri, 04 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('puts the hint of a throttled answer on the AwsError', () => {
    const error = toAwsError('mwaa', 'getEnvironment', throttled({ 'retry-after': '7' }));
    expect(error).toMatchObject({ code: 'Throttled', retryable: true, retryAfterMs: 7_000 });
    expect(error.toJSON().retryAfterMs).toBe(7_000);
  });

  it('leaves the hint out when the answer has none or an unreadable one', () => {
    expect(toAwsError('mwaa', 'getEnvironment', throttled({})).retryAfterMs).toBeUndefined();
    expect(toAwsError('mwaa', 'getEnvironment', throttled({ 'Retry-After': 'later' })).retryAfterMs).toBeUndefined();
  });
});
