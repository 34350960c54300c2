/**
 * Page tokens for the listing calls: opaque to clients, an offset into the listing here, and
 * tagged with the listing they belong to, so a token from one call is refused by another.
 */

/** One page of a listing, and the token of the next page when there is one. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The token for the page of `listing` that starts at `offset`. */
export function pageToken(listing: string, offset: number): string {
  return Buffer.from(`mwaa-lifecycle:${listing}:${offset}`).toString('base64url');
}

/** The offset a token of `listing` names, or `null` when the token was not issued for it. */
export function pageOffset(listing: string, token: string): number | null {
  const m = /^mwaa-lifecycle:([^:]+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m === null || m[1] !== listing ? null : Number(m[2]);
}

/** The page of `items` that starts at `offset` and holds at most `size` items. */
export function pageOf<T>(listing: string, items: readonly T[], offset: number, size: number): Page<T> {
  const next = offset + size;
  return { items: items.slice(offset, next), ...(next < items.length ? { nextToken: pageToken(listing, next) } : {}) };
}
