import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { engineUserId } from '../conversation.js';
import { answerInConversation, type ListenerDeps } from './deps.js';

/** The message without the mention of the bot ("<@U123> beakers" is "beakers"). */
export function withoutMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/** "@flarechat beakers" in a channel: a free-text turn answered in the thread of the mention. */
export function appMention(deps: ListenerDeps) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (!event.user) return;
    const teamId = body.team_id;
    const conversation = { teamId, channelId: event.channel, slackUserId: event.user };
    const text = withoutMention(event.text, context.botUserId) || 'hello';
    await answerInConversation(deps, client, conversation, { kind: 'text', userId: engineUserId(teamId, event.user), text }, { threadTs: event.thread_ts ?? event.ts });
  };
}

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', appMention(deps));
}
