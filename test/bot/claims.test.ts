import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRUNE_BATCH, PRUNE_EVERY } from '../../bot/claims.js';
import { PostgresSessionStore } from '../../bot/postgres-session-store.js';
import { SqliteSessionStore, type SessionStore } from '../../bot/session-store.js';
import { isolatedSchema } from '../support/pg-schema.js';

/** A clock the test moves by hand: expiry is checked without waiting for it. */
function handClock(start: number) {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

/** What every store promises: one claim per key until it expires, then the key can be claimed again. */
async function claimContract(open: (now: () => number) => Promise<SessionStore>, tag: string) {
  const clock = handClock(1_000);
  const store = await open(clock.now);
  const other = await open(clock.now); // a second process on the same database
  try {
    expect(await store.claimOnce(`${tag}:event`, 2_000)).toBe(true);
    expect(await store.claimOnce(`${tag}:event`, 2_000)).toBe(false);
    expect(await other.claimOnce(`${tag}:event`, 9_000)).toBe(false);
    expect(await other.claimOnce(`${tag}:another`, 2_000)).toBe(true);
    clock.at = 1_999;
    expect(await other.claimOnce(`${tag}:event`, 9_000)).toBe(false);
    // At its expiry the claim is over: the next one takes the key, with its own expiry.
    clock.at = 2_000;
    expect(await other.claimOnce(`${tag}:event`, 3_000)).toBe(true);
    expect(await store.claimOnce(`${tag}:event`, 9_000)).toBe(false);
    clock.at = 3_000;
    expect(await store.claimOnce(`${tag}:event`, 4_000)).toBe(true);
  } finally {
    await other.close();
    await store.close();
  }
}

describe('claims on the SQLite store', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'flarechat-claims-')), 'sessions.sqlite');

  it('claims a key once until it expires, in this and another process on the same file', async () => {
    const path = file();
    await claimContract(async (now) => new SqliteSessionStore(path, { now }), 'sqlite');
  });

  it('a claim survives a restart (it is in the file, not in memory)', async () => {
    const path = file();
    const clock = handClock(0);
    const before = new SqliteSessionStore(path, { now: clock.now });
    expect(await before.claimOnce('slack:event:Ev1', 100)).toBe(true);
    before.close();
    const after = new SqliteSessionStore(path, { now: clock.now });
    expect(await after.claimOnce('slack:event:Ev1', 100)).toBe(false);
    after.close();
  });

  it('deletes expired claims every PRUNE_EVERY claims, keeping the unexpired ones', async () => {
    const path = file();
    const clock = handClock(0);
    const store = new SqliteSessionStore(path, { now: clock.now });
    const rows = () => {
      const reader = new Database(path, { readonly: true });
      try {
        return (reader.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    // Claims 0 .. 1.5 PRUNE_EVERY - 1 expire at 10; the prune at claim PRUNE_EVERY finds nothing expired yet.
    const early = PRUNE_EVERY * 1.5;
    for (let i = 0; i < early; i++) expect(await store.claimOnce(`early-${i}`, 10)).toBe(true);
    expect(rows()).toBe(early);
    // Later claims, unexpired; the one that makes 2 PRUNE_EVERY claims runs the next prune, before it inserts.
    clock.at = 20;
    for (let i = early; i < 2 * PRUNE_EVERY; i++) await store.claimOnce(`late-${i}`, 1_000);
    expect(rows()).toBe(2 * PRUNE_EVERY);
    await store.claimOnce('the-pruning-one', 1_000);
    expect(rows()).toBe(2 * PRUNE_EVERY - early + 1);
    // An expired key can be claimed again whether or not its row was pruned.
    expect(await store.claimOnce('early-0', 1_000)).toBe(true);
    store.close();
  });

  it('a prune deletes at most its batch', () => {
    const clock = handClock(0);
    const store = new SqliteSessionStore(file(), { now: clock.now });
    for (let i = 0; i < 30; i++) store.insertClaim(`k${i}`, 5, 0);
    expect(store.deleteExpiredClaims(5, 20)).toBe(20);
    expect(store.deleteExpiredClaims(5, 20)).toBe(10);
    expect(store.deleteExpiredClaims(5, 20)).toBe(0);
    expect(PRUNE_BATCH).toBeGreaterThanOrEqual(PRUNE_EVERY);
    store.close();
  });
});

const pgUrl = process.env.FLARECHAT_TEST_PG_URL;
describe.skipIf(!pgUrl)('claims on the PostgreSQL store (real server from test/support/start-postgres.sh)', () => {
  // A schema of this file's own: another test's prune on the real clock would take the hand clock's claims as expired.
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  const opened: PostgresSessionStore[] = [];
  const open = async (now?: () => number) => {
    const store = await PostgresSessionStore.open(schema.url, { now });
    opened.push(store);
    return store;
  };
  beforeAll(async () => {
    schema = await isolatedSchema(pgUrl!, 'claims_test');
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
    await schema?.drop();
  });

  it('claims a key once until it expires, in this and another process on the same database', async () => {
    await claimContract((now) => PostgresSessionStore.open(schema.url, { now }), 'pg');
  });

  it('of 40 simultaneous claims of one key from two processes, exactly one wins', async () => {
    const a = await open();
    const b = await open();
    const expiresAt = Date.now() + 60_000;
    const wins = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claimOnce('race', expiresAt)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('deletes expired claims every PRUNE_EVERY claims, at most a batch at a time, keeping the unexpired ones', async () => {
    const clock = handClock(0);
    const store = await open(clock.now);
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    try {
      const rows = async () => Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM flarechat_claims WHERE key LIKE 'prune-%'")).rows[0]!.n);
      for (let i = 0; i < 30; i++) await store.insertClaim(`prune-${i}`, 5, 0);
      await store.insertClaim('prune-kept', 1_000, 0);
      expect(await store.deleteExpiredClaims(5, 20)).toBe(20);
      expect(await rows()).toBe(11);
      // This store's first claim prunes: the other 10 expired rows go, the unexpired one stays.
      clock.at = 10;
      expect(await store.claimOnce('prune-new', 1_000)).toBe(true);
      expect(await rows()).toBe(2);
      expect(await store.claimOnce('prune-kept', 2_000)).toBe(false);
    } finally {
      await client.end();
    }
  });
});
if (!pgUrl) console.warn('PostgreSQL claim tests skipped: FLARECHAT_TEST_PG_URL is not set (run test/support/start-postgres.sh)');
