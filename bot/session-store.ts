import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Everything the bot remembers about one user. Item references are catalog ids (stable across bundles). */
export interface UserState {
  history: string[];
  dismissed: string[];
  critique?: { path: string; negated: boolean; confidence: number; reason: string };
  lastList?: { id: string; items: string[]; critique?: string };
  /** How many of the current ranking the user has already seen ("more"). */
  offset: number;
  maxPrice?: number;
  /** Categories offered when the bot asked back; a number reply picks one. */
  pendingChoices?: string[];
}

export const emptyState = (): UserState => ({ history: [], dismissed: [], offset: 0 });

/** Durable per-user state. Every write is one transaction: a crash leaves the previous or the new state, never half. */
export interface SessionStore {
  get(userId: string): Promise<UserState> | UserState;
  put(userId: string, state: UserState): Promise<void> | void;
  delete(userId: string): Promise<void> | void;
  close(): Promise<void> | void;
}

/** Oldest first: the cap keeps the most recent items. */
export function capHistory(state: UserState, cap: number): UserState {
  return { ...state, history: state.history.slice(-cap) };
}

export class StoreError extends Error {
  readonly userFacing = true;
}

export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database;
  private readonly historyCap: number;

  constructor(path: string, options: { historyCap?: number } = {}) {
    this.historyCap = options.historyCap ?? 200;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path, { timeout: 2000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec('CREATE TABLE IF NOT EXISTS sessions (user_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL)');
    } catch (error) {
      throw new StoreError(`cannot open the session store ${path}: ${(error as Error).message} (check FLARECHAT_DATA_DIR and the file's permissions)`);
    }
  }

  get(userId: string): UserState {
    const row = this.db.prepare('SELECT state FROM sessions WHERE user_id = ?').get(userId) as { state: string } | undefined;
    return row ? { ...emptyState(), ...(JSON.parse(row.state) as UserState) } : emptyState();
  }

  put(userId: string, state: UserState): void {
    const capped = capHistory(state, this.historyCap);
    this.db.prepare('INSERT INTO sessions (user_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(userId, JSON.stringify(capped), Date.now());
  }

  delete(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  close(): void {
    this.db.close();
  }
}
