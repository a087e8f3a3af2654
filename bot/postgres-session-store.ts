import pg from 'pg';
import { ExpiringClaims, type ClaimRows } from './claims.js';
import { capHistory, changeWithRetry, emptyState, StoreError, type SessionStore, type StateChange, type StoreOptions, type UserState, type VersionedRows, type VersionedState } from './session-store.js';

/**
 * The store for several bot processes sharing users: one row a user with a version, each write one statement
 * (atomic), turns saved by compare-and-set on the version (see SessionStore.change); claims in their own table.
 */
/**
 * Makes the tables, once. Several processes starting together on a new database would each run CREATE TABLE IF NOT
 * EXISTS at once, and PostgreSQL then fails all but one ("duplicate key value violates unique constraint
 * pg_type_typname_nsp_index"): the statements run in one transaction behind an advisory lock, so they take turns. A
 * database that has the tables already gets no DDL (no table lock taken while other processes serve users).
 */
async function makeTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    const ready = async () =>
      (
        await client.query<{ ready: boolean }>(
          "SELECT to_regclass('flarechat_claims_expiry') IS NOT NULL AND EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'flarechat_sessions' AND column_name = 'version') AS ready",
        )
      ).rows[0]!.ready;
    if (await ready()) return;
    await client.query('BEGIN');
    try {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('flarechat schema'))");
      if (!(await ready())) {
        await client.query('CREATE TABLE IF NOT EXISTS flarechat_sessions (user_id TEXT PRIMARY KEY, state JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), version BIGINT NOT NULL DEFAULT 1)');
        // Tables created before versions existed: every row starts at version 1.
        await client.query('ALTER TABLE flarechat_sessions ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 1');
        // Expiry on the clients' clock (ms), as the callers compute it: the claim and its check use one clock.
        await client.query('CREATE TABLE IF NOT EXISTS flarechat_claims (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)');
        await client.query('CREATE INDEX IF NOT EXISTS flarechat_claims_expiry ON flarechat_claims (expires_at)');
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

export class PostgresSessionStore implements SessionStore, VersionedRows, ClaimRows {
  private readonly claims: ExpiringClaims;

  private constructor(private readonly pool: pg.Pool, private readonly historyCap: number, now?: () => number) {
    this.claims = new ExpiringClaims(this, now);
  }

  static async open(url: string, options: StoreOptions = {}): Promise<PostgresSessionStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
    try {
      await makeTables(pool);
    } catch (error) {
      await pool.end();
      // The URL may hold a password: name only the host.
      const host = (() => {
        try {
          return new URL(url).host;
        } catch {
          return 'the configured server';
        }
      })();
      throw new StoreError(`cannot use the PostgreSQL session store at ${host}: ${(error as Error).message}`);
    }
    return new PostgresSessionStore(pool, options.historyCap ?? 200, options.now);
  }

  async read(userId: string): Promise<VersionedState> {
    const { rows } = await this.pool.query<{ state: UserState; version: string }>('SELECT state, version FROM flarechat_sessions WHERE user_id = $1', [userId]);
    return rows[0] ? { state: { ...emptyState(), ...rows[0].state }, version: Number(rows[0].version) } : { state: emptyState(), version: 0 };
  }

  async write(userId: string, state: UserState | undefined, expected: number): Promise<boolean> {
    if (state === undefined) {
      if (expected === 0) return (await this.read(userId)).version === 0;
      const deleted = (await this.pool.query('DELETE FROM flarechat_sessions WHERE user_id = $1 AND version = $2', [userId, expected])).rowCount === 1;
      if (deleted) await this.removeDeadRows();
      return deleted;
    }
    const json = JSON.stringify(capHistory(state, this.historyCap));
    const result =
      expected === 0
        ? await this.pool.query('INSERT INTO flarechat_sessions (user_id, state, updated_at, version) VALUES ($1, $2, now(), 1) ON CONFLICT (user_id) DO NOTHING', [userId, json])
        : await this.pool.query('UPDATE flarechat_sessions SET state = $2, updated_at = now(), version = version + 1 WHERE user_id = $1 AND version = $3', [userId, json, expected]);
    return result.rowCount === 1;
  }

  async get(userId: string): Promise<UserState> {
    return (await this.read(userId)).state;
  }

  change<T>(userId: string, turn: (state: UserState) => Promise<StateChange<T>> | StateChange<T>): Promise<T> {
    return changeWithRetry(this, userId, turn);
  }

  async put(userId: string, state: UserState): Promise<void> {
    await this.pool.query(
      'INSERT INTO flarechat_sessions (user_id, state, updated_at, version) VALUES ($1, $2, now(), 1) ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, updated_at = now(), version = flarechat_sessions.version + 1',
      [userId, JSON.stringify(capHistory(state, this.historyCap))],
    );
  }

  async delete(userId: string): Promise<void> {
    if ((await this.pool.query('DELETE FROM flarechat_sessions WHERE user_id = $1', [userId])).rowCount) await this.removeDeadRows();
  }

  claimOnce(key: string, expiresAt: number): Promise<boolean> {
    return this.claims.claimOnce(key, expiresAt);
  }

  async insertClaim(key: string, expiresAt: number, now: number): Promise<boolean> {
    // Concurrent claims of one key serialize on its row: the second sees the first's unexpired claim and changes nothing.
    const result = await this.pool.query(
      'INSERT INTO flarechat_claims (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE flarechat_claims.expires_at <= $3',
      [key, expiresAt, now],
    );
    return result.rowCount === 1;
  }

  async deleteExpiredClaims(now: number, limit: number): Promise<number> {
    // The outer condition is checked again on a row another process took over meanwhile, which is then kept.
    const result = await this.pool.query('DELETE FROM flarechat_claims WHERE expires_at <= $1 AND key IN (SELECT key FROM flarechat_claims WHERE expires_at <= $1 LIMIT $2)', [now, limit]);
    return result.rowCount ?? 0;
  }

  /**
   * A deleted row stays in the table's pages (heap, TOAST, primary-key index) as dead bytes: a plain VACUUM marks
   * the space free without overwriting it, so only a rewrite removes them. VACUUM FULL rewrites the table and its
   * index without the user (it holds the table's lock while it copies: other turns wait, a few ms per thousand
   * users). What remains is in WAL segments until PostgreSQL recycles them, and in backups (README, "Forgetting a
   * user"). Best effort: the deletion is committed either way.
   */
  private async removeDeadRows(): Promise<void> {
    await this.pool.query('VACUUM FULL flarechat_sessions').catch(() => {});
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
