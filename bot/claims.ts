/**
 * Keys taken once until they expire, shared by every process that opens the same store: what lets an adapter run a
 * delivery once when the platform sends it again to another process (Slack's retry of an event reaching the other
 * side of a load balancer). Times are milliseconds since the epoch, on the caller's clock.
 */
export interface OnceClaims {
  /** True the first time `key` is claimed; false while an unexpired claim of it exists, made by any process. */
  claimOnce(key: string, expiresAt: number): Promise<boolean>;
}

/** The two row operations claims need; each store implements them with one statement each. */
export interface ClaimRows {
  /** Inserts the claim, or takes over a row whose claim expired by `now`; true when this call holds the claim. */
  insertClaim(key: string, expiresAt: number, now: number): Promise<boolean> | boolean;
  /** Deletes at most `limit` rows whose claim expired by `now` (a row taken over meanwhile is kept). */
  deleteExpiredClaims(now: number, limit: number): Promise<unknown> | unknown;
}

/**
 * Expired rows are deleted every PRUNE_EVERY claims (the first one included, so a restarted process clears what its
 * predecessors left), at most PRUNE_BATCH at a time: no claim waits on a long delete, and as each claim adds at most
 * one row, deleting up to ten times as many keeps the table at about what the unexpired claims need.
 */
export const PRUNE_EVERY = 100;
export const PRUNE_BATCH = 1000;

/** `claimOnce` over a store's rows, with the pruning pace above. */
export class ExpiringClaims implements OnceClaims {
  private calls = 0;

  constructor(private readonly rows: ClaimRows, private readonly now: () => number = Date.now) {}

  async claimOnce(key: string, expiresAt: number): Promise<boolean> {
    const now = this.now();
    if (this.calls++ % PRUNE_EVERY === 0) {
      // Housekeeping only: an expired row left behind is taken over by the next claim of its key anyway, so a delete
      // that fails (the database busy) must not fail the claim.
      try {
        await this.rows.deleteExpiredClaims(now, PRUNE_BATCH);
      } catch {
        // retried at the next pruning
      }
    }
    return this.rows.insertClaim(key, expiresAt, now);
  }
}
