import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresSessionStore } from '../../bot/postgres-session-store.js';
import { distinctDemoTitles, runFlarechat, type FlarechatProcess } from './processes.js';

/** Which of `needles` occur in the bytes of `files` (missing files hold nothing). */
function found(files: string[], needles: string[]): string[] {
  const contents = files.filter(existsSync).map((f) => readFileSync(f));
  return needles.filter((n) => contents.some((bytes) => bytes.includes(Buffer.from(n))));
}

/** A chat that adds 5 named items, then says "forget me"; resolves once the deletion is acknowledged (chat still running). */
async function chatThenForget(user: string, env: NodeJS.ProcessEnv): Promise<{ chat: FlarechatProcess; ids: string[] }> {
  const titles = distinctDemoTitles(5, 60);
  const chat = runFlarechat(['chat', '--user', user], env);
  await chat.waitFor(/^Hi!/m);
  chat.child.stdin.write(titles.map((t) => `i have ${t.title}\n`).join(''));
  await chat.waitFor(new RegExp(`Added "${titles.at(-1)!.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  chat.child.stdin.write('forget me\n');
  await chat.waitFor(/^Deleted everything I stored about you\.$/m);
  return { chat, ids: titles.map((t) => t.id) };
}

describe('"forget me" removes the user\'s bytes, not only the row (issue #17 item 3)', () => {
  it('SQLite: neither the user id nor the stored history remain in the database, its WAL or shared memory file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-forget-'));
    const user = `forgetme-${process.pid}-${Date.now()}`;
    const { chat, ids } = await chatThenForget(user, { FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: '' });
    const files = ['sessions.sqlite', 'sessions.sqlite-wal', 'sessions.sqlite-shm'].map((f) => join(dir, f));
    // While the process still holds the store open (a bot would), then after it closed it.
    // The demo's item ids are short numbers found everywhere: the stored history is looked for as its JSON text.
    const needles = [user, JSON.stringify(ids).slice(1, -1)];
    expect(found(files, needles)).toEqual([]);
    chat.child.stdin.end('quit\n');
    expect((await chat.exited).code).toBe(0);
    expect(found(files, needles)).toEqual([]);
  }, 300_000);

  const pgUrl = process.env.FLARECHAT_TEST_PG_URL;
  it.skipIf(!pgUrl)("PostgreSQL: the row is gone and the table's files (heap, TOAST, key index) no longer hold the user", async () => {
    const user = `forgetme-pg-${process.pid}-${Date.now()}`;
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-forget-pg-'));
    await (await PostgresSessionStore.open(pgUrl!)).close(); // the table exists before we look up its files
    const { chat } = await chatThenForget(user, { FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: pgUrl });
    chat.child.stdin.end('quit\n');
    expect((await chat.exited).code).toBe(0);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT 1 FROM flarechat_sessions WHERE user_id = $1', [user])).rowCount).toBe(0);
      // The physical check needs the server's files: a local cluster (test/support/start-postgres.sh) run by a superuser.
      const where = await client.query<{ dir: string; heap: string; toast: string | null }>(
        "SELECT current_setting('data_directory') AS dir, pg_relation_filepath('flarechat_sessions') AS heap, pg_relation_filepath(NULLIF(reltoastrelid, 0)) AS toast FROM pg_class WHERE relname = 'flarechat_sessions'",
      ).catch(() => undefined);
      const row = where?.rows[0];
      if (!row || !existsSync(row.dir)) return;
      await client.query('CHECKPOINT');
      const index = await client.query<{ path: string }>("SELECT pg_relation_filepath('flarechat_sessions_pkey') AS path");
      const files = [row.heap, row.toast, index.rows[0]?.path].filter((f): f is string => Boolean(f)).map((f) => join(row.dir, f));
      // JSONB is stored binary (the history is no JSON text there): the user id is in the heap row and the key index.
      expect(found(files, [user])).toEqual([]);
    } finally {
      await client.end();
    }
  }, 300_000);
});
