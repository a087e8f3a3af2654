import type { CliCommand } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { DISCORD_DEPLOY_ENV, deployCommands, readDeployConfig } from '../../adapters/discord/index.js';

const description = `Registers the Discord slash commands (/recommend, /critique, /history, /reset), replacing any registered before.
With DISCORD_GUILD_ID they appear in that server at once; without it they are global and can take up to an hour.
Run it again whenever the commands change. (npm run discord:deploy)`;

export const command: CliCommand = {
  define: (cmd) => cmd.description(description).addHelpText('after', `\nEnvironment:\n${envHelp(DISCORD_DEPLOY_ENV)}`),
  async run() {
    const config = readDeployConfig(process.env);
    const { scope, names } = await deployCommands(config);
    const where = scope === 'guild' ? `in server ${config.guildId}` : 'globally (may take up to an hour to show everywhere)';
    process.stdout.write(`Registered ${names.map((n) => '/' + n).join(', ')} ${where}.\n`);
    return 0;
  },
};
