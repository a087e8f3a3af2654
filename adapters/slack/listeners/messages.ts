import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { engineUserId } from '../conversation.js';
import { answerInConversation, type ListenerDeps } from './deps.js';

/** A direct message to the bot is a free-text turn; edits, joins and other bots' messages are not. */
export function directMessage(deps: ListenerDeps) {
  return async ({ message, body, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.subtype !== undefined || message.channel_type !== 'im' || message.bot_id || !message.user) return;
    const teamId = body.team_id;
    const conversation = { teamId, channelId: message.channel, slackUserId: message.user };
    const turn = { kind: 'text' as const, userId: engineUserId(teamId, message.user), text: message.text ?? '' };
    await answerInConversation(deps, client, conversation, turn, { threadTs: message.thread_ts });
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.message(directMessage(deps));
}
