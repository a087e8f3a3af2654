import type { IncomingHttpHeaders } from 'node:http';
import type { OnceClaims } from '../../bot/claims.js';

/** Slack's rule, and the README's: a request whose timestamp is more than 5 minutes off (either way) is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Slack retries an event up to 3 times over about 5 minutes (docs: "Retries"); an hour is well beyond that. */
const EVENT_MEMORY_MS = 60 * 60 * 1000;
const CAPACITY = 100_000;

/** Keys remembered until they expire, oldest dropped first beyond the capacity (memory stays bounded). */
class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** Remembers `key` until `expiresAt`; false if it was already remembered (and not expired). */
  add(key: string, expiresAt: number, now: number): boolean {
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, expiresAt);
    for (const [oldest, expiry] of this.expiries) {
      if (this.expiries.size <= this.capacity && expiry > now) break;
      this.expiries.delete(oldest);
    }
    return true;
  }
}

export interface DeliveryGuardOptions {
  /**
   * The claims of the store the engine uses (bot/claims.ts), shared by every process on it: a repeat that reaches
   * another process is caught there too. Without them the memory is this process's alone.
   */
  claims?: OnceClaims;
  now?: () => number;
  /** Told when the shared claims fail (the database unreachable); the delivery is then judged by this process alone. */
  onClaimsError?: (error: unknown) => void;
}

/**
 * What Bolt's signature check leaves open: a timestamp from the future (Bolt refuses only stale ones), the exact
 * replay of a signed request, and Slack's own retries of an event already received (by event_id).
 *
 * Two steps. Before Bolt verifies a request, `refusal` checks the timestamp window and this process's memory of
 * signatures: a replay here is refused with 401 at no cost. After verification, `firstDelivery` (event_id) or
 * `firstRequest` (signature, for what has no event_id: slash commands, button presses) claim the delivery in the
 * shared store, so a retry or a replay reaching another process behind the load balancer is not run there either.
 * The shared claim waits for verification on purpose: a forged request must not make the shared database write.
 * Each check looks at this process's memory first (no round trip for a repeat here; a second copy is caught while
 * the first one's claim is in flight).
 */
export class DeliveryGuard {
  private readonly signatures = new ExpiringSet(CAPACITY);
  private readonly events = new ExpiringSet(CAPACITY);
  private readonly now: () => number;

  constructor(private readonly options: DeliveryGuardOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Why an HTTP request must be refused (401) before it is verified and run, or undefined to let it through. */
  refusal(headers: IncomingHttpHeaders): string | undefined {
    const timestamp = Number(headers['x-slack-request-timestamp']);
    const signature = headers['x-slack-signature'];
    // Missing or malformed headers are Bolt's to refuse, with its own message.
    if (!Number.isFinite(timestamp) || typeof signature !== 'string') return undefined;
    const skew = timestamp - this.now() / 1000;
    if (skew > MAX_CLOCK_SKEW_SECONDS) return 'its timestamp is more than 5 minutes in the future';
    if (skew < -MAX_CLOCK_SKEW_SECONDS) return 'its timestamp is more than 5 minutes old';
    if (!this.signatures.add(signature, signatureExpiry(timestamp), this.now())) return 'it replays a request already received';
    return undefined;
  }

  /** True the first time an Events API delivery is seen; false for Slack's retry (or a replay) of the same event. */
  firstDelivery(eventId: string): Promise<boolean> {
    const expiresAt = this.now() + EVENT_MEMORY_MS;
    if (!this.events.add(eventId, expiresAt, this.now())) return Promise.resolve(false);
    return this.claim(`slack:event:${eventId}`, expiresAt);
  }

  /**
   * For a verified request that `refusal` let through: true unless another process on the store already ran a request
   * with this signature (a replay sent there first). This process's own memory was checked by `refusal`.
   */
  firstRequest(signature: string, timestamp: number): Promise<boolean> {
    return this.claim(`slack:signature:${signature}`, signatureExpiry(timestamp));
  }

  private async claim(key: string, expiresAt: number): Promise<boolean> {
    if (!this.options.claims) return true;
    try {
      return await this.options.claims.claimOnce(key, expiresAt);
    } catch (error) {
      // Running a delivery this process has not seen beats dropping one that may never have run anywhere.
      this.options.onClaimsError?.(error);
      return true;
    }
  }
}

/** A signature is remembered for as long as its timestamp would be accepted: after that the window refuses it anyway. */
function signatureExpiry(timestampSeconds: number): number {
  return (timestampSeconds + MAX_CLOCK_SKEW_SECONDS) * 1000 + 1000;
}

/**
 * What the HTTP receiver hands the middleware in Bolt's context (customPropertiesExtractor): the request's signature
 * and timestamp, for `firstRequest` once Bolt has verified them.
 */
export interface SignedRequestContext {
  slackSignature?: string;
  slackRequestTimestamp?: number;
}

export function signedRequestContext(headers: IncomingHttpHeaders): SignedRequestContext {
  const signature = headers['x-slack-signature'];
  const timestamp = Number(headers['x-slack-request-timestamp']);
  return typeof signature === 'string' && Number.isFinite(timestamp) ? { slackSignature: signature, slackRequestTimestamp: timestamp } : {};
}
