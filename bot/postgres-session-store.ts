import pg from 'pg';
import { capHistory, emptyState, StoreError, type SessionStore, type UserState } from './session-store.js';

/** The store for several bot processes sharing users: one row a user, each write one statement (atomic). */
export class PostgresSessionStore implements SessionStore {
  private constructor(private readonly pool: pg.Pool, private readonly historyCap: number) {}

  static async open(url: string, options: { historyCap?: number } = {}): Promise<PostgresSessionStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
    try {
      await pool.query('CREATE TABLE IF NOT EXISTS flarechat_sessions (user_id TEXT PRIMARY KEY, state JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())');
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
    return new PostgresSessionStore(pool, options.historyCap ?? 200);
  }

  async get(userId: string): Promise<UserState> {
    const { rows } = await this.pool.query<{ state: UserState }>('SELECT state FROM flarechat_sessions WHERE user_id = $1', [userId]);
    return rows[0] ? { ...emptyState(), ...rows[0].state } : emptyState();
  }

  async put(userId: string, state: UserState): Promise<void> {
    await this.pool.query(
      'INSERT INTO flarechat_sessions (user_id, state, updated_at) VALUES ($1, $2, now()) ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, updated_at = now()',
      [userId, JSON.stringify(capHistory(state, this.historyCap))],
    );
  }

  async delete(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM flarechat_sessions WHERE user_id = $1', [userId]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
