import type { IncomingHttpHeaders } from 'node:http';

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

/**
 * What Bolt's signature check leaves open, in one process's memory: a timestamp from the future (Bolt refuses only
 * stale ones), the exact replay of a signed request (its signature is remembered while its timestamp is valid), and
 * Slack's own retries of an event already received (by event_id). Processes behind one load balancer each keep
 * their own memory: a replay sent to another process is caught only by the timestamp window (README).
 */
export class DeliveryGuard {
  private readonly signatures = new ExpiringSet(CAPACITY);
  private readonly events = new ExpiringSet(CAPACITY);

  constructor(private readonly now: () => number = Date.now) {}

  /** Why an HTTP request must be refused (401) before it is verified and run, or undefined to let it through. */
  refusal(headers: IncomingHttpHeaders): string | undefined {
    const timestamp = Number(headers['x-slack-request-timestamp']);
    const signature = headers['x-slack-signature'];
    // Missing or malformed headers are Bolt's to refuse, with its own message.
    if (!Number.isFinite(timestamp) || typeof signature !== 'string') return undefined;
    const skew = timestamp - this.now() / 1000;
    if (skew > MAX_CLOCK_SKEW_SECONDS) return 'its timestamp is more than 5 minutes in the future';
    if (skew < -MAX_CLOCK_SKEW_SECONDS) return 'its timestamp is more than 5 minutes old';
    // Remembered for as long as the timestamp would be accepted: after that the window above refuses it anyway.
    if (!this.signatures.add(signature, (timestamp + MAX_CLOCK_SKEW_SECONDS) * 1000 + 1000, this.now())) return 'it replays a request already received';
    return undefined;
  }

  /** True the first time an Events API delivery is seen; false for Slack's retry (or a replay) of the same event. */
  firstDelivery(eventId: string): boolean {
    return this.events.add(eventId, this.now() + EVENT_MEMORY_MS, this.now());
  }
}
