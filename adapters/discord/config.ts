import { readEnv, type EnvVariable } from '../common/env.js';

const TOKEN: EnvVariable = { name: 'DISCORD_TOKEN', required: true, secret: true, description: 'the bot token, from the Developer Portal: your application > Bot > Reset Token' };
const API_URL: EnvVariable = { name: 'DISCORD_API_URL', required: false, description: 'REST base URL, for testing against a fake server (default https://discord.com/api)' };
const GATEWAY_URL: EnvVariable = { name: 'DISCORD_GATEWAY_URL', required: false, description: 'gateway WebSocket URL used instead of the one GET /gateway/bot returns, for testing' };
const APPLICATION_ID: EnvVariable = { name: 'DISCORD_APPLICATION_ID', required: true, description: 'the application id, from the Developer Portal: your application > General Information' };
const GUILD_ID: EnvVariable = { name: 'DISCORD_GUILD_ID', required: false, description: 'register the commands in this one server only, instantly (default: globally, up to an hour)' };

/** What `flarechat discord` reads. */
export const DISCORD_BOT_ENV: readonly EnvVariable[] = [TOKEN, API_URL, GATEWAY_URL];
/** What `flarechat discord-deploy` reads. */
export const DISCORD_DEPLOY_ENV: readonly EnvVariable[] = [TOKEN, APPLICATION_ID, GUILD_ID, API_URL];

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
  const values = readEnv(DISCORD_BOT_ENV, env);
  return { token: values.DISCORD_TOKEN!, apiUrl: values.DISCORD_API_URL, gatewayUrl: values.DISCORD_GATEWAY_URL };
}

export function readDeployConfig(env: NodeJS.ProcessEnv = process.env): DiscordDeployConfig {
  const values = readEnv(DISCORD_DEPLOY_ENV, env);
  return { token: values.DISCORD_TOKEN!, applicationId: values.DISCORD_APPLICATION_ID!, guildId: values.DISCORD_GUILD_ID, apiUrl: values.DISCORD_API_URL };
}
