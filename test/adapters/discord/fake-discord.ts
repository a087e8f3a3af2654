import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { PATIENCE_MS } from '../../support/patience.js';

/**
 * Just enough of Discord for the real discord.js client: a REST API that records every request and answers like
 * Discord (or as a test tells it to, once), and a JSON gateway (no zlib) that says HELLO, accepts IDENTIFY,
 * acknowledges heartbeats, sends READY and GUILD_CREATE, and dispatches whatever events a test sends. Sharded like
 * Discord: each connection identifies as shard [id, count], gets the servers whose (id >> 22) % count is its id, and
 * receives only their events (direct messages go to shard 0).
 */

let nextSnowflake = 1_180_000_000_000_000_000n;
export const snowflake = (): string => String(nextSnowflake++);

export const APPLICATION_ID = '1180000000000000001';
export const GUILD_ID = '1180000000000000002';
export const CHANNEL_ID = '1180000000000000003';
export const LOCKED_CHANNEL_ID = '1180000000000000004';
export const HIDDEN_CHANNEL_ID = '1180000000000000005';
/** A second server for sharded tests: with 2 shards it lands on shard 0, GUILD_ID on shard 1. */
export const SECOND_GUILD_ID = '1180000000004194306';
export const SECOND_CHANNEL_ID = '1180000000004194307';
nextSnowflake = 1_180_000_000_000_000_100n;

/** Discord's rule for which shard carries a server's events. */
export const shardOfGuild = (guildId: string, shardCount: number): number => Number((BigInt(guildId) >> 22n) % BigInt(shardCount));

export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot?: boolean;
}

export const BOT_USER: DiscordUser = { id: '1180000000000000009', username: 'flarechat', discriminator: '0', global_name: null, avatar: null, bot: true };
export const makeUser = (username: string): DiscordUser => ({ id: snowflake(), username, discriminator: '0', global_name: username, avatar: null });
export const dmChannelOf = (user: DiscordUser): string => String(BigInt(user.id) + 500_000n);

export interface RecordedRequest {
  method: string;
  /** Decoded, without the query, e.g. /api/v10/webhooks/123/tok/messages/@original. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  // Whatever JSON the client sent.
  body: any;
  receivedAt: number;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Holds the answer back, as a slow network would. */
  delayMs?: number;
}

type Matcher = (request: RecordedRequest) => boolean;

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: { token: string; intents: number; compress?: boolean }[] = [];
  readonly gatewayQueries: URLSearchParams[] = [];
  readonly closeCodes: number[] = [];
  heartbeatsAcknowledged = 0;
  /** Intent bits this application may not use, as when a privileged intent is off in the Developer Portal. */
  disallowedIntents = 0;
  /** What GET /gateway/bot tells clients to connect to; by default this fake's own gateway. */
  advertisedGatewayUrl?: string;
  /** The shard count GET /gateway/bot recommends, and how many shards may identify at once. */
  recommendedShards = 1;
  maxConcurrency = 1;
  /** The servers the bot is in: GUILD_ID, and SECOND_GUILD_ID when a test adds it. */
  guilds: string[] = [GUILD_ID];
  private readonly shardOfSocket = new Map<WebSocket, { id: number; count: number }>();
  private readonly overrides: { match: Matcher; response: CannedResponse }[] = [];
  private readonly waiters: { match: Matcher; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly channelOfInteraction = new Map<string, string>();
  private sequence = 0;
  private sessions = 0;

  private constructor(
    private readonly http: Server,
    private readonly gateway: WebSocketServer,
    private readonly token: string,
  ) {}

  static async start(token: string): Promise<FakeDiscord> {
    const http = createServer();
    const gateway = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => gateway.once('listening', resolve));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(http, gateway, token);
    http.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const raw = Buffer.concat(chunks).toString('utf8');
        const request: RecordedRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : undefined, receivedAt: Date.now() };
        fake.requests.push(request);
        for (const w of fake.waiters.filter((w) => w.match(request))) {
          fake.waiters.splice(fake.waiters.indexOf(w), 1);
          w.resolve(request);
        }
        void fake.answer(request).then(async ({ status, headers, body, delayMs }) => {
          if (delayMs) await sleep(delayMs);
          res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        });
      });
    });
    gateway.on('connection', (socket, req) => fake.onGatewayConnection(socket, new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.gateway.address() as AddressInfo).port}`;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** The next request matching gets this answer instead of the usual one. */
  respondOnce(match: Matcher, response: CannedResponse): void {
    this.overrides.push({ match, response });
  }

  /** Resolves with the first request matching, already received or still to come. */
  waitFor(match: Matcher, timeoutMs = PATIENCE_MS): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching request within ${timeoutMs} ms; got:\n${this.requests.map((r) => `${r.method} ${r.path}`).join('\n')}`)), timeoutMs);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Sends a gateway event to the connections of the shard that carries it (shard 0 before any IDENTIFY). */
  dispatch(type: string, data: Record<string, unknown>): void {
    if (type === 'INTERACTION_CREATE') this.channelOfInteraction.set(String(data.token), String(data.channel_id));
    const payload = JSON.stringify({ op: 0, t: type, s: ++this.sequence, d: data });
    for (const socket of this.sockets) {
      const shard = this.shardOfSocket.get(socket) ?? { id: 0, count: 1 };
      const target = typeof data.guild_id === 'string' ? shardOfGuild(data.guild_id, shard.count) : 0;
      if (shard.id === target) socket.send(payload);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onGatewayConnection(socket: WebSocket, query: URLSearchParams): void {
    this.gatewayQueries.push(query);
    this.sockets.add(socket);
    socket.on('close', (code) => {
      this.sockets.delete(socket);
      this.shardOfSocket.delete(socket);
      this.closeCodes.push(code);
    });
    socket.on('message', (raw) => {
      const { op, d } = JSON.parse(raw.toString()) as { op: number; d: any };
      if (op === 1) {
        this.heartbeatsAcknowledged++;
        socket.send(JSON.stringify({ op: 11 }));
      } else if (op === 2) {
        this.identifies.push(d);
        if (d.token !== this.token) socket.close(4004, 'Authentication failed.');
        else if (d.intents & this.disallowedIntents) socket.close(4014, 'Disallowed intent(s).');
        else {
          const [id, count] = (d.shard as [number, number] | undefined) ?? [0, 1];
          this.shardOfSocket.set(socket, { id, count });
          this.sendReady(socket, id, count);
        }
      } else if (op === 6) {
        socket.send(JSON.stringify({ op: 9, d: false }));
      }
    });
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 1000 } }));
  }

  private sendReady(socket: WebSocket, shardId: number, shardCount: number): void {
    const guilds = this.guilds.filter((id) => shardOfGuild(id, shardCount) === shardId);
    const ready = { v: 10, user: BOT_USER, guilds: guilds.map((id) => ({ id, unavailable: true })), session_id: `session-${++this.sessions}`, resume_gateway_url: this.gatewayUrl, shard: [shardId, shardCount], application: { id: APPLICATION_ID, flags: 0 } };
    socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.sequence, d: ready }));
    for (const id of guilds) socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.sequence, d: guildCreate(id) }));
  }

  private async answer(request: RecordedRequest): Promise<CannedResponse> {
    const override = this.overrides.find((o) => o.match(request));
    if (override) {
      this.overrides.splice(this.overrides.indexOf(override), 1);
      return override.response;
    }
    const { method, path } = request;
    const authorised = request.headers.authorization === `Bot ${this.token}`;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      if (!authorised) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return { status: 200, body: { url: this.advertisedGatewayUrl ?? this.gatewayUrl, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.maxConcurrency } } };
    }
    if (method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if (method === 'PATCH' && (m = /^\/api\/v10\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(path))) {
      return { status: 200, body: { ...botMessage(this.channelOfInteraction.get(m[1]!) ?? CHANNEL_ID, request.body), webhook_id: APPLICATION_ID } };
    }
    if (method === 'POST' && (m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!authorised) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return { status: 200, body: botMessage(m[1]!, request.body) };
    }
    if (method === 'PUT' && /^\/api\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      if (!authorised) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
      return { status: 200, body: (request.body as object[]).map((c) => ({ ...c, id: snowflake(), application_id: APPLICATION_ID, version: snowflake() })) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }
}

/** A message the bot posted, as Discord echoes it back. */
export function botMessage(channelId: string, sent: { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number; message_reference?: unknown }): Record<string, unknown> {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: BOT_USER,
    content: sent.content ?? '',
    embeds: sent.embeds ?? [],
    components: sent.components ?? [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: sent.message_reference ? 19 : 0,
    flags: sent.flags ?? 0,
  };
}

function guildCreate(guildId: string): Record<string, unknown> {
  const textChannel = (id: string, name: string) => ({ id, type: 0, name, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, rate_limit_per_user: 0 });
  const channels = guildId === GUILD_ID ? [textChannel(CHANNEL_ID, 'general'), textChannel(LOCKED_CHANNEL_ID, 'announcements'), textChannel(HIDDEN_CHANNEL_ID, 'staff')] : [textChannel(SECOND_CHANNEL_ID, 'general')];
  return {
    id: guildId,
    name: guildId === GUILD_ID ? 'Makers' : 'Second server',
    icon: null,
    owner_id: '1180000000000000010',
    roles: [{ id: guildId, name: '@everyone', permissions: '68608', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    member_count: 3,
    members: [],
    channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    large: false,
    unavailable: false,
    joined_at: new Date().toISOString(),
    afk_timeout: 300,
    afk_channel_id: null,
    system_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    nsfw_level: 0,
    preferred_locale: 'en-US',
  };
}

export type Place = 'guild' | 'dm';

function where(place: Place, user: DiscordUser, channelId = CHANNEL_ID): Record<string, unknown> {
  if (place === 'dm') return { user, channel_id: dmChannelOf(user), channel: { id: dmChannelOf(user), type: 1, recipients: [user] }, context: 1, authorizing_integration_owners: { '0': GUILD_ID } };
  const member = { user, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, permissions: '2248473465835073' };
  return { guild_id: GUILD_ID, guild_locale: 'en-US', member, channel_id: channelId, channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'general' }, context: 0, authorizing_integration_owners: { '0': GUILD_ID } };
}

function interactionBase(type: number, place: Place, user: DiscordUser): Record<string, unknown> {
  const id = snowflake();
  return { id, application_id: APPLICATION_ID, type, token: `interaction-token-${id}`, version: 1, locale: 'en-US', app_permissions: '2248473465835073', entitlements: [], attachment_size_limit: 8_388_608, ...where(place, user) };
}

export function slashCommand(name: string, user: DiscordUser, place: Place, text?: string): Record<string, unknown> {
  const options = text === undefined ? [] : [{ name: 'text', type: 3, value: text }];
  return { ...interactionBase(2, place, user), data: { id: snowflake(), name, type: 1, options } };
}

/** The same guild interaction sent from another server's channel (SECOND_GUILD_ID's, by default). */
export function inGuild(interaction: Record<string, unknown>, guildId = SECOND_GUILD_ID, channelId = SECOND_CHANNEL_ID): Record<string, unknown> {
  return { ...interaction, guild_id: guildId, channel_id: channelId, channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' }, authorizing_integration_owners: { '0': guildId } };
}

/** A press on a button (component type 2) or a choice in a string select menu (type 3) of `message`. */
export function componentPress(user: DiscordUser, place: Place, message: Record<string, unknown>, customId: string, values?: string[]): Record<string, unknown> {
  const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
  return { ...interactionBase(3, place, user), data, message };
}

export function userMessage(user: DiscordUser, place: Place, content: string, options: { channelId?: string; mentionsBot?: boolean } = {}): Record<string, unknown> {
  const base = { id: snowflake(), author: user, content, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, type: 0, flags: 0 };
  const mentions = options.mentionsBot ? [BOT_USER] : [];
  if (place === 'dm') return { ...base, channel_id: dmChannelOf(user), channel_type: 1, mentions };
  const member = { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
  return { ...base, channel_id: options.channelId ?? CHANNEL_ID, guild_id: GUILD_ID, channel_type: 0, member, mentions };
}
