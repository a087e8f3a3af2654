import { z } from 'zod';
import { parseEnv, type EnvVariable } from '../common/env.js';

const TOKEN: EnvVariable = { name: 'DISCORD_TOKEN', required: true, secret: true, description: 'the bot token, from the Developer Portal: your application > Bot > Reset Token' };
const API_URL: EnvVariable = { name: 'DISCORD_API_URL', required: false, description: 'REST base URL, for testing against a fake server (default https://discord.com/api)' };
const GATEWAY_URL: EnvVariable = { name: 'DISCORD_GATEWAY_URL', required: false, description: 'gateway WebSocket URL used instead of the one GET /gateway/bot returns, for testing' };
const APPLICATION_ID: EnvVariable = { name: 'DISCORD_APPLICATION_ID', required: true, description: 'the application id, from the Developer Portal: your application > General Information' };
const GUILD_ID: EnvVariable = { name: 'DISCORD_GUILD_ID', required: false, description: 'register the commands in this one server only, instantly (default: globally, up to an hour)' };

/** What `flarechat discord` reads. */
export const DISCORD_BOT_ENV: readonly EnvVariable[] = [TOKEN, API_URL, GATEWAY_URL];
/** What `flarechat discord-deploy` reads. */
export const DISCORD_DEPLOY_ENV: readonly EnvVariable[] = [TOKEN, APPLICATION_ID, GUILD_ID, API_URL];

const url = (name: string, schemes: string) => z.string().regex(new RegExp(`^(${schemes})://.+`), `${name} must be a ${schemes.replace('|', ' or ')} URL`).optional();
const snowflake = (name: string) => z.string().regex(/^\d{15,22}$/, `${name} must be a Discord id (digits only, from the Developer Portal)`);
const CONTEXT = { what: 'Discord', docs: 'adapters/discord/README.md and .env.example' };

export interface DiscordBotConfig {
  token: string;
  apiUrl?: string;
  gatewayUrl?: string;
}

export interface DiscordDeployConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
}

export function readBotConfig(env: NodeJS.ProcessEnv = process.env): DiscordBotConfig {
  const values = parseEnv({ DISCORD_TOKEN: z.string(), DISCORD_API_URL: url('DISCORD_API_URL', 'https?'), DISCORD_GATEWAY_URL: url('DISCORD_GATEWAY_URL', 'wss?') }, DISCORD_BOT_ENV, env, CONTEXT);
  return { token: values.DISCORD_TOKEN, apiUrl: values.DISCORD_API_URL, gatewayUrl: values.DISCORD_GATEWAY_URL };
}

export function readDeployConfig(env: NodeJS.ProcessEnv = process.env): DiscordDeployConfig {
  const values = parseEnv(
    { DISCORD_TOKEN: z.string(), DISCORD_APPLICATION_ID: snowflake('DISCORD_APPLICATION_ID'), DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID').optional(), DISCORD_API_URL: url('DISCORD_API_URL', 'https?') },
    DISCORD_DEPLOY_ENV,
    env,
    CONTEXT,
  );
  return { token: values.DISCORD_TOKEN, applicationId: values.DISCORD_APPLICATION_ID, guildId: values.DISCORD_GUILD_ID, apiUrl: values.DISCORD_API_URL };
}
