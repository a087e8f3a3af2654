import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/patience.js';
import { createLogger } from '../../../adapters/common/logger.js';
import { startDiscord, type DiscordBot } from '../../../adapters/discord/bot.js';
import { MENU_EXPIRED, UNKNOWN_CONTROL } from '../../../adapters/discord/components.js';
import { SORRY } from '../../../adapters/discord/turns.js';
import { parseCustomId } from '../../../adapters/discord/custom-ids.js';
import { ConversationEngine } from '../../../bot/engine.js';
import { InProcessRecommender } from '../../../bot/in-process-recommender.js';
import { SqliteSessionStore } from '../../../bot/session-store.js';
import { BOT_USER, botMessage, CHANNEL_ID, componentPress, dmChannelOf, FakeDiscord, GUILD_ID, HIDDEN_CHANNEL_ID, LOCKED_CHANNEL_ID, makeUser, slashCommand, userMessage, type DiscordUser, type Place, type RecordedRequest } from './fake-discord.js';

const bundle = join(import.meta.dirname, '..', '..', '..', 'demo', 'bundle');
const FILAMENT = 'Industrial & Scientific - Additive Manufacturing Products - 3D Printing Supplies - 3D Printing Filament';
// Shaped unlike a real token on purpose, so the logger's token patterns cannot hide a leak: only our code can.
const TOKEN = 'fake-bot-token-for-tests-7f3a9c1e55';
const EPHEMERAL = 64;
const INTENTS = 1 | 512 | 4096 | 32768; // Guilds, GuildMessages, DirectMessages, MessageContent

const ada = makeUser('ada');
const grace = makeUser('grace');

let recommender: InProcessRecommender;
let fake: FakeDiscord;
let storeFile: string;
let engine: ConversationEngine;
let bot: DiscordBot;
let running = false;
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });

async function startBot(): Promise<void> {
  engine = new ConversationEngine({ recommender, store: new SqliteSessionStore(storeFile) });
  bot = await startDiscord({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl }, { engine, logger });
  running = true;
}

async function stopBot(): Promise<void> {
  running = false;
  await bot.stop();
  await engine.close();
}

beforeAll(async () => {
  [recommender, fake] = await Promise.all([InProcessRecommender.open(bundle), FakeDiscord.start(TOKEN)]);
  storeFile = join(mkdtempSync(join(tmpdir(), 'flarechat-discord-')), 'sessions.sqlite');
  await startBot();
});

afterAll(async () => {
  if (running) await stopBot();
  await fake?.close();
  await recommender?.close();
});

const tokenOf = (interaction: Record<string, unknown>) => String(interaction.token);
const isCallback = (interaction: Record<string, unknown>) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/api/v10/interactions/${interaction.id}/${tokenOf(interaction)}/callback`;
const isEdit = (interaction: Record<string, unknown>) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${tokenOf(interaction)}/messages/@original`);

interface Answer {
  callback: RecordedRequest;
  edit: RecordedRequest;
  /** The message as Discord would echo it, to press its buttons next. */
  message: Record<string, unknown>;
}

/** Sends an interaction and waits for its deferral and the edit that carries the answer. */
async function interact(interaction: Record<string, unknown>): Promise<Answer> {
  fake.dispatch('INTERACTION_CREATE', interaction);
  const callback = await fake.waitFor(isCallback(interaction));
  const edit = await fake.waitFor(isEdit(interaction));
  const message = { ...botMessage(String(interaction.channel_id), edit.body), flags: callback.body.data?.flags ?? 0 };
  return { callback, edit, message };
}

const command = (name: string, user: DiscordUser, place: Place = 'guild', text?: string) => interact(slashCommand(name, user, place, text));

function buttonsOf(answer: Answer): { customId: string; label: string }[] {
  return (answer.edit.body.components as any[]).flatMap((row) => row.components).filter((c) => c.type === 2).map((c) => ({ customId: c.custom_id, label: c.label }));
}

function menuOf(answer: Answer): any {
  return (answer.edit.body.components as any[]).flatMap((row) => row.components).find((c) => c.type === 3);
}

const fieldsOf = (answer: Answer): { name: string; value: string }[] => answer.edit.body.embeds[0].fields;
const titleOfItem = (answer: Answer, rank: number) => fieldsOf(answer)[rank - 1]!.name.replace(/^#\d+ /, '');

describe('the Discord bot on the real discord.js client against a fake Discord', () => {
  it('logs in with the token over REST and the gateway, with the four intents and no compression', async () => {
    const gatewayRequest = await fake.waitFor((r) => r.path === '/api/v10/gateway/bot');
    expect(gatewayRequest.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: TOKEN, intents: INTENTS, compress: false });
    expect(fake.gatewayQueries[0]!.get('encoding')).toBe('json');
    expect(fake.gatewayQueries[0]!.has('compress')).toBe(false);
    expect(bot.client.user.id).toBe(BOT_USER.id);
    expect(bot.client.guilds.cache.get(GUILD_ID)?.name).toBe('Makers');
  });

  it('answers /recommend in a server privately: deferred first, then an embed field per item, buttons and a category menu', async () => {
    const answer = await command('recommend', ada);
    expect(answer.callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(answer.callback.receivedAt).toBeLessThanOrEqual(answer.edit.receivedAt);
    expect(answer.edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const [embed] = answer.edit.body.embeds;
    expect(embed.title).toBe('Top picks:');
    expect(embed.fields.map((f: { name: string }) => f.name.slice(0, 3))).toEqual(['#1 ', '#2 ', '#3 ', '#4 ', '#5 ']);
    // Each item names its own category (not a 4-6 level path) and why it is there.
    for (const field of embed.fields) expect(field.value).toMatch(/^[^\n]+\n\*.+\*$/);
    for (const field of embed.fields) expect(field.value).not.toContain(' - ');

    const parsed = buttonsOf(answer).map((b) => parseCustomId(b.customId));
    const listIds = new Set(parsed.map((p) => p?.listId));
    expect(listIds.size).toBe(1);
    expect(parsed.filter((p) => p?.kind === 'item').map((p) => p?.kind === 'item' && p.action)).toEqual([...Array(5).fill('like'), ...Array(5).fill('dismiss'), ...Array(5).fill('more-like-this')]);
    expect(buttonsOf(answer).slice(0, 5).map((b) => b.label)).toEqual(['Like #1', 'Like #2', 'Like #3', 'Like #4', 'Like #5']);
    expect(parsed.at(-1)).toEqual({ kind: 'more', listId: [...listIds][0] });

    const menu = menuOf(answer);
    expect(menu.custom_id).toBe(`fc:refine:${[...listIds][0]}`);
    expect(menu.options.length).toBeGreaterThan(3);
    expect(menu.options.length).toBeLessThanOrEqual(25);
    expect(menu.options.map((o: { label: string }) => o.label)).toContain('Additive Manufacturing Products');
  });
  it('runs a conversation: Like on #1 is recorded, a critique steers to 3D printing filament, and the history survives a restart', async () => {
    const list = await command('recommend', ada);
    const like = buttonsOf(list).find((b) => b.label === 'Like #1')!;
    const liked = await interact(componentPress(ada, 'guild', list.message, like.customId));
    expect(liked.callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(liked.edit.body.content).toBe(`Added "${titleOfItem(list, 1)}" to your history.`);

    const steered = await command('critique', ada, 'guild', '3d printing filament instead');
    expect(steered.edit.body.embeds[0].description).toMatch(/^Steering to 3D Printing Filament /);
    expect(steered.edit.body.embeds[0].title).toBe('Top picks in 3D Printing Filament:');
    expect(fieldsOf(steered)).toHaveLength(5);
    for (const field of fieldsOf(steered)) expect(field.value).toBe('3D Printing Filament\n*in 3D Printing Filament*');
    expect(fieldsOf(steered).map((f) => f.name)).not.toContain(`#1 ${titleOfItem(list, 1)}`);

    await stopBot();
    await startBot();
    expect(fake.identifies).toHaveLength(2);
    const history = await command('history', ada);
    expect(history.edit.body.content).toMatch(/^Your history/);
    expect(history.edit.body.content).toContain(titleOfItem(list, 1));

    const stale = await interact(componentPress(ada, 'guild', list.message, buttonsOf(list).find((b) => b.label === 'Like #2')!.customId));
    expect(stale.edit.body.content).toMatch(/expired/);
    expect((await command('history', ada)).edit.body.content).not.toContain(titleOfItem(list, 2));
  });

  it('refines from the category menu, down to a path too long for a menu value (sent as a digest)', async () => {
    const linus = makeUser('linus');
    let answer = await command('recommend', linus);
    const chosenValues: string[] = [];
    for (const label of ['Additive Manufacturing Products', '3D Printing Supplies', '3D Printing Filament']) {
      const menu = menuOf(answer);
      const option = menu.options.find((o: { label: string }) => o.label === label);
      chosenValues.push(option.value);
      answer = await interact(componentPress(linus, 'guild', answer.message, menu.custom_id, [option.value]));
      expect(answer.edit.body.embeds[0].description).toBe(`Steering to ${label} (chosen from the menu).`);
      for (const field of fieldsOf(answer)) expect(field.value.endsWith(`*in ${label}*`)).toBe(true);
    }
    expect(FILAMENT.length).toBeGreaterThan(100);
    expect(chosenValues.at(-1)).toMatch(/^#[\w-]{22}$/);
    expect(answer.edit.body.embeds[0].title).toBe('Top picks in 3D Printing Filament:');
  });

  it('asks back with a menu of the closest categories when unsure, and a choice steers to it', async () => {
    const hedy = makeUser('hedy');
    const asked = await command('critique', hedy, 'guild', 'something white');
    expect(asked.edit.body.content).toMatch(/^I am not sure which category you mean by "something white"/);
    expect(asked.edit.body.embeds).toEqual([]);
    const menu = menuOf(asked);
    expect(menu.custom_id).toBe('fc:refine:');
    expect(menu.options).toHaveLength(3);
    const picked = await interact(componentPress(hedy, 'guild', asked.message, menu.custom_id, [menu.options[1].value]));
    const steeredTo = /^Steering to (.+) \(chosen from the menu\)\.$/.exec(picked.edit.body.embeds[0].description)?.[1];
    expect(steeredTo?.endsWith(menu.options[1].label.replace(/^…/, ''))).toBe(true);
    // A small category fills the rest of the list with other items, after its own.
    expect(fieldsOf(picked)[0]!.value.endsWith(`*in ${steeredTo}*`)).toBe(true);
  });

  it('keeps two users apart: a press on someone else\'s list is expired for the presser and changes nothing for the owner', async () => {
    const adaList = await command('recommend', ada);
    const adaHistoryBefore = (await command('history', ada)).edit.body.content;
    const press = await interact(componentPress(grace, 'guild', adaList.message, buttonsOf(adaList)[0]!.customId));
    expect(press.edit.body.content).toMatch(/expired/);
    expect((await command('history', grace)).edit.body.content).toMatch(/empty/);
    expect((await command('history', ada)).edit.body.content).toBe(adaHistoryBefore);
  });

  it('in a DM answers /recommend in the open and a plain message with a list in the same DM', async () => {
    const answer = await command('recommend', grace, 'dm');
    expect(answer.callback.body.type).toBe(5);
    expect((answer.callback.body.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(fieldsOf(answer)).toHaveLength(5);

    const message = userMessage(grace, 'dm', 'safety gloves');
    fake.dispatch('MESSAGE_CREATE', message);
    const sent = await fake.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/channels/${dmChannelOf(grace)}/messages`);
    expect(sent.body.message_reference).toMatchObject({ message_id: message.id });
    expect(sent.body.embeds[0].description).toMatch(/^Steering to .*Gloves/);
    expect(sent.body.embeds[0].fields).toHaveLength(5);
    expect(sent.body.components.flatMap((row: any) => row.components).filter((c: any) => c.type === 2)).toHaveLength(16);
  });

  it('in a server answers a message that mentions it (without the mention) and ignores the rest', async () => {
    const chatter = userMessage(ada, 'guild', 'anyone seen my calipers?');
    const mention = userMessage(ada, 'guild', `<@${BOT_USER.id}> help`, { mentionsBot: true });
    fake.dispatch('MESSAGE_CREATE', chatter);
    fake.dispatch('MESSAGE_CREATE', mention);
    const sent = await fake.waitFor((r) => r.method === 'POST' && r.body?.message_reference?.message_id === mention.id);
    expect(sent.path).toBe(`/api/v10/channels/${CHANNEL_ID}/messages`);
    expect(sent.body.content).toMatch(/^Commands:/);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    await sleep(200);
    expect(fake.requests.filter((r) => r.body?.message_reference?.message_id === chatter.id)).toHaveLength(0);
  });

  it('answers unknown or malformed buttons and stale menus politely and privately, and keeps working', async () => {
    const mallory = makeUser('mallory');
    const list = await command('recommend', mallory);
    const unknownIds = ['totally-unknown', 'fc:like:abc:NaN', `fc:like:${'x'.repeat(120)}:1`, 'fc:explode:abc:1', 'fc:like:abc:1:extra', `fc:refine:${parseCustomId(buttonsOf(list)[0]!.customId)!.listId}`];
    for (const customId of unknownIds) {
      const press = componentPress(mallory, 'guild', list.message, customId);
      fake.dispatch('INTERACTION_CREATE', press);
      expect((await fake.waitFor(isCallback(press))).body).toMatchObject({ type: 4, data: { content: UNKNOWN_CONTROL, flags: EPHEMERAL } });
    }
    const retired = slashCommand('teleport', mallory, 'guild');
    fake.dispatch('INTERACTION_CREATE', retired);
    expect((await fake.waitFor(isCallback(retired))).body).toMatchObject({ type: 4, data: { content: UNKNOWN_CONTROL, flags: EPHEMERAL } });
    const staleMenu = componentPress(mallory, 'guild', list.message, menuOf(list).custom_id, ['#digest-from-before-a-restart']);
    fake.dispatch('INTERACTION_CREATE', staleMenu);
    expect((await fake.waitFor(isCallback(staleMenu))).body).toMatchObject({ type: 4, data: { content: MENU_EXPIRED, flags: EPHEMERAL } });
    expect(fieldsOf(await command('recommend', mallory))).toHaveLength(5);
  });

  it('waits out a 429 on the deferral and on the edit for their Retry-After, then delivers', async () => {
    const interaction = slashCommand('recommend', ada, 'guild');
    const rateLimited = { status: 429, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 1, global: false } };
    fake.respondOnce(isCallback(interaction), rateLimited);
    fake.respondOnce(isEdit(interaction), rateLimited);
    fake.dispatch('INTERACTION_CREATE', interaction);
    await eventually(() => fake.requests.filter(isEdit(interaction)).length === 2, 'the second edit of the reply');
    const [firstCallback, retriedCallback] = fake.requests.filter(isCallback(interaction));
    const [firstEdit, retriedEdit] = fake.requests.filter(isEdit(interaction));
    expect(retriedCallback!.receivedAt - firstCallback!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(retriedEdit!.receivedAt - firstEdit!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(retriedEdit!.body.embeds[0].fields).toHaveLength(5);
    expect(logLines.filter((l) => l.includes('rate limited by Discord'))).toHaveLength(2);
  });

  it('logs and survives replies refused with 50013 Missing Permissions or 50001 Missing Access', async () => {
    const refusals = [
      { channelId: LOCKED_CHANNEL_ID, code: 50013, message: 'Missing Permissions' },
      { channelId: HIDDEN_CHANNEL_ID, code: 50001, message: 'Missing Access' },
    ];
    for (const { channelId, code, message } of refusals) {
      fake.respondOnce((r) => r.method === 'POST' && r.path === `/api/v10/channels/${channelId}/messages`, { status: 403, body: { message, code } });
      fake.dispatch('MESSAGE_CREATE', userMessage(ada, 'guild', `<@${BOT_USER.id}> recommend`, { channelId, mentionsBot: true }));
      await fake.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/channels/${channelId}/messages`);
      await eventually(() => logLines.some((l) => l.includes('"level":"warn"') && l.includes(`"code":${code}`) && l.includes(channelId)), `a warning logged for code ${code}`);
    }
    const after = userMessage(ada, 'guild', `<@${BOT_USER.id}> history`, { mentionsBot: true });
    fake.dispatch('MESSAGE_CREATE', after);
    expect((await fake.waitFor((r) => r.body?.message_reference?.message_id === after.id)).body.content).toMatch(/^Your history/);
  });

  it('on stop finishes the turn in flight, ignores new events, then disconnects cleanly', async () => {
    const inFlight = slashCommand('recommend', ada, 'guild', 'safety gloves');
    const late = slashCommand('history', ada, 'guild');
    fake.respondOnce(isCallback(inFlight), { status: 204, delayMs: 600 });
    fake.dispatch('INTERACTION_CREATE', inFlight);
    await fake.waitFor(isCallback(inFlight));
    const closesBefore = fake.closeCodes.length;
    const stopping = stopBot();
    fake.dispatch('INTERACTION_CREATE', late);
    await stopping;
    expect(fake.requests.find(isEdit(inFlight))?.body.embeds[0].fields).toHaveLength(5);
    expect(fake.requests.some(isCallback(late))).toBe(false);
    await eventually(() => fake.openConnections === 0, 'the gateway connection closed');
    expect(fake.closeCodes.slice(closesBefore)).toEqual([1000]);
  });

  it('kept one healthy gateway session per start, and never wrote the token to the logs', () => {
    expect(fake.identifies).toHaveLength(2);
    expect(fake.heartbeatsAcknowledged).toBeGreaterThan(0);
    expect(logLines.some((l) => l.includes('connected to Discord'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });
});

describe('the Discord bot when things go wrong at start or in the engine', () => {
  it('says which setting to fix when the token is wrong or the Message Content intent is off', async () => {
    const elsewhere = await FakeDiscord.start(TOKEN);
    const engineForStart = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-discord-setup-')), 's.sqlite')) });
    try {
      const start = (token: string) => startDiscord({ DISCORD_TOKEN: token, DISCORD_API_URL: elsewhere.apiUrl }, { engine: engineForStart, logger });
      await expect(start('not-the-token')).rejects.toThrow(/Discord rejected DISCORD_TOKEN/);
      elsewhere.disallowedIntents = 32768;
      await expect(start(TOKEN)).rejects.toThrow(/switch on "Message Content Intent"/);
      expect(elsewhere.identifies.map((i) => i.intents)).toEqual([INTENTS]);
      await expect(start('')).rejects.toThrow(/missing configuration: DISCORD_TOKEN/);
    } finally {
      await engineForStart.close();
      await elsewhere.close();
    }
  });

  it('apologises instead of going silent when the engine cannot take a turn', async () => {
    const closing = await FakeDiscord.start(TOKEN);
    const closedEngine = new ConversationEngine({ recommender, store: new SqliteSessionStore(join(mkdtempSync(join(tmpdir(), 'flarechat-discord-closed-')), 's.sqlite')) });
    await closedEngine.close();
    const started = await startDiscord({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: closing.apiUrl }, { engine: closedEngine, logger });
    try {
      const interaction = slashCommand('history', ada, 'dm');
      closing.dispatch('INTERACTION_CREATE', interaction);
      const edit = await closing.waitFor((r) => r.method === 'PATCH' && r.path.includes(String(interaction.token)));
      expect(edit.body.content).toBe(SORRY);
      expect(logLines.some((l) => l.includes('conversation turn failed') && l.includes('shutting down'))).toBe(true);
    } finally {
      await started.stop();
      await closing.close();
    }
  });
});
