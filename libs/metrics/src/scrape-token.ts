import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  return BEARER.exec(authorization)?.[1] ?? null;
}

/**
 * Whether the request's bearer token is the configured scrape token (METRICS_TOKEN). Compared
 * in constant time over hashes of both, so neither the content nor the length leaks by timing.
 * An unset token matches nothing.
 */
export function isScrapeToken(authorization: string | string[] | undefined, token: string): boolean {
  const given = bearerToken(authorization);
  if (!token || given === null) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}
