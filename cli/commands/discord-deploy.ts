import type { Command } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { DISCORD_DEPLOY_ENV, deployCommands, readDeployConfig } from '../../adapters/discord/index.js';

const help = `Usage: flarechat discord-deploy      (npm run discord:deploy)

Registers the Discord slash commands (/recommend, /critique, /history, /reset), replacing any registered before.
With DISCORD_GUILD_ID they appear in that server at once; without it they are global and can take up to an hour.
Run it again whenever the commands change.

Environment:
${envHelp(DISCORD_DEPLOY_ENV)}
`;

export const command: Command = {
  name: 'discord-deploy',
  summary: 'register the Discord slash commands',
  help,
  async run() {
    const config = readDeployConfig(process.env);
    const { scope, names } = await deployCommands(config);
    const where = scope === 'guild' ? `in server ${config.guildId}` : 'globally (may take up to an hour to show everywhere)';
    process.stdout.write(`Registered ${names.map((n) => '/' + n).join(', ')} ${where}.\n`);
    return 0;
  },
};
