import type { CliCommand } from '../command.js';
import { BOT_COMMON_ENV, envHelp } from '../../adapters/common/env.js';
import { readSlackConfig, SLACK_VARIABLES } from '../../adapters/slack/config.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

const description = `Runs the recommender as a Slack app: /recommend [text], direct messages and @mentions are conversation turns,
answered with Block Kit lists (Like / Not this / More like this buttons, a refine menu). Socket Mode by default
(no public URL needed); SLACK_MODE=http serves POST /slack/events instead. Setting up the Slack app (manifest,
scopes, tokens): adapters/slack/README.md. Ctrl-C stops taking events and finishes the turns in flight. (npm run slack)`;

const environment = `
Environment (Slack):
${envHelp(SLACK_VARIABLES)}
Environment (model):
${envHelp(RECOMMENDER_ENV)}
Environment (common):
${envHelp(BOT_COMMON_ENV)}`;

function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const command: CliCommand<{ bundle?: string }> = {
  define: (cmd) => cmd.description(description).option('--bundle <dir>', 'model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)').addHelpText('after', environment),
  async run(values) {
    // Configuration first: a missing token is reported before the model takes seconds to load.
    const config = readSlackConfig(process.env);
    // Loaded here, not at the top: every flarechat command imports this module, and Bolt takes ~0.4 s to load.
    const { createSlackLogger, startSlack } = await import('../../adapters/slack/start.js');
    const logger = createSlackLogger(config);
    const { engine, store, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    logger.info({ model, histories }, 'flarechat slack starting');
    try {
      const slack = await startSlack(process.env, { engine, logger, claims: store });
      const signal = await shutdownSignal();
      logger.info({ signal }, 'shutting down: no new events, finishing turns in flight');
      await slack.stop();
    } finally {
      await close();
    }
    logger.info('stopped');
    return 0;
  },
};
