import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the Authorization header carries `Bearer <token>`. Both sides are hashed first so the comparison is
 * constant-time whatever the lengths (timingSafeEqual needs equal lengths and would leak the token's).
 */
export function hasBearerToken(headers: IncomingHttpHeaders, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return timingSafeEqual(digest(match?.[1]?.trim() ?? ''), digest(token)) && Boolean(match);
}
