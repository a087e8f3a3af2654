import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../adapters/slack/config.js';
import { createSlackLogger, startSlack, type RunningSlack } from '../../adapters/slack/start.js';
import { ConversationEngine } from '../../bot/engine.js';
import { InProcessRecommender } from '../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../bot/session-store.js';
import { FakeSlack, slackSignature } from '../adapters/slack/fake-slack.js';
import { directMessageEvent, slashCommand } from '../adapters/slack/payloads.js';
import { HeldEngine } from '../adapters/slack/support.js';

const SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const FORM = 'application/x-www-form-urlencoded';
const fake = new FakeSlack();
let recommender: InProcessRecommender;
let engine: HeldEngine;
let slack: RunningSlack;

/** A request signed as Slack signs it, at `timestamp` (seconds), with any extra headers (Slack's retry headers). */
async function deliver(body: string, type: string, timestamp = Math.floor(Date.now() / 1000), headers: Record<string, string> = {}, signature = slackSignature(SECRET, timestamp, body)) {
  const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...headers },
    body,
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  recommender = await InProcessRecommender.open(join(import.meta.dirname, '..', '..', 'demo', 'bundle'));
  await fake.start();
  const env = { SLACK_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb-1111-2222-flarechattesttoken', SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl };
  engine = new HeldEngine(new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-replay-')), 'sessions.sqlite')) }));
  slack = await startSlack(env, { engine, logger: createSlackLogger(readSlackConfig(env), { write: () => {} }) });
});

afterAll(async () => {
  await slack?.stop();
  await engine?.close();
  await fake.close();
  await recommender?.close();
});

describe('Slack over HTTP: replays, retries and clock skew (issue #17 item 4)', () => {
  it('runs a signed request once: the same bytes sent again are refused with 401 and post nothing', async () => {
    const since = fake.calls.length;
    const body = slashCommand({ user: 'UREPLAY', channel: 'DREPLAY', text: 'recommend', responseUrl: fake.responseUrl('replay') });
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await deliver(body, FORM, timestamp)).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DREPLAY', since);
    expect(await deliver(body, FORM, timestamp)).toBe(401);
    // A later, different request of the same user is answered: the replay was not merely queued behind it.
    const later = fake.calls.length;
    expect(await deliver(slashCommand({ user: 'UREPLAY', channel: 'DREPLAY', text: 'more', responseUrl: fake.responseUrl('replay2') }), FORM)).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DREPLAY', later);
    expect(engine.turns.filter((t) => t.userId.endsWith(':UREPLAY')).map((t) => (t.kind === 'text' ? t.text : t.kind))).toEqual(['recommend', 'more']);
    expect(fake.callsOf('chat.postMessage', since).filter((c) => c.body.channel === 'DREPLAY')).toHaveLength(2);
  });

  it('refuses a correctly signed request whose timestamp is 6 minutes in the future, as one 6 minutes old', async () => {
    const turns = engine.turns.length;
    const body = slashCommand({ user: 'USKEW', channel: 'DSKEW', text: 'recommend', responseUrl: fake.responseUrl('skew') });
    const now = Math.floor(Date.now() / 1000);
    expect(await deliver(body, FORM, now + 6 * 60)).toBe(401);
    expect(await deliver(body, FORM, now - 6 * 60)).toBe(401);
    // Within the window (4 minutes either way) it is accepted: the check is the window, not the clock's exactness.
    expect(await deliver(body, FORM, now + 4 * 60)).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DSKEW');
    expect(engine.turns.length - turns).toBe(1);
  });

  it("acknowledges Slack's retry of an event already received (X-Slack-Retry-Num) without running it again", async () => {
    const since = fake.calls.length;
    const event = directMessageEvent({ user: 'URETRY', channel: 'DRETRY', text: 'recommend', ts: '1700000500.000100' });
    expect(await deliver(event, 'application/json')).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DRETRY', since);
    // Slack re-signs a retry with a new timestamp: the same event_id is what gives it away.
    expect(await deliver(event, 'application/json', Math.floor(Date.now() / 1000) + 1, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    const later = fake.calls.length;
    expect(await deliver(directMessageEvent({ user: 'URETRY', channel: 'DRETRY', text: 'more', ts: '1700000500.000200' }), 'application/json')).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DRETRY', later);
    expect(engine.turns.filter((t) => t.userId.endsWith(':URETRY')).map((t) => (t.kind === 'text' ? t.text : t.kind))).toEqual(['recommend', 'more']);
  });
});
