/**
 * Token pagination for list calls, written out rather than via the SDK paginators so that every
 * page request carries the caller's AbortSignal and a stuck token fails instead of looping.
 */
import { AwsError, AwsErrorCode, abortedError, type AwsService } from '../errors';

/** One page: its items and the token of the next page (absent or empty when there is none). */
export interface Page<T> {
  items: readonly T[];
  nextToken?: string | undefined;
}

/** Fetches every page, starting without a token, and returns all items in order. */
export async function collectPages<T>(
  service: AwsService,
  operation: string,
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  signal?: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    if (signal?.aborted === true) throw abortedError(service, operation, signal.reason);
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken === '' ? undefined : page.nextToken;
    if (token !== undefined) {
      if (seen.has(token)) {
        // Returning what we have would make a partial list look complete (and a deletion guard pass).
        throw new AwsError({
          code: AwsErrorCode.Unavailable,
          message: `${operation}: the service returned the same page token twice`,
          service,
          operation,
          retryable: false,
        });
      }
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}
