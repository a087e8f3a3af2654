import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction } from '../../../adapters/slack/action-ids.js';
import { UNKNOWN_ACTION_TEXT } from '../../../adapters/slack/listeners/actions.js';
import { TURN_FAILED_TEXT } from '../../../adapters/slack/turns.js';
import { createSlackLogger, startSlack, type RunningSlack } from '../../../adapters/slack/start.js';
import { readSlackConfig } from '../../../adapters/slack/config.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { categoryPath } from '../../../model/catalog.js';
import { FakeSlack, postToApp, TEAM_ID, type RecordedCall } from './fake-slack.js';
import { appMentionEvent, blockActions, directMessageEvent, slashCommand } from './payloads.js';
import { HeldEngine, itemsOf, until, type BlockJson } from './support.js';

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const FILAMENT = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies - 3D Printing Filament';
const BOT_TOKEN = 'xoxb-1111-2222-flarechattesttoken';
const SIGNING_SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

let recommender: InProcessRecommender;
const fake = new FakeSlack();
const logLines: string[] = [];
let storeFile: string;
let engine: HeldEngine;
let slack: RunningSlack | undefined;

function env(): NodeJS.ProcessEnv {
  return { SLACK_MODE: 'http', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0', SLACK_HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl };
}

async function startBot(): Promise<void> {
  engine = new HeldEngine(new ConversationEngine({ recommender, store: new SqliteSessionStore(storeFile) }));
  const logger = createSlackLogger(readSlackConfig(env()), { level: 'debug', write: (line) => logLines.push(line) });
  slack = await startSlack(env(), { engine, logger });
}

const send = (body: string, type: string, options = {}) => postToApp(slack!.port!, SIGNING_SECRET, body, type, options);
const posted = (since: number) => fake.waitFor((c) => c.method === 'chat.postMessage', since);
const blocksOf = (call: RecordedCall) => call.body.blocks as BlockJson[];

/** Presses one of the buttons of a posted list, as Slack would send it. */
function press(list: RecordedCall, user: string, rank: number, label: string, responseUrl = fake.responseUrl(`press-${user}`)) {
  const item = itemsOf(blocksOf(list))[rank - 1]!;
  const button = item.buttons.find((b) => b.text?.text === label)!;
  const ts = (list.body.ts as string | undefined) ?? '1700000000.999999';
  return send(blockActions({ user, channel: list.body.channel as string, messageTs: ts, threadTs: list.body.thread_ts as string | undefined, responseUrl, action: { action_id: button.action_id!, block_id: item.blockId, value: button.value } }), FORM);
}

beforeAll(async () => {
  recommender = await InProcessRecommender.open(bundle);
  await fake.start();
  storeFile = join(mkdtempSync(join(tmpdir(), 'flarechat-slack-')), 'sessions.sqlite');
  await startBot();
});

afterAll(async () => {
  engine?.release();
  await slack?.stop();
  await engine?.close();
  await fake.close();
  await recommender?.close();
});

describe('the Slack app over HTTP, against a fake Slack', () => {
  it('acknowledges /recommend before the model answers, then posts the list as Block Kit', async () => {
    const since = fake.calls.length;
    engine.hold();
    const sentAt = Date.now();
    const ack = await send(slashCommand({ user: 'U1', channel: 'D1', text: '', responseUrl: fake.responseUrl('ack') }), FORM);
    expect(ack.status).toBe(200);
    expect(ack.at - sentAt).toBeLessThan(3000);
    await until(() => engine.waiting === 1);
    expect(fake.callsOf('chat.postMessage', since)).toHaveLength(0);
    engine.release();

    const list = await posted(since);
    expect(list.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(list.body.channel).toBe('D1');
    expect(list.body.text).toMatch(/^Top picks:\n1\. /);
    expect(engine.turns.at(-1)).toEqual({ kind: 'text', userId: `slack:${TEAM_ID}:U1`, text: 'recommend' });

    const blocks = blocksOf(list);
    expect(blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: 'Top picks:' } });
    const items = itemsOf(blocks);
    expect(items).toHaveLength(5);
    const listIds = new Set<string>();
    items.forEach((item, i) => {
      expect(item.buttons.map((b) => b.text?.text)).toEqual(['Like', 'Not this', 'More like this']);
      const decoded = item.buttons.map((b) => decodeAction({ action_id: b.action_id!, value: b.value }));
      expect(decoded.map((d) => d?.action)).toEqual(['like', 'dismiss', 'more-like-this']);
      const itemIndex = decoded[0]!.itemIndex!;
      expect(decoded.every((d) => d?.itemIndex === itemIndex)).toBe(true);
      expect(item.text).toContain(`*${i + 1}. `);
      expect(item.text).toContain(recommender.catalog.item(itemIndex).title.replace(/&/g, '&amp;').slice(0, 40));
      for (const d of decoded) listIds.add(d!.listId);
    });
    expect(listIds.size).toBe(1);

    const footer = blocks.at(-1)!;
    const menu = footer.elements!.find((e) => e.type === 'static_select')!;
    expect(menu.options!.length).toBeGreaterThan(1);
    expect(menu.options![0]!.value).toMatch(/^Industrial & Scientific - /);
    expect(footer.elements!.find((e) => e.text?.text === 'More')).toBeDefined();
  });

  it('carries a conversation through a button, a DM critique and an expired list, and keeps history across a restart', async () => {
    let since = fake.calls.length;
    await send(slashCommand({ user: 'U2', channel: 'D2', text: 'recommend', responseUrl: fake.responseUrl('u2') }), FORM);
    const first = await posted(since);
    const liked = itemsOf(blocksOf(first))[0]!;
    const likedIndex = decodeAction({ action_id: liked.buttons[0]!.action_id!, value: liked.buttons[0]!.value })!.itemIndex!;
    const likedTitle = recommender.catalog.item(likedIndex).title;

    since = fake.calls.length;
    expect((await press(first, 'U2', 1, 'Like')).status).toBe(200);
    expect((await posted(since)).body.text).toBe(`Added "${likedTitle}" to your history.`);
    expect(engine.turns.at(-1)).toMatchObject({ kind: 'action', action: 'like', itemIndex: likedIndex, userId: `slack:${TEAM_ID}:U2` });

    since = fake.calls.length;
    expect((await send(directMessageEvent({ user: 'U2', channel: 'D2', text: '3d printing filament instead', ts: '1700000200.000100' }), JSON_TYPE)).status).toBe(200);
    const refined = await posted(since);
    expect(refined.body.text).toContain('Steering to 3D Printing Filament');
    expect(refined.body.thread_ts).toBeUndefined();
    const refinedItems = itemsOf(blocksOf(refined));
    expect(refinedItems).toHaveLength(5);
    for (const item of refinedItems) {
      const index = decodeAction({ action_id: item.buttons[0]!.action_id!, value: item.buttons[0]!.value })!.itemIndex!;
      expect(categoryPath(recommender.catalog.item(index).categories).startsWith(FILAMENT)).toBe(true);
      expect(item.text).toContain('3D Printing Filament');
    }

    since = fake.calls.length;
    await press(first, 'U2', 2, 'Not this');
    expect((await posted(since)).body.text).toMatch(/expired/);

    // Shutdown with a turn in flight: the reply still goes out before stop() resolves.
    since = fake.calls.length;
    engine.hold();
    await send(directMessageEvent({ user: 'U2', channel: 'D2', text: 'why', ts: '1700000200.000200' }), JSON_TYPE);
    await until(() => engine.waiting === 1);
    let stopped = false;
    const stopping = slack!.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false);
    engine.release();
    await stopping;
    expect(fake.callsOf('chat.postMessage', since)).toHaveLength(1);
    await expect(send(directMessageEvent({ user: 'U2', channel: 'D2', text: 'hello', ts: '1700000200.000300' }), JSON_TYPE)).rejects.toThrow();
    await engine.close();

    await startBot();
    since = fake.calls.length;
    await send(directMessageEvent({ user: 'U2', channel: 'D2', text: 'history', ts: '1700000300.000100' }), JSON_TYPE);
    expect((await posted(since)).body.text).toContain(likedTitle);
    const store = new SqliteSessionStore(storeFile);
    expect(store.get(`slack:${TEAM_ID}:U2`).history).toContain(recommender.catalog.item(likedIndex).id);
    expect(store.get('U2').history).toEqual([]);
    await store.close();
  });

  it('answers a mention in its thread and keeps later replies of that conversation in the same thread', async () => {
    let since = fake.calls.length;
    await send(appMentionEvent({ user: 'U3', channel: 'C3', text: '<@U0BOT> beakers', ts: '1700000400.000100' }), JSON_TYPE);
    const list = await posted(since);
    expect(list.body).toMatchObject({ channel: 'C3', thread_ts: '1700000400.000100' });
    expect(engine.turns.at(-1)).toMatchObject({ kind: 'text', text: 'beakers' });
    expect(itemsOf(blocksOf(list))).toHaveLength(5);

    since = fake.calls.length;
    await send(slashCommand({ user: 'U3', channel: 'C3', text: 'more', responseUrl: fake.responseUrl('u3') }), FORM);
    expect((await posted(since)).body).toMatchObject({ channel: 'C3', thread_ts: '1700000400.000100' });
  });

  it('rejects a forged signature and a stale timestamp without running a turn', async () => {
    const turns = engine.turns.length;
    const since = fake.calls.length;
    const body = slashCommand({ user: 'U4', channel: 'D4', text: 'recommend', responseUrl: fake.responseUrl('u4') });
    const forged = await send(body, FORM, { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const staleTime = Math.floor(Date.now() / 1000) - 10 * 60;
    const stale = await send(body, FORM, { timestamp: staleTime });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(engine.turns.length).toBe(turns);
    expect(fake.callsOf('chat.postMessage', since)).toHaveLength(0);
  });

  it('answers an unknown action id or a tampered value politely and privately, without a turn', async () => {
    const turns = engine.turns.length;
    const since = fake.calls.length;
    const unknown = await send(blockActions({ user: 'U5', channel: 'D5', messageTs: '1.1', responseUrl: fake.responseUrl('unknown'), action: { action_id: 'someone-else:vote', block_id: 'b', value: 'x' } }), FORM);
    expect(unknown.status).toBe(200);
    const tampered = await send(blockActions({ user: 'U5', channel: 'D5', messageTs: '1.1', responseUrl: fake.responseUrl('tampered'), action: { action_id: 'flarechat:like:1', block_id: 'b', value: '{"listId":"../../x","itemIndex":-1}' } }), FORM);
    expect(tampered.status).toBe(200);
    for (const name of ['unknown', 'tampered']) {
      const answer = await fake.waitFor((c) => c.path === `/response/${name}`, since);
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: UNKNOWN_ACTION_TEXT });
    }
    expect(engine.turns.length).toBe(turns);
  });

  it('retries a chat.postMessage rate-limited with Retry-After: 1, once, after at least a second', async () => {
    const since = fake.calls.length;
    fake.answerNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    await send(slashCommand({ user: 'U6', channel: 'D6', text: 'beakers', responseUrl: fake.responseUrl('u6') }), FORM);
    await until(() => fake.callsOf('chat.postMessage', since).length === 2, 'the retried chat.postMessage');
    const [limited, retried] = fake.callsOf('chat.postMessage', since);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(retried!.body.text).toBe(limited!.body.text);
    expect(itemsOf(retried!.body.blocks as BlockJson[])).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsOf('chat.postMessage', since)).toHaveLength(2);
  });

  it('gives up on a rate limit that does not lift after 3 retries and tells the user privately', async () => {
    const since = fake.calls.length;
    for (let i = 0; i < 4; i++) fake.answerNext('chat.postMessage', { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } });
    await send(slashCommand({ user: 'U6', channel: 'D6', text: 'more', responseUrl: fake.responseUrl('limited') }), FORM);
    const fallback = await fake.waitFor((c) => c.path === '/response/limited', since);
    expect(fallback.body.text).toMatch(/^Slack did not accept my answer/);
    expect(fake.callsOf('chat.postMessage', since)).toHaveLength(4);
  });

  it('tells the user privately when it is not in the channel, logs it, and carries on for everyone else', async () => {
    let since = fake.calls.length;
    fake.answerNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await send(slashCommand({ user: 'U7', channel: 'C7', text: 'recommend', responseUrl: fake.responseUrl('u7') }), FORM);
    const fallback = await fake.waitFor((c) => c.path === '/response/u7', since);
    expect(fallback.body).toMatchObject({ response_type: 'ephemeral' });
    expect(fallback.body.text).toMatch(/^I am not a member of this channel.*Invite me/);
    expect(itemsOf(fallback.body.blocks as BlockJson[])).toHaveLength(5);
    const warning = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.code === 'not_in_channel');
    expect(warning).toMatchObject({ level: 'warn', message: 'chat.postMessage failed', channel: 'C7' });

    since = fake.calls.length;
    await send(slashCommand({ user: 'U8', channel: 'D8', text: 'recommend', responseUrl: fake.responseUrl('u8') }), FORM);
    expect(itemsOf(blocksOf(await posted(since)))).toHaveLength(5);
  });

  it('apologises for a turn that fails and goes on serving, that user included', async () => {
    let since = fake.calls.length;
    engine.failNextTurn(new Error('model server timed out'));
    await send(directMessageEvent({ user: 'U9', channel: 'D9', text: 'recommend', ts: '1700000500.000100' }), JSON_TYPE);
    expect((await posted(since)).body.text).toBe(TURN_FAILED_TEXT);
    expect(logLines.some((l) => l.includes('conversation turn failed') && l.includes('model server timed out'))).toBe(true);

    since = fake.calls.length;
    await send(directMessageEvent({ user: 'U9', channel: 'D9', text: 'recommend', ts: '1700000500.000200' }), JSON_TYPE);
    expect(itemsOf(blocksOf(await posted(since)))).toHaveLength(5);
  });

  it('refuses to start with a token Slack rejects, saying which variable to fix', async () => {
    fake.answerNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    await expect(startSlack({ ...env(), SLACK_BOT_TOKEN: 'xoxb-revoked-token' }, { engine, logger: createSlackLogger(readSlackConfig(env()), { write: () => {} }) })).rejects.toThrow(
      /^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/,
    );
  });

  it('never writes a token or the signing secret to the log, debug level included', () => {
    // The WebClient's debug lines describe every request's headers, where the bot token travels.
    expect(logLines.filter((l) => l.includes('http request headers')).length).toBeGreaterThan(10);
    for (const line of logLines) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(SIGNING_SECRET);
    }
  });
});
