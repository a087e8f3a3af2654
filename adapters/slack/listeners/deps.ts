import type { RespondFn, webApi } from '@slack/bolt';
import type { Turn } from '../../../bot/conversation-types.js';
import type { Logger } from '../../common/logger.js';
import { renderReply } from '../blocks.js';
import type { SlackConversation, ThreadMemory } from '../conversation.js';
import { deliverReply } from '../delivery.js';
import type { TurnRunner } from '../turns.js';

/** What every listener needs; tests build it around a real engine. */
export interface ListenerDeps {
  runner: TurnRunner;
  threads: ThreadMemory;
  logger: Logger;
}

export interface ReplyPlace {
  /** The thread the triggering message lives in; otherwise the conversation's remembered thread is used. */
  threadTs?: string;
  respond?: RespondFn;
}

/** Runs the turn, posts the reply in the conversation's thread and remembers a thread the reply opened. */
export function answerInConversation(deps: ListenerDeps, client: webApi.WebClient, conversation: SlackConversation, turn: Turn, place: ReplyPlace): Promise<void> {
  return deps.runner.run(turn, async (reply) => {
    const threadTs = place.threadTs ?? deps.threads.get(conversation);
    const posted = await deliverReply(client, { channelId: conversation.channelId, threadTs, respond: place.respond }, renderReply(reply), deps.logger);
    const thread = threadTs ?? posted;
    if (thread) deps.threads.remember(conversation, thread);
  });
}
