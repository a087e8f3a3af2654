import { join } from 'node:path';
import { PostgresSessionStore } from './postgres-session-store.js';
import { SqliteSessionStore, type SessionStore } from './session-store.js';

/** FLARECHAT_DATABASE_URL (postgres://...) selects PostgreSQL; otherwise an SQLite file under the data folder. */
export async function openSessionStore(env: NodeJS.ProcessEnv = process.env): Promise<{ store: SessionStore; where: string }> {
  const historyCap = env.FLARECHAT_HISTORY_CAP ? Number(env.FLARECHAT_HISTORY_CAP) : undefined;
  if (historyCap !== undefined && !(Number.isInteger(historyCap) && historyCap > 0)) throw new Error(`FLARECHAT_HISTORY_CAP must be a positive whole number, got '${env.FLARECHAT_HISTORY_CAP}'`);
  const url = env.FLARECHAT_DATABASE_URL;
  if (url) return { store: await PostgresSessionStore.open(url, { historyCap }), where: `PostgreSQL at ${new URL(url).host}` };
  const file = join(env.FLARECHAT_DATA_DIR ?? '.flarechat', 'sessions.sqlite');
  return { store: new SqliteSessionStore(file, { historyCap }), where: file };
}
