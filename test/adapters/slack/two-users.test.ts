import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../../adapters/slack/config.js';
import { createSlackLogger, startSlack, type RunningSlack } from '../../../adapters/slack/start.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { MessageUnderstanding } from '../../../bot/understanding/index.js';
import { adversarialMessages } from '../../../cli/bench/bot.js';
import { WatchedUnderstanding } from '../../bot/held-understanding.js';
import { FakeSlack, postToApp } from './fake-slack.js';
import { directMessageEvent, slashCommand } from './payloads.js';
import { itemsOf, type BlockJson } from './support.js';

/**
 * Issue #15: over Slack another user's /recommend ack waited 15.4 s behind one long message. Here user A's
 * 2,000-character message is held mid-understanding for as long as the test needs; user B's /recommend must be
 * acknowledged and answered meanwhile. Asserted by order, never by a clock.
 */

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const BOT_TOKEN = 'xoxb-1111-2222-flarechattwousers';
const SIGNING_SECRET = '0cc175b9c0f1b6a831c399e269772661';
/** Waiting for readiness, not a deadline: the long message takes as long as the loaded machine needs. */
const NO_DEADLINE = 24 * 60 * 60 * 1000;

let recommender: InProcessRecommender;
let understanding: MessageUnderstanding;
let watched: WatchedUnderstanding;
let engine: ConversationEngine;
let slack: RunningSlack | undefined;
const fake = new FakeSlack();

beforeAll(async () => {
  recommender = await InProcessRecommender.open(bundle);
  understanding = await MessageUnderstanding.open(recommender.catalog);
  watched = new WatchedUnderstanding(understanding);
  await fake.start();
  engine = new ConversationEngine({ recommender, understanding: watched, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-slack-two-')), 's.sqlite')) });
  const env = { SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl };
  slack = await startSlack(env, { engine, logger: createSlackLogger(readSlackConfig(env), { level: 'warn', write: () => {} }) });
});

afterAll(async () => {
  watched?.release();
  await slack?.stop();
  await engine?.close();
  await fake.close();
  await understanding?.close();
  await recommender?.close();
});

const send = (body: string, type: string) => postToApp(slack!.port!, SIGNING_SECRET, body, type);

describe('two Slack users at once', () => {
  it('acknowledges and answers B\'s /recommend while A\'s 2,000-character message is still being understood', async () => {
    watched.holdLongMessagesBefore(2);
    const since = fake.calls.length;
    const long = adversarialMessages()['unknown words']!;
    expect((await send(directMessageEvent({ user: 'UA', channel: 'DA', text: long, ts: '1700000500.000100' }), 'application/json')).status).toBe(200);
    await watched.held;

    const ack = await send(slashCommand({ user: 'UB', channel: 'DB', text: '', responseUrl: fake.responseUrl('ub') }), 'application/x-www-form-urlencoded');
    expect(ack.status).toBe(200);
    const listForB = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DB', since, NO_DEADLINE);
    expect(itemsOf(listForB.body.blocks as BlockJson[])).toHaveLength(5);
    // A's message is still where it was held: B was not queued behind it.
    expect(watched.longPieces).toBe(1);
    expect(fake.calls.slice(since).filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'DA')).toHaveLength(0);

    watched.release();
    const answerForA = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DA', since, NO_DEADLINE);
    expect(String(answerForA.body.text).length).toBeGreaterThan(0);
    expect(fake.calls.indexOf(answerForA)).toBeGreaterThan(fake.calls.indexOf(listForB));
  });
});
