import type { OnceClaims } from '../../bot/claims.js';
import type { ConversationHandler } from '../../bot/conversation-types.js';
import { shutdownGraceMs } from '../../bot/deadline.js';
import { createLogger, type Logger, type LoggerOptions } from '../common/logger.js';
import { createSlackApp, type SlackBot } from './app.js';
import { readSlackConfig, secretsOf, type SlackConfig } from './config.js';

/** A logger that redacts this configuration's tokens and signing secret, whatever their shape. */
export function createSlackLogger(config: SlackConfig, options: Omit<LoggerOptions, 'secrets'> = {}): Logger {
  return createLogger({ ...options, secrets: secretsOf(config) });
}

export interface StartSlackDeps {
  engine: ConversationHandler;
  logger?: Logger;
  /** The engine's store (openConversation's `store`): retries and replays run once across the processes sharing it. */
  claims?: OnceClaims;
}

export interface RunningSlack {
  bot: SlackBot;
  config: SlackConfig;
  /** HTTP mode: the port actually listened on. */
  port?: number;
  /** Stops taking events and waits for turns in flight; the caller closes the engine it owns. */
  stop(): Promise<void>;
}

/** Validates the Slack variables of `env`, then connects the bot to the given engine. Reused by `flarechat bots`. */
export async function startSlack(env: NodeJS.ProcessEnv, deps: StartSlackDeps): Promise<RunningSlack> {
  const config = readSlackConfig(env);
  const logger = deps.logger ?? createSlackLogger(config);
  const bot = createSlackApp(config, { engine: deps.engine, logger, claims: deps.claims, shutdownGraceMs: shutdownGraceMs(env) });
  const { port } = await bot.start();
  return { bot, config, port, stop: () => bot.stop() };
}
