import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../../adapters/slack/config.js';
import { createSlackLogger, startSlack, type RunningSlack } from '../../../adapters/slack/start.js';
import type { Turn } from '../../../bot/conversation-types.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { PostgresSessionStore } from '../../../bot/postgres-session-store.js';
import { SqliteSessionStore, type SessionStore, type VersionedRows } from '../../../bot/session-store.js';
import { eventually } from '../../support/patience.js';
import { isolatedSchema } from '../../support/pg-schema.js';
import { FakeSlack, postToApp, TEAM_ID, type SignedPostOptions } from './fake-slack.js';
import { directMessageEvent, slashCommand } from './payloads.js';
import { HeldEngine } from './support.js';

/**
 * Two Slack processes behind one load balancer, as two apps in this test: each its own Bolt app, HTTP port, engine
 * and store connection, both on ONE database (an SQLite file; PostgreSQL when FLARECHAT_TEST_PG_URL is set) and one
 * fake Slack. Slack's retry of an event, or a replay of a signed request, reaching the process that did not run it
 * must not run it again. Every wait is for a log line or a request to the fake, never for a time.
 */

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const BOT_TOKEN = 'xoxb-1111-2222-flarechatsharedretries';
const SIGNING_SECRET = '45c48cce2e2d7fbdea1afc51c7c6ad26';
const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';
const RETRY = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

type Store = SessionStore & VersionedRows;

interface Process {
  name: string;
  slack: RunningSlack;
  engine: HeldEngine;
  store: Store;
  logs: { message?: string; eventId?: string; reason?: string }[];
}

let recommender: InProcessRecommender;
const fake = new FakeSlack();

beforeAll(async () => {
  recommender = await InProcessRecommender.open(bundle);
  await fake.start();
});

afterAll(async () => {
  await fake.close();
  await recommender?.close();
});

function sharedStoreSuite(kind: string, openStores: () => Promise<{ stores: [Store, Store]; drop(): Promise<void> }>) {
  describe(`two Slack processes on one ${kind}`, () => {
    const processes: Process[] = [];
    let drop: () => Promise<void> = async () => {};

    beforeAll(async () => {
      const opened = await openStores();
      drop = opened.drop;
      for (const [i, store] of opened.stores.entries()) {
        const env = { SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl };
        const logs: Process['logs'] = [];
        const engine = new HeldEngine(new ConversationEngine({ recommender, store }));
        const logger = createSlackLogger(readSlackConfig(env), { level: 'info', write: (line) => logs.push(JSON.parse(line) as Process['logs'][number]) });
        const slack = await startSlack(env, { engine, logger, claims: store });
        processes.push({ name: i === 0 ? 'A' : 'B', slack, engine, store, logs });
      }
    });

    afterAll(async () => {
      for (const p of processes) await p.slack.stop();
      for (const p of processes) await p.engine.close(); // closes its store
      await drop();
    });

    const [A, B] = [() => processes[0]!, () => processes[1]!];
    const send = (to: Process, body: string, type: string, options: SignedPostOptions = {}) => postToApp(to.slack.port!, SIGNING_SECRET, body, type, options);
    const postsTo = (channel: string, since: number) => fake.callsOf('chat.postMessage', since).filter((c) => c.body.channel === channel);
    const replyTo = (channel: string, since: number) => fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === channel, since);
    const said = (t: Turn) => (t.kind === 'text' ? t.text : t.kind);
    /** The turns of `user` that process `p` ran, in order. */
    const turnsIn = (p: Process, user: string) => p.engine.turns.filter((t) => t.userId === `slack:${TEAM_ID}:${user}`).map(said);
    /** The turns of `user` either process ran. */
    const turnsOf = (user: string) => processes.flatMap((p) => turnsIn(p, user)).sort();
    /** Waits until `p` logs a line passing `test`, or until `ranAnyway` shows the delivery was run (then the assertions after say so). */
    const loggedOrRan = (p: Process, test: (line: Process['logs'][number]) => boolean, ranAnyway: () => boolean, what: string) =>
      eventually(() => p.logs.some(test) || ranAnyway(), `${what} in process ${p.name}'s log`);
    const eventIdOf = (body: string) => (JSON.parse(body) as { event_id: string }).event_id;

    it("runs Slack's retry of a 'like 1' once: the process it reaches second acknowledges it and does nothing; one reply, the history changed once", async () => {
      const [user, channel] = ['ULIKE', 'DLIKE'];
      // The list is asked of B: both processes run turns of their own.
      let since = fake.calls.length;
      expect((await send(B(), directMessageEvent({ user, channel, text: 'recommend', ts: '1700000600.000100' }), JSON_TYPE)).status).toBe(200);
      await replyTo(channel, since);
      const before = await A().store.read(`slack:${TEAM_ID}:${user}`);
      const liked = before.state.lastList!.items[0]!;

      since = fake.calls.length;
      const like = directMessageEvent({ user, channel, text: 'like 1', ts: '1700000600.000200' });
      const sentAt = Math.floor(Date.now() / 1000);
      expect((await send(A(), like, JSON_TYPE, { timestamp: sentAt })).status).toBe(200);
      const reply = await replyTo(channel, since);
      expect(reply.body.text).toContain('to your history');
      // Slack's retry: the same body, signed again a second later, with its retry headers; sent to the other process.
      expect((await send(B(), like, JSON_TYPE, { timestamp: sentAt + 1, headers: RETRY })).status).toBe(200);
      await loggedOrRan(B(), (l) => l.message === 'ignored a repeated delivery of an event' && l.eventId === eventIdOf(like), () => turnsIn(B(), user).includes('like 1'), 'the retry ignored');

      expect(postsTo(channel, since)).toHaveLength(1);
      expect(turnsIn(A(), user)).toEqual(['like 1']);
      expect(turnsIn(B(), user)).toEqual(['recommend']);
      const after = await B().store.read(`slack:${TEAM_ID}:${user}`);
      expect(after.version).toBe(before.version + 1);
      expect(after.state.history).toEqual([...before.state.history, liked]);
    });

    it('runs an event delivered to both processes at once (the original to one, the retry to the other) exactly once', async () => {
      const [user, channel] = ['UBOTH', 'DBOTH'];
      const since = fake.calls.length;
      const event = directMessageEvent({ user, channel, text: 'recommend', ts: '1700000700.000100' });
      const sentAt = Math.floor(Date.now() / 1000);
      const statuses = await Promise.all([send(A(), event, JSON_TYPE, { timestamp: sentAt }), send(B(), event, JSON_TYPE, { timestamp: sentAt + 1, headers: RETRY })]);
      expect(statuses.map((s) => s.status)).toEqual([200, 200]);
      await replyTo(channel, since);
      // One of the two says it ignored the event; had both run it, neither would (and both engines would have the turn).
      await eventually(
        () => processes.some((p) => p.logs.some((l) => l.message === 'ignored a repeated delivery of an event' && l.eventId === eventIdOf(event))) || turnsOf(user).length > 1,
        'one process ignoring the event',
      );
      expect(postsTo(channel, since)).toHaveLength(1);
      expect(turnsOf(user)).toEqual(['recommend']);
    });

    it('runs a signed /recommend once when the same request is replayed to the other process (200 there, nothing run)', async () => {
      const [user, channel] = ['UREPLAYED', 'DREPLAYED'];
      const since = fake.calls.length;
      const command = slashCommand({ user, channel, text: 'recommend', responseUrl: fake.responseUrl('replayed') });
      const timestamp = Math.floor(Date.now() / 1000);
      expect((await send(A(), command, FORM, { timestamp })).status).toBe(200);
      await replyTo(channel, since);
      // The same bytes, the same signature: the process that ran it refuses them outright; the other one, once Bolt
      // has verified the signature, finds the claim and acknowledges without running it.
      expect((await send(A(), command, FORM, { timestamp })).status).toBe(401);
      expect((await send(B(), command, FORM, { timestamp })).status).toBe(200);
      await loggedOrRan(B(), (l) => l.message === 'refused a Slack request' && /another process/.test(l.reason ?? ''), () => turnsIn(B(), user).length > 0, 'the replay refused');
      expect(postsTo(channel, since)).toHaveLength(1);
      expect(turnsOf(user)).toEqual(['recommend']);
    });
  });
}

sharedStoreSuite('SQLite file', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flarechat-shared-retries-')), 'sessions.sqlite');
  return { stores: [new SqliteSessionStore(file), new SqliteSessionStore(file)], drop: async () => {} };
});

const pgUrl = process.env.FLARECHAT_TEST_PG_URL;
if (pgUrl) {
  sharedStoreSuite('PostgreSQL database', async () => {
    const schema = await isolatedSchema(pgUrl, 'slack_retries');
    return { stores: [await PostgresSessionStore.open(schema.url), await PostgresSessionStore.open(schema.url)], drop: schema.drop };
  });
} else {
  console.warn('The PostgreSQL variant of the shared Slack retries test is skipped: FLARECHAT_TEST_PG_URL is not set (run test/support/start-postgres.sh)');
}
