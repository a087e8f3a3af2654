import { DiscordAPIError, REST, Routes } from 'discord.js';
import { ConfigError } from '../common/env.js';
import { networkErrorCode, UnreachableError } from '../common/unreachable.js';
import { slashCommands } from './commands/index.js';
import type { DiscordDeployConfig } from './config.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

/**
 * Registers the slash commands with one bulk overwrite (PUT), which also removes commands no longer defined.
 * Guild commands appear at once; global ones can take up to an hour to reach every client.
 */
export async function deployCommands(config: DiscordDeployConfig): Promise<DeployResult> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = [...slashCommands.values()].map((c) => c.data.toJSON());
  const route = config.guildId ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
  let registered: { name: string }[];
  try {
    registered = (await rest.put(route, { body })) as { name: string }[];
  } catch (error) {
    throw explainDeployFailure(error, config);
  }
  return { scope: config.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
}

/** Discord's refusals in words that say which setting to fix; an unreachable API as such. */
function explainDeployFailure(error: unknown, config: DiscordDeployConfig): unknown {
  if (networkErrorCode(error)) return new UnreachableError('Discord', config.apiUrl ?? 'https://discord.com/api', 'DISCORD_API_URL', error);
  if (!(error instanceof DiscordAPIError)) return error;
  if (error.status === 401) return new ConfigError('Discord rejected DISCORD_TOKEN (401 Unauthorized): copy it again from the Developer Portal (your application > Bot > Reset Token).');
  if (error.status === 403) return new ConfigError(`Discord refused to register the commands (403 ${error.message}): check that DISCORD_APPLICATION_ID is this bot's application${config.guildId ? ' and that the bot was invited to DISCORD_GUILD_ID with the applications.commands scope' : ''}.`);
  if (error.status === 404) return new ConfigError(`Discord does not know this application or server (404 ${error.message}): check DISCORD_APPLICATION_ID${config.guildId ? ' and DISCORD_GUILD_ID' : ''}.`);
  return error;
}
