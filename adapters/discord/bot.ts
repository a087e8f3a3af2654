import { once } from 'node:events';
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, MessageFlags, Partials, RESTEvents, SimpleShardingStrategy, type ClientOptions, type Interaction, type Message, type WebSocketOptions } from 'discord.js';
import type { ConversationHandler } from '../../bot/conversation-types.js';
import { shutdownGraceMs, settlesWithin } from '../../bot/deadline.js';
import { InFlight } from '../../bot/in-flight.js';
import { ConfigError } from '../common/env.js';
import { networkErrorCode, UnreachableError } from '../common/unreachable.js';
import { createLogger, type Logger } from '../common/logger.js';
import { slashCommands } from './commands/index.js';
import { handleComponent, UNKNOWN_CONTROL } from './components.js';
import { readBotConfig, type DiscordBotConfig } from './config.js';
import { handleMessage } from './messages.js';
import { RefineValues } from './refine-values.js';
import type { DiscordDeps } from './turns.js';

/** Guild events, guild messages, DMs, and the text of guild messages (privileged: switch it on in the portal). */
export const DISCORD_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];

/**
 * How many gateway connections (shards) the bot opens: 'auto' takes the count Discord recommends for the bot's
 * number of servers (GET /gateway/bot), a number that many. Every shard runs in this process on the same engine
 * and store (discord.js internal sharding; adapters/discord/README.md says why not ShardingManager).
 */
export type ShardSetting = 'auto' | number;

/** Reads `--shards`: "auto" or a whole number of at least 1; undefined for anything else. */
export function parseShardSetting(value: string): ShardSetting | undefined {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

export interface DiscordBotDeps {
  /** Shared with other adapters if you like; the bot never closes it (its owner does, after `stop()`). */
  engine: ConversationHandler;
  /** Unset: one connection, as a bot in fewer than 2,500 servers needs. */
  shards?: ShardSetting;
  /** Defaults to JSON lines on stderr with the token redacted. */
  logger?: Logger;
}

export interface DiscordBot {
  client: Client<true>;
  /** Stops taking events, lets turns in flight finish and answer (FLARECHAT_SHUTDOWN_GRACE_MS at most), then disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** The gateway URL normally comes from GET /gateway/bot; a test gateway replaces it there. */
function gatewayOverride(url: string): WebSocketOptions {
  return {
    buildStrategy(manager) {
      const fetchInformation = manager.fetchGatewayInformation.bind(manager);
      manager.fetchGatewayInformation = async (force?: boolean) => ({ ...(await fetchInformation(force)), url });
      return new SimpleShardingStrategy(manager);
    },
  };
}

export function createDiscordClient(config: DiscordBotConfig, shards?: ShardSetting): Client {
  const options: ClientOptions = {
    intents: DISCORD_INTENTS,
    // DMs arrive on channels discord.js has never cached; without this partial it drops them silently.
    partials: [Partials.Channel],
    // rejectOnRateLimit stays unset: REST waits out a 429 for its Retry-After and sends the request again.
    rest: config.apiUrl ? { api: config.apiUrl } : {},
  };
  if (config.gatewayUrl) options.ws = gatewayOverride(config.gatewayUrl);
  // discord.js numbers the shards 0..shardCount-1 itself; 'auto' asks GET /gateway/bot for the count at login.
  if (shards === 'auto') options.shards = 'auto';
  else if (shards !== undefined) options.shardCount = shards;
  return new Client(options);
}

/** Connects the bot and answers slash commands, buttons, menus, DMs and mentions until `stop()`. */
export async function startDiscord(env: NodeJS.ProcessEnv, deps: DiscordBotDeps): Promise<DiscordBot> {
  const config = readBotConfig(env);
  const logger = (deps.logger ?? createLogger({ secrets: [config.token] })).child({ platform: 'discord' });
  const handlerDeps: DiscordDeps = { engine: deps.engine, logger, refineValues: new RefineValues() };
  const client = createDiscordClient(config, deps.shards);
  const inFlight = new InFlight();
  let accepting = true;

  const track = (what: string, work: () => Promise<void>) => {
    if (!accepting) return;
    void inFlight.track(work().catch((error: unknown) => logger.error({ error }, `${what} failed`)));
  };

  const onInteraction = (interaction: Interaction) => track('interaction', () => routeInteraction(interaction, handlerDeps));
  const onMessage = (message: Message) => track('message', () => handleMessage(message, client.user!.id, handlerDeps));
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord.js warning'));
  client.on(Events.Error, (error) => logger.error({ error }, 'discord.js error'));
  client.on(Events.ShardError, (error, shardId) => logger.error({ error, shardId }, 'gateway error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected for good'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.rest.on(RESTEvents.RateLimited, (info) => logger.info({ route: info.route, method: info.method, waitMs: info.retryAfter, global: info.global }, 'waiting for a rate limit to reset'));
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 429) logger.warn({ route: request.route, method: request.method, retryAfterSeconds: response.headers.get('retry-after') }, 'rate limited by Discord: retrying after Retry-After');
  });

  const ready = once(client, Events.ClientReady);
  ready.catch(() => {});
  try {
    await client.login(config.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw explainLoginFailure(error, config);
  }
  logger.info({ user: client.user!.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.size }, 'connected to Discord');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      accepting = false;
      client.off(Events.InteractionCreate, onInteraction);
      client.off(Events.MessageCreate, onMessage);
      // Bounded: a turn that never answers must not keep the bot from disconnecting.
      const grace = shutdownGraceMs(env);
      if (!(await settlesWithin(inFlight.settled(), grace))) logger.warn({ turns: inFlight.size, graceMs: grace }, 'shutdown deadline reached: disconnecting with turns still in flight');
      await client.destroy();
      logger.info('disconnected from Discord');
    })());
  return { client: client as Client<true>, stop };
}

/** The two set-up mistakes everyone makes once, in words that say what to do. */
function explainLoginFailure(error: unknown, config: DiscordBotConfig): unknown {
  if (networkErrorCode(error)) return new UnreachableError('Discord', config.apiUrl ?? 'https://discord.com/api', 'DISCORD_API_URL', error);
  if ((error as { code?: string }).code === DiscordjsErrorCodes.TokenInvalid) {
    return new ConfigError('Discord rejected DISCORD_TOKEN: copy it again from the Developer Portal (your application > Bot > Reset Token).');
  }
  if (error instanceof Error && /disallowed intents/i.test(error.message)) {
    return new ConfigError('Discord refused the Message Content intent: switch on "Message Content Intent" under Bot > Privileged Gateway Intents in the Developer Portal.');
  }
  return error;
}

async function routeInteraction(interaction: Interaction, deps: DiscordDeps): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const command = slashCommands.get(interaction.commandName);
    if (command) return command.execute(interaction, deps);
    deps.logger.warn({ command: interaction.commandName }, 'unknown slash command (deploy again?)');
    await interaction.reply({ content: UNKNOWN_CONTROL, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isMessageComponent()) return handleComponent(interaction, deps);
}
