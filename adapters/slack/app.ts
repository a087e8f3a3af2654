import type { AddressInfo } from 'node:net';
import { App, type webApi } from '@slack/bolt';
import type { ConversationHandler } from '../../bot/conversation-types.js';
import { ConfigError } from '../common/env.js';
import type { Logger } from '../common/logger.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { ThreadMemory } from './conversation.js';
import * as actions from './listeners/actions.js';
import * as commands from './listeners/commands.js';
import type { ListenerDeps } from './listeners/deps.js';
import * as events from './listeners/events.js';
import * as messages from './listeners/messages.js';
import { slackErrorCode } from './slack-errors.js';
import { TurnRunner } from './turns.js';

/**
 * Retries on 429 (after Retry-After, which the WebClient honours) and network errors, bounded so a reply is given
 * up on after about a minute instead of the client's default half hour.
 */
export const RETRY_POLICY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 10_000, maxRetryTime: 60_000 };

export interface SlackAppDeps {
  engine: ConversationHandler;
  logger: Logger;
}

export interface SlackBot {
  app: App;
  /** Connects (Socket Mode) or listens (HTTP); resolves once events can arrive. */
  start(): Promise<{ port?: number }>;
  /** Stops taking events, then waits for the turns in flight to be answered. The engine stays open. */
  stop(): Promise<void>;
}

export function createSlackApp(config: SlackConfig, { engine, logger }: SlackAppDeps): SlackBot {
  const log = logger.child({ adapter: 'slack' });
  const clientOptions: webApi.WebClientOptions = { retryConfig: RETRY_POLICY, ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}) };
  // Deferred, so the token check (auth.test) happens in start(), where a refusal can be reported plainly.
  const common = { token: config.botToken, logger: boltLogger(log), clientOptions, deferInitialization: true };
  const app =
    config.mode === 'socket'
      ? new App({ ...common, appToken: config.appToken, socketMode: true })
      : new App({ ...common, signingSecret: config.signingSecret });
  const runner = new TurnRunner(engine, log);
  const deps: ListenerDeps = { runner, threads: new ThreadMemory(), logger: log };
  for (const listeners of [commands, messages, actions, events]) listeners.register(app, deps);
  app.error(async (error) => {
    log.error('unhandled error in a Slack listener', { code: (error as { code?: string }).code, error });
  });

  let started = false;
  return {
    app,
    async start() {
      try {
        await app.init();
      } catch (error) {
        const code = slackErrorCode(error);
        if (code) throw new ConfigError(`Slack refused SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token again from the app's OAuth & Permissions page`);
        throw new Error(`could not reach Slack at ${config.apiUrl ?? 'https://slack.com/api/'}: ${(error as Error).message}`);
      }
      log.info('Slack accepted the bot token', { mode: config.mode });
      if (config.mode === 'socket') {
        await app.start();
        started = true;
        return {};
      }
      const server = (await app.start({ port: config.port, host: config.host })) as { address(): AddressInfo | string | null };
      started = true;
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      log.info('listening for Slack requests', { port, path: '/slack/events' });
      return { port };
    },
    async stop() {
      if (started) {
        started = false;
        await app.stop();
      }
      await runner.drain();
    },
  };
}
