import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../../../adapters/common/logger.js';
import { startSlack, type RunningSlack } from '../../../adapters/slack/start.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { FakeSlack, TEAM_ID } from './fake-slack.js';
import { itemsOf, type BlockJson } from './support.js';

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const APP_TOKEN = 'xapp-1-A0FLARE-1234-socketmodetoken';
const BOT_TOKEN = 'xoxb-1111-2222-socketbottoken';

let recommender: InProcessRecommender;
let engine: ConversationEngine;
let slack: RunningSlack | undefined;
const fake = new FakeSlack();
let wss: WebSocketServer;
let socket: WebSocket | undefined;
const fromApp: Record<string, unknown>[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => fromApp.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FLARE' }, debug_info: { host: 'fake-slack' } }));
  });
  await fake.start();
  fake.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=fake`;
  recommender = await InProcessRecommender.open(bundle);
  engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-slack-sm-')), 's.sqlite')) });
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl };
  slack = await startSlack(env, { engine, logger: createLogger({ level: 'warn', write: () => {} }) });
});

afterAll(async () => {
  await slack?.stop();
  await engine?.close();
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  await fake.close();
  await recommender?.close();
});

describe('the Slack app in Socket Mode, against a fake Slack', () => {
  it('opens the connection with the app token, acks a slash command envelope and posts the list with the bot token', async () => {
    const open = fake.callsOf('apps.connections.open')[0]!;
    expect(open.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(socket).toBeDefined();

    const since = fake.calls.length;
    socket!.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { team_id: TEAM_ID, channel_id: 'D9', user_id: 'U9', command: '/recommend', text: 'beakers', response_url: fake.responseUrl('sm'), trigger_id: '1.2', api_app_id: 'A0FLARE' },
      }),
    );
    const list = await fake.waitFor((c) => c.method === 'chat.postMessage', since);
    expect(fromApp).toContainEqual({ envelope_id: 'env-1', payload: {} });
    expect(list.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(list.body.channel).toBe('D9');
    expect(itemsOf(list.body.blocks as BlockJson[])).toHaveLength(5);
  });
});
