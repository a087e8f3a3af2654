import { REST, Routes } from 'discord.js';
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
  const registered = (await rest.put(route, { body })) as { name: string }[];
  return { scope: config.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
}
