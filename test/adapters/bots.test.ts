import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, PATIENCE_MS } from '../support/patience.js';
import type { WebSocket } from 'ws';
import { ConfigError } from '../../adapters/common/env.js';
import { command as botsCommand } from '../../cli/commands/bots.js';
import { FakeDiscord, makeUser, slashCommand as discordSlashCommand, type RecordedRequest } from './discord/fake-discord.js';
import { FakeSlack, postToApp, TEAM_ID, type RecordedCall } from './slack/fake-slack.js';
import { blockActions, slashCommand as slackSlashCommand } from './slack/payloads.js';
import { itemsOf, type BlockJson } from './slack/support.js';

/** `flarechat bots` as a user runs it: the real CLI in a child process, Slack (HTTP mode) and Discord pointed at fakes. */

const root = join(import.meta.dirname, '..', '..');
const SLACK_BOT_TOKEN = 'xoxb-3333-4444-botsclitesttoken';
const SIGNING_SECRET = '0cc175b9c0f1b6a831c399e269772661';
// Shaped unlike a real Discord token, so only our code (not the logger's patterns) can keep it out of the logs.
// (Not starting with "Bot" or "Bearer": discord.js strips those prefixes from a token.)
const DISCORD_TOKEN = 'fake-discord-token-for-flarechat-bots-51c0e2a7';
const FORM = 'application/x-www-form-urlencoded';

let slack: FakeSlack;
let discord: FakeDiscord;
const children: ChildProcess[] = [];

beforeAll(async () => {
  slack = new FakeSlack();
  [discord] = await Promise.all([FakeDiscord.start(DISCORD_TOKEN), slack.start()]);
  // GET /gateway/bot points nowhere: the bot must take DISCORD_GATEWAY_URL.
  discord.advertisedGatewayUrl = 'ws://127.0.0.1:9';
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.allSettled([slack?.close(), discord?.close()]);
});

/** Every variable both platforms and the model read, set only as the test says (nothing of the user's leaks in). */
function fullEnv(dataDir: string): Record<string, string> {
  return {
    SLACK_MODE: 'http',
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_PORT: '0',
    SLACK_HOST: '127.0.0.1',
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GATEWAY_URL: discord.gatewayUrl,
    FLARECHAT_DATA_DIR: dataDir,
    FLARECHAT_LOG_LEVEL: 'info',
  };
}

function bots(env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|FLARECHAT_)/.test(k)));
  const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), 'bots'], { cwd: root, env: { ...inherited, ...env } });
  children.push(child);
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  // Complete lines only: a JSON line may be half-written when this looks.
  const logs = () =>
    stderr
      .slice(0, stderr.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { message: string });
  return { child, exited, logs, stderr: () => stderr };
}

/** Waits for `flarechat bots` to serve both platforms (failing at once, with its stderr, if it exits instead). */
async function serving(run: ReturnType<typeof bots>): Promise<{ port: number }> {
  const started = eventually(() => run.logs().some((l) => l.message === 'serving Slack and Discord'), 'the bots start serving');
  const exitedEarly = run.exited.then(({ code }) => Promise.reject(new Error(`exited ${code}`)));
  await Promise.race([started, exitedEarly]).catch((error: Error) => {
    throw new Error(`flarechat bots did not start serving (${error.message}); its stderr:\n${run.stderr()}`);
  });
  return { port: run.logs().find((l) => l.message === 'listening for Slack requests')!.port as number };
}

/** `promise`, or after PATIENCE_MS an error saying what did not happen (with the process's stderr). */
function within<T>(promise: Promise<T>, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), PATIENCE_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('flarechat bots', () => {
  it('refuses to start when a variable of either platform is missing, naming it, before connecting anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-bots-missing-'));
    const { DISCORD_TOKEN: _d, ...noDiscordToken } = fullEnv(dataDir);
    const { SLACK_SIGNING_SECRET: _s, ...noSigningSecret } = fullEnv(dataDir);
    const runs = Promise.all([bots(noDiscordToken).exited, bots(noSigningSecret).exited]);
    const [discordMissing, slackMissing] = await within(runs, () => 'flarechat bots did not exit on a missing variable');

    expect(discordMissing.code).toBe(2);
    expect(discordMissing.stderr).toMatch(/^flarechat bots: Discord: missing configuration: DISCORD_TOKEN /);
    expect(discordMissing.stderr).not.toContain('SLACK_');
    expect(slackMissing.code).toBe(2);
    expect(slackMissing.stderr).toMatch(/^flarechat bots: Slack: missing configuration: SLACK_SIGNING_SECRET /);
    expect(slackMissing.stderr).not.toContain('DISCORD_TOKEN');
    expect(slack.calls).toEqual([]);
    expect(discord.requests).toEqual([]);
    expect(discord.identifies).toEqual([]);
    expect(existsSync(join(dataDir, 'sessions.sqlite'))).toBe(false);

    // Both platforms' problems in one error, so one edit of the environment fixes them all (in process: no connection is tried).
    for (const [name, value] of Object.entries(fullEnv(dataDir))) vi.stubEnv(name, value);
    vi.stubEnv('SLACK_BOT_TOKEN', '');
    vi.stubEnv('DISCORD_TOKEN', '');
    try {
      const refusal = botsCommand.run({}, []);
      await expect(refusal).rejects.toBeInstanceOf(ConfigError);
      await expect(refusal).rejects.toThrow(/^Slack: missing configuration: SLACK_BOT_TOKEN .*\nDiscord: missing configuration: DISCORD_TOKEN /);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('answers /recommend on both platforms from one process, keeps the two users apart, and exits 0 on SIGTERM after the turns in flight', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-bots-'));
    const run = bots(fullEnv(dataDir));
    const { port } = await serving(run);

    // One person on both platforms, with the same raw id, so only the platform prefix can keep them apart.
    const person = makeUser('ada');
    const slackUser = person.id;

    // Slack: a signed /recommend, acknowledged at once, then a Block Kit list posted through the Web API.
    let since = slack.calls.length;
    const ack = await postToApp(port, SIGNING_SECRET, slackSlashCommand({ user: slackUser, channel: 'D1', text: '', responseUrl: slack.responseUrl('bots') }), FORM);
    expect(ack.status).toBe(200);
    const list = await slack.waitFor((c) => c.method === 'chat.postMessage', since);
    expect(list.headers.authorization).toBe(`Bearer ${SLACK_BOT_TOKEN}`);
    expect(list.body.text).toMatch(/^Top picks:\n1\. /);
    const items = itemsOf(list.body.blocks as BlockJson[]);
    expect(items).toHaveLength(5);

    // The Slack user likes the first item: it goes into their history only.
    const like = items[0]!.buttons.find((b) => b.text?.text === 'Like')!;
    since = slack.calls.length;
    const press = blockActions({ user: slackUser, channel: 'D1', messageTs: '1700000000.999999', responseUrl: slack.responseUrl('press'), action: { action_id: like.action_id!, block_id: items[0]!.blockId, value: like.value } });
    expect((await postToApp(port, SIGNING_SECRET, press, FORM)).status).toBe(200);
    const added: RecordedCall = await slack.waitFor((c) => c.method === 'chat.postMessage', since);
    expect(added.body.text).toMatch(/^Added ".+" to your history\.$/);

    // Discord: the same person's /recommend is deferred, then the deferral is edited into an embed list.
    const interact = (name: string, options: { deferralDelayMs?: number } = {}) => {
      const interaction = discordSlashCommand(name, person, 'guild');
      const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/api/v10/interactions/${String(interaction.id)}/`);
      const isEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${String(interaction.token)}/messages/@original`);
      if (options.deferralDelayMs) discord.respondOnce(isCallback, { status: 204, delayMs: options.deferralDelayMs });
      discord.dispatch('INTERACTION_CREATE', interaction);
      return { callback: discord.waitFor(isCallback), edit: () => discord.waitFor(isEdit), isEdit };
    };
    const recommend = interact('recommend');
    const deferral = await recommend.callback;
    const edit = await recommend.edit();
    expect(deferral.body.type).toBe(5);
    expect(deferral.receivedAt).toBeLessThanOrEqual(edit.receivedAt);
    expect(edit.body.embeds[0].title).toBe('Top picks:');
    expect(edit.body.embeds[0].fields).toHaveLength(5);

    // What the person liked on Slack is not in their Discord history.
    const history = interact('history');
    expect((await history.edit()).body.content).toMatch(/empty/);

    // SIGTERM with a turn in flight on each platform: a Slack reply waiting out a 429's Retry-After, and a Discord
    // turn whose deferral is slow. Both answers still go out, then the process exits 0.
    since = slack.calls.length;
    slack.answerNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    await postToApp(port, SIGNING_SECRET, slackSlashCommand({ user: slackUser, channel: 'D1', text: 'more', responseUrl: slack.responseUrl('more') }), FORM);
    await slack.waitFor((c) => c.method === 'chat.postMessage', since);
    const inFlight = interact('recommend', { deferralDelayMs: 700 });
    await inFlight.callback;
    run.child.kill('SIGTERM');
    const { code, signal, stderr } = await within(run.exited, () => `flarechat bots did not exit after SIGTERM; its stderr:\n${run.stderr()}`);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(discord.requests.find(inFlight.isEdit)?.body.embeds[0].fields).toHaveLength(5);
    const [limited, retried] = slack.callsOf('chat.postMessage', since);
    expect(retried?.at).toBeGreaterThanOrEqual(limited!.at + 1000);
    expect(itemsOf(retried!.body.blocks as BlockJson[])).toHaveLength(5);
    expect(discord.closeCodes).toEqual([1000]);
    const messages = run.logs().map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(['shutting down: finishing turns in flight', 'disconnected from Discord', 'stopped']));
    expect(messages.indexOf('stopped')).toBe(messages.length - 1);
    expect(run.logs().filter((l) => l.level === 'error')).toEqual([]);
    for (const secret of [SLACK_BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN]) expect(stderr).not.toContain(secret);

    // One history store for both, with the users kept apart by platform.
    const db = new Database(join(dataDir, 'sessions.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT user_id, state FROM sessions ORDER BY user_id').all() as { user_id: string; state: string }[];
      expect(rows.map((r) => r.user_id)).toEqual([`discord:${person.id}`, `slack:${TEAM_ID}:${slackUser}`]);
      const [discordState, slackState] = rows.map((r) => JSON.parse(r.state) as { history: string[] });
      expect(slackState!.history).toHaveLength(1);
      expect(discordState!.history).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('stops both bots and exits 1 when Discord closes the gateway for good', async () => {
    const run = bots(fullEnv(mkdtempSync(join(tmpdir(), 'flarechat-bots-dropped-'))));
    await serving(run);
    // 4004 Authentication failed (a token reset in the Developer Portal): discord.js will not reconnect.
    for (const socket of (discord as unknown as { sockets: Set<WebSocket> }).sockets) socket.close(4004, 'Authentication failed.');
    const { code } = await within(run.exited, () => `flarechat bots did not exit after the gateway closed; its stderr:\n${run.stderr()}`);
    expect(code).toBe(1);
    expect(run.logs()).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'error', message: 'Discord closed the gateway for good: stopping both bots' })]));
    // Slack was stopped cleanly on the way out, not left behind or killed with the process.
    expect(run.logs().map((l) => l.message).slice(-3)).toEqual(['shutting down: finishing turns in flight', 'disconnected from Discord', 'stopped']);
  });
});
