import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { envHelp } from '../../adapters/common/env.js';
import { readSlackConfig, SLACK_VARIABLES } from '../../adapters/slack/config.js';
import { openConversation } from '../../bot/open-conversation.js';
import { RECOMMENDER_ENV } from '../../bot/open-recommender.js';

/** The variables every bot command reads besides its platform's and the model's (`flarechat bots` lists them too). */
export const COMMON_VARIABLES = [
  { name: 'FLARECHAT_BUNDLE', required: false, description: 'model bundle folder (default demo/bundle)' },
  { name: 'FLARECHAT_DATA_DIR', required: false, description: 'folder of the history store (default ./.flarechat)' },
  { name: 'FLARECHAT_DATABASE_URL', required: false, description: 'postgres://... to share histories between bot processes', secret: true },
  { name: 'FLARECHAT_HISTORY_CAP', required: false, description: 'items kept per history (default 200)' },
  { name: 'FLARECHAT_LOG_LEVEL', required: false, description: 'debug | info | warn | error (default info); logs are JSON lines on stderr' },
];

const help = `Usage: flarechat slack [--bundle DIR]      (npm run slack)

Runs the recommender as a Slack app: /recommend [text], direct messages and @mentions are conversation turns,
answered with Block Kit lists (Like / Not this / More like this buttons, a refine menu). Socket Mode by default
(no public URL needed); SLACK_MODE=http serves POST /slack/events instead. Setting up the Slack app (manifest,
scopes, tokens): adapters/slack/README.md. Ctrl-C stops taking events and finishes the turns in flight.

Options:
  --bundle DIR    model bundle (default: $FLARECHAT_BUNDLE or demo/bundle)
Environment (Slack):
${envHelp(SLACK_VARIABLES)}
Environment (model):
${envHelp(RECOMMENDER_ENV)}
Environment (common):
${envHelp(COMMON_VARIABLES)}
`;

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

export const command: Command = {
  name: 'slack',
  summary: 'run the Slack app (Socket Mode, or HTTP with SLACK_MODE=http)',
  help,
  async run(args) {
    const { values } = parseArgs({ args, options: { bundle: { type: 'string' } } });
    // Configuration first: a missing token is reported before the model takes seconds to load.
    const config = readSlackConfig(process.env);
    // Loaded here, not at the top: every flarechat command imports this module, and Bolt takes ~0.4 s to load.
    const { createSlackLogger, startSlack } = await import('../../adapters/slack/start.js');
    const logger = createSlackLogger(config);
    const { engine, model, histories, close } = await openConversation(process.env, { bundle: values.bundle });
    logger.info('flarechat slack starting', { model, histories });
    try {
      const slack = await startSlack(process.env, { engine, logger });
      const signal = await shutdownSignal();
      logger.info('shutting down: no new events, finishing turns in flight', { signal });
      await slack.stop();
    } finally {
      await close();
    }
    logger.info('stopped');
    return 0;
  },
};
