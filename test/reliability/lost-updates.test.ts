import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresSessionStore } from '../../bot/postgres-session-store.js';
import { SqliteSessionStore, type SessionStore } from '../../bot/session-store.js';
import { distinctDemoTitles, runFlarechat } from './processes.js';

const TURNS = 30;

/**
 * Issue #17, item 1: two chat processes for one user, 30 "i have <title>" turns each, sent once both are ready so
 * their turns overlap. Every acknowledged addition must be in the stored history afterwards.
 */
async function twoProcessesOneUser(env: NodeJS.ProcessEnv, openStore: () => Promise<SessionStore>) {
  const user = `race-${process.pid}-${Date.now()}`;
  const titles = [distinctDemoTitles(TURNS, 0), distinctDemoTitles(TURNS, TURNS)];
  const chats = titles.map(() => runFlarechat(['chat', '--user', user], env));
  await Promise.all(chats.map((c) => c.waitFor(/^Hi!/m)));
  chats.forEach((chat, i) => chat.child.stdin.end(titles[i]!.map((t) => `i have ${t.title}\n`).join('') + 'quit\n'));
  const exits = await Promise.all(chats.map((c) => c.exited));
  expect(exits.map((e) => e.code), chats.map((c) => c.stderr()).join('\n')).toEqual([0, 0]);
  // What each chat acknowledged, by title (how the engine reads a title may change; what it acknowledged must stay).
  const byTitle = new Map(titles.flat().map((t) => [t.title.toLowerCase(), t.id]));
  const acknowledged = chats.flatMap((c) => [...c.stdout().matchAll(/^Added "(.*)" \(matched your words\) to your history\.$/gm)].map((m) => byTitle.get(m[1]!.toLowerCase())));
  // Enough turns overlapped to race (the old code kept 30 of 60).
  expect(acknowledged.length).toBeGreaterThanOrEqual(2 * TURNS - 5);
  const store = await openStore();
  try {
    const history = new Set((await store.get(user)).history);
    const kept = acknowledged.filter((id) => id !== undefined && history.has(id)).length;
    expect({ acknowledged: acknowledged.length, kept }).toEqual({ acknowledged: acknowledged.length, kept: acknowledged.length });
  } finally {
    await store.close();
  }
}

describe('concurrent turns of one user in several processes all land (issue #17 item 1)', () => {
  it('SQLite: two chat processes on one file keep every acknowledged addition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-race-'));
    await twoProcessesOneUser({ FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: '' }, async () => new SqliteSessionStore(join(dir, 'sessions.sqlite')));
  }, 300_000);

  const pgUrl = process.env.FLARECHAT_TEST_PG_URL;
  it.skipIf(!pgUrl)('PostgreSQL: two chat processes on one database keep every acknowledged addition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flarechat-race-pg-'));
    await twoProcessesOneUser({ FLARECHAT_DATA_DIR: dir, FLARECHAT_DATABASE_URL: pgUrl }, () => PostgresSessionStore.open(pgUrl!));
  }, 300_000);
});
