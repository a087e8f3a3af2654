import type { CliCommand } from '../command.js';
import { BOT_COMMON_ENV, ConfigError, envHelp } from '../../adapters/common/env.js';
import { createLogger } from '../../adapters/common/logger.js';
import { DISCORD_BOT_ENV, readBotConfig, type DiscordBotConfig } from '../../adapters/discord/config.js';
import { readSlackConfig, secretsOf, SLACK_VARIABLES, type SlackConfig } from '../../adapters/slack/config.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

const description = `Runs the Slack and the Discord bot in one process on one model and one history store, until SIGINT/SIGTERM
(then both stop taking events, finish the turns in flight, and the store is closed). Both platforms' variables
are checked before anything starts, and every missing one is named. Users are kept apart by platform
(slack:<team>:<user>, discord:<user>). Set-up: adapters/slack/README.md and adapters/discord/README.md.
Exits 1 if Discord drops the gateway for good (an invalidated token, say), so a supervisor can restart it.
(npm run bots)`;

const environment = `
Environment (Slack):
${envHelp(SLACK_VARIABLES)}
Environment (Discord):
${envHelp(DISCORD_BOT_ENV)}
Environment (model):
${envHelp(RECOMMENDER_ENV)}
Environment (common):
${envHelp(BOT_COMMON_ENV)}
`;

/** Both platforms' configuration, with the problems of both reported in one error (not only the first one's). */
function readBothConfigs(env: NodeJS.ProcessEnv): { slack: SlackConfig; discord: DiscordBotConfig } {
  const problems: string[] = [];
  const attempt = <T>(platform: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(`${platform}: ${error.message}`);
      return undefined;
    }
  };
  const slack = attempt('Slack', () => readSlackConfig(env));
  const discord = attempt('Discord', () => readBotConfig(env));
  if (!slack || !discord) throw new ConfigError(problems.join('\n'));
  return { slack, discord };
}

export const command: CliCommand<{ bundle?: string }> = {
  define: (cmd) => cmd.description(description).option('--bundle <dir>', 'model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)').addHelpText('after', environment),
  async run(values) {
    // Validate both platforms first: a typo in one should not leave the other half-started.
    const config = readBothConfigs(process.env);
    const logger = createLogger({ secrets: [...secretsOf(config.slack), config.discord.token, process.env.FLARECHAT_MODEL_TOKEN ?? ''] });
    // Loaded here, not at the top: every flarechat command imports this module, and Bolt and discord.js are slow to load.
    const [{ startSlack }, { startDiscord }, { Events }] = await Promise.all([import('../../adapters/slack/start.js'), import('../../adapters/discord/bot.js'), import('discord.js')]);
    const { engine, store, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    const stops: (() => Promise<void>)[] = [];
    const closeAll = async () => {
      await Promise.allSettled(stops.map((stop) => stop()));
      await close();
    };
    let exitCode: number;
    try {
      stops.push((await startSlack(process.env, { engine, logger: logger.child({ platform: 'slack' }), claims: store })).stop);
      const discord = await startDiscord(process.env, { engine, logger });
      stops.push(discord.stop);
      logger.info({ model, histories }, 'serving Slack and Discord');
      exitCode = await new Promise<number>((resolve) => {
        const onSignal = () => finish(0);
        const onDisconnect = () => {
          logger.error('Discord closed the gateway for good: stopping both bots');
          finish(1);
        };
        // Listeners removed once one fires, so a second Ctrl-C during shutdown ends the process as usual.
        const finish = (code: number) => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          discord.client.off(Events.ShardDisconnect, onDisconnect);
          resolve(code);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        discord.client.on(Events.ShardDisconnect, onDisconnect);
      });
    } catch (error) {
      await closeAll();
      throw error;
    }
    logger.info('shutting down: finishing turns in flight');
    await closeAll();
    logger.info('stopped');
    return exitCode;
  },
};
