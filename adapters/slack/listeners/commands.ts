import type { App, SlackCommandMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';
import { engineUserId } from '../conversation.js';
import { answerInConversation, type ListenerDeps } from './deps.js';

export const RECOMMEND_COMMAND = '/recommend';

/** `/recommend [text]`: acknowledged at once (Slack allows 3 s), answered after the model; no text means "recommend". */
export function recommendCommand(deps: ListenerDeps) {
  return async ({ command, ack, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const teamId = command.team_id || command.enterprise_id || 'unknown';
    const conversation = { teamId, channelId: command.channel_id, slackUserId: command.user_id };
    const text = command.text.trim() || 'recommend';
    await answerInConversation(deps, client, conversation, { kind: 'text', userId: engineUserId(teamId, command.user_id), text }, { respond });
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.command(RECOMMEND_COMMAND, recommendCommand(deps));
}
