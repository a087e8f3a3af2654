import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExpiringClaims, type ClaimRows, type OnceClaims } from './claims.js';

/** Everything the bot remembers about one user. Item references are catalog ids (stable across bundles). */
export interface UserState {
  history: string[];
  dismissed: string[];
  /**
   * The positive critique: the category the list is steered to. States stored before `exclusions` existed may hold a
   * negated one, which the engine reads as an exclusion.
   */
  critique?: { path: string; negated: boolean; confidence: number; reason: string };
  /** Categories left out ("no more gloves"), held alongside the positive critique. */
  exclusions?: string[];
  /** What listed items' titles must say ("in black", "carbide only", "bigger than #3"). */
  filters?: TitleFilters;
  /**
   * The last list shown. `behindChoices`: a later reply asked back with choices and no list, so what the person sees
   * last are the choices ("the second one", "the rare earth ones" answer that question).
   */
  lastList?: { id: string; items: string[]; critique?: string; behindChoices?: boolean };
  /** Where the last page starts: how many items the pages before it showed since the last fresh list. */
  offset: number;
  /** The items shown since the last fresh list, oldest first: "more" lists the next ones after them. */
  paged?: string[];
  maxPrice?: number;
  /** Categories offered when the bot asked back, until a list is shown without them; a number or a name picks one. */
  pendingChoices?: string[];
}

/** Attributes read from item titles (the catalog has no such fields): words a title must contain, a size bound. */
export interface TitleFilters {
  words?: string[];
  size?: { dimension: 'volume' | 'mass' | 'length'; direction: 'less' | 'more'; than: number };
}

export const emptyState = (): UserState => ({ history: [], dismissed: [], offset: 0 });

/** What one turn decided: the state to keep (or `undefined` to forget the user), and what to answer. */
export interface StateChange<T> {
  state: UserState | undefined;
  value: T;
}

/**
 * Durable per-user state. `change` is the only way turns write: it reads the state, runs the turn on it and saves
 * the result only if nobody (in this or another process) saved that user in between; otherwise it runs the turn
 * again on the newer state. So concurrent turns of one user from several processes all land, and the value returned
 * always belongs to the state that was saved. Every write is one statement: a crash leaves the old or the new state.
 * It also keeps the adapters' once-only claims (`claimOnce`, claims.ts), so processes sharing users share those too.
 */
export interface SessionStore extends OnceClaims {
  get(userId: string): Promise<UserState> | UserState;
  /** Runs `turn` on the user's state and saves what it returns, atomically against concurrent changes. */
  change<T>(userId: string, turn: (state: UserState) => Promise<StateChange<T>> | StateChange<T>): Promise<T>;
  /** Unconditional writes (tests, imports); turns go through `change`. */
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

/** A user's row as read: its state and its version (0: no row yet). */
export interface VersionedState {
  state: UserState;
  version: number;
}

/** The two row operations optimistic concurrency needs; each store implements them with one statement each. */
export interface VersionedRows {
  read(userId: string): Promise<VersionedState> | VersionedState;
  /** Saves (or with `undefined` deletes) the row if it still has `expected` version; false when someone else won. */
  write(userId: string, state: UserState | undefined, expected: number): Promise<boolean> | boolean;
}

/** Retries before a turn is given up (unsaved, so nothing acknowledged is lost); far above what contention needs. */
export const MAX_CHANGE_ATTEMPTS = 100;

/** Read, run, compare-and-set; on a lost race run the turn again on the winner's state (see SessionStore.change). */
export async function changeWithRetry<T>(rows: VersionedRows, userId: string, turn: (state: UserState) => Promise<StateChange<T>> | StateChange<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt++) {
    const { state, version } = await rows.read(userId);
    const before = version > 0 ? JSON.stringify(state) : undefined;
    const outcome = await turn(state);
    // A turn that changed nothing ("why", "history", "help") has nothing to save: no write, no wait for the disk.
    // Its reply is true of the state as it was read.
    if (before !== undefined && outcome.state !== undefined && JSON.stringify(outcome.state) === before) return outcome.value;
    if (await rows.write(userId, outcome.state, version)) return outcome.value;
    // Another process saved this user meanwhile: back off a little (random, so two losers do not collide again).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
  }
  throw new StoreError(`could not save the change for this user after ${MAX_CHANGE_ATTEMPTS} attempts (other processes kept changing it); nothing was saved, please try again`);
}

/** What both stores take: the history cap (default 200 items) and the clock claims expire on (tests move it). */
export interface StoreOptions {
  historyCap?: number;
  now?: () => number;
  /** SQLite: how long one statement waits for another process's lock before "database is locked" (default 2 s). */
  busyTimeoutMs?: number;
}

/**
 * A statement waits this long for another process's lock. better-sqlite3 waits synchronously, so this is also how long
 * a locked file can hold up every user of this process: short, and a turn that cannot write says so.
 */
const BUSY_TIMEOUT_MS = 2000;
/** Opening the store (once, at start-up) keeps trying while another process holds the file, up to this long. */
const OPEN_DEADLINE_MS = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Opens the file in WAL mode and makes the tables, all or nothing: a connection that failed part-way is closed. */
function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // "forget me" must remove the bytes, not only the row: deleted content is overwritten with zeros.
    db.pragma('secure_delete = ON');
    // Making the tables is one write transaction, taken at its start, so two processes making them take turns
    // instead of meeting half-way. A file that has them already is not written at all: a process can start while
    // another is writing.
    const tables = () => new Set((db.prepare("SELECT name FROM sqlite_master WHERE name IN ('sessions', 'claims', 'claims_expiry')").all() as { name: string }[]).map((r) => r.name));
    const hasVersion = () => (db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).some((c) => c.name === 'version');
    if (tables().size < 3 || !hasVersion()) {
      db.transaction(() => {
        db.exec('CREATE TABLE IF NOT EXISTS sessions (user_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1)');
        // Files written before versions existed: every row starts at version 1.
        if (!hasVersion()) db.exec('ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
        db.exec('CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
        db.exec('CREATE INDEX IF NOT EXISTS claims_expiry ON claims (expires_at)');
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export class SqliteSessionStore implements SessionStore, VersionedRows, ClaimRows {
  private readonly db!: Database.Database;
  private readonly historyCap: number;
  /** Each statement prepared once (every turn runs a read and a write). */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly claims: ExpiringClaims;

  constructor(private readonly path: string, options: StoreOptions = {}) {
    this.historyCap = options.historyCap ?? 200;
    this.claims = new ExpiringClaims(this, options.now);
    const deadline = Date.now() + OPEN_DEADLINE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        this.db = openDatabase(path, options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
        break;
      } catch (error) {
        // Two processes starting on one new file can meet while it turns to WAL: SQLite then answers "database is
        // locked" at once (waiting could deadlock), whatever the busy timeout. Start-up tries again, a random while
        // later, for as long as another process may reasonably hold the file; only then is it an error.
        if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') && Date.now() < deadline) {
          sleepSync(Math.random() * Math.min(250, 10 * attempt));
          continue;
        }
        throw new StoreError(`cannot open the session store ${path}: ${(error as Error).message} (check FLARECHAT_DATA_DIR and the file's permissions)`);
      }
    }
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  read(userId: string): VersionedState {
    const row = this.statement('SELECT state, version FROM sessions WHERE user_id = ?').get(userId) as { state: string; version: number } | undefined;
    return row ? { state: { ...emptyState(), ...this.parseState(row.state, userId) }, version: row.version } : { state: emptyState(), version: 0 };
  }

  /** A row that is not valid JSON (a damaged page, an edit by hand) stops that user's turn with what to do. */
  private parseState(text: string, userId: string): UserState {
    try {
      const state = JSON.parse(text) as unknown;
      if (state !== null && typeof state === 'object' && !Array.isArray(state)) return state as UserState;
    } catch {
      // reported below
    }
    throw new StoreError(
      `the saved state of user '${userId}' in ${this.path} is damaged (not a JSON object): delete that row ` +
        `(sqlite3 ${this.path} "DELETE FROM sessions WHERE user_id = '${userId.replace(/'/g, "''")}'") or move the file aside to start with empty histories`,
    );
  }

  write(userId: string, state: UserState | undefined, expected: number): boolean {
    if (state === undefined) {
      if (expected === 0) return this.read(userId).version === 0;
      const deleted = this.statement('DELETE FROM sessions WHERE user_id = ? AND version = ?').run(userId, expected).changes === 1;
      if (deleted) this.checkpoint();
      return deleted;
    }
    const json = JSON.stringify(capHistory(state, this.historyCap));
    if (expected === 0) return this.statement('INSERT INTO sessions (user_id, state, updated_at, version) VALUES (?, ?, ?, 1) ON CONFLICT(user_id) DO NOTHING').run(userId, json, Date.now()).changes === 1;
    return this.statement('UPDATE sessions SET state = ?, updated_at = ?, version = version + 1 WHERE user_id = ? AND version = ?').run(json, Date.now(), userId, expected).changes === 1;
  }

  get(userId: string): UserState {
    return this.read(userId).state;
  }

  change<T>(userId: string, turn: (state: UserState) => Promise<StateChange<T>> | StateChange<T>): Promise<T> {
    return changeWithRetry(this, userId, turn);
  }

  put(userId: string, state: UserState): void {
    const capped = capHistory(state, this.historyCap);
    this.statement('INSERT INTO sessions (user_id, state, updated_at, version) VALUES (?, ?, ?, 1) ON CONFLICT(user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, version = version + 1').run(userId, JSON.stringify(capped), Date.now());
  }

  delete(userId: string): void {
    if (this.statement('DELETE FROM sessions WHERE user_id = ?').run(userId).changes > 0) this.checkpoint();
  }

  claimOnce(key: string, expiresAt: number): Promise<boolean> {
    return this.claims.claimOnce(key, expiresAt);
  }

  insertClaim(key: string, expiresAt: number, now: number): boolean {
    // An existing row is taken over only if its claim has expired; otherwise nothing changes (0 rows).
    return this.statement('INSERT INTO claims (key, expires_at) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?').run(key, expiresAt, now).changes === 1;
  }

  deleteExpiredClaims(now: number, limit: number): number {
    return this.statement('DELETE FROM claims WHERE expires_at <= ? AND key IN (SELECT key FROM claims WHERE expires_at <= ? LIMIT ?)').run(now, now, limit).changes;
  }

  /**
   * After a deletion: copy the write-ahead log into the database file and truncate it, so the old page images that
   * still hold the deleted user leave the -wal file (secure_delete has zeroed them in the database). A reader in
   * another process can hold the checkpoint back; the next deletion's checkpoint (or the last close) completes it.
   */
  private checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    try {
      this.checkpoint();
    } finally {
      this.db.close();
    }
  }
}
